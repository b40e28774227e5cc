import { describe, expect, it } from 'vitest';
import { createMemoryIo } from './io/cli-io';
import { EXIT_CODES } from './io/exit-codes';
import { createProgram } from './program';
import { runCli } from './run-cli';

const commands = ['demo', 'train', 'evaluate', 'predict', 'gradcam', 'compare-readers', 'dicom info', 'dicom dump', 'dicom series', 'phantom', 'bench'];

describe('runCli', () => {
  it.each(commands)('should print help for %s and exit 0', async (command) => {
    const io = createMemoryIo();
    const code = await runCli(['node', 'spinedx', ...command.split(' '), '--help'], io);
    expect(code).toBe(EXIT_CODES.ok);
    expect(io.out).toContain(`Usage: spinedx ${command}`);
  });

  it('should list every command and the exit codes in the top-level help', async () => {
    const io = createMemoryIo();
    expect(await runCli(['node', 'spinedx', '--help'], io)).toBe(0);
    for (const command of ['demo', 'train', 'evaluate', 'predict', 'gradcam', 'compare-readers', 'dicom', 'phantom', 'bench']) expect(io.out).toContain(`  ${command}`);
    expect(io.out).toContain(`${EXIT_CODES.invalidBundle}  a model bundle does not verify`);
  });

  it('should exit with the usage code on an unknown option', async () => {
    const io = createMemoryIo();
    expect(await runCli(['node', 'spinedx', 'phantom', '--no-such-option'], io)).toBe(EXIT_CODES.usage);
    expect(io.err).toContain("unknown option '--no-such-option'");
  });

  it('should exit with the usage code on an invalid option value', async () => {
    const io = createMemoryIo();
    expect(await runCli(['node', 'spinedx', 'phantom', '--slices', '0'], io)).toBe(EXIT_CODES.usage);
    expect(io.err).toContain('--slices must be an integer in [1, 64]');
  });

  it('should reject an unknown demo profile with one line', async () => {
    const io = createMemoryIo();
    expect(await runCli(['node', 'spinedx', 'demo', '--profile', 'huge'], io)).toBe(EXIT_CODES.usage);
    expect(io.err.trim().split('\n')).toEqual(["spinedx: spinedx demo: unknown profile 'huge'; valid profiles: quick, paper, tiny"]);
  });

  it('should register exactly the documented commands', () => {
    expect(createProgram(createMemoryIo()).commands.map((command) => command.name()).sort()).toEqual(['bench', 'compare-readers', 'demo', 'dicom', 'evaluate', 'gradcam', 'phantom', 'predict', 'train']);
  });
});
