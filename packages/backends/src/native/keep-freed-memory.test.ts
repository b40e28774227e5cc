import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nativeKernelsAvailable } from './register-native-kernels';

const script = fileURLToPath(new URL('./__fixtures__/allocation-faults-script.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const glibc = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime !== undefined;

/** Page faults of ten 64 MiB allocate-fill-free rounds in a fresh process, with keepFreedMemory on or off. */
function faultsWith(mode: 'keep' | 'release') {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', tsx, script, mode], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
  expect({ status: result.status, signal: result.signal, stderr: result.stderr }).toMatchObject({ status: 0, signal: null });
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { keepsFreedMemory: boolean; faults: number; checksum: number };
}

describe.runIf(nativeKernelsAvailable().available && glibc)('keepFreedMemory', () => {
  // 64 MiB is 16,384 pages: a block that goes back to the system faults on every page of every round.
  const pagesPerRound = (64 * 1024 * 1024) / 4096;

  it('should fault every page of every round when freed blocks go back to the system', () => {
    const outcome = faultsWith('release');
    expect(outcome.keepsFreedMemory).toBe(false);
    expect(outcome.checksum).toBe(55);
    expect(outcome.faults).toBeGreaterThan(8 * pagesPerRound);
  });

  it('should reuse freed blocks, faulting the pages about once, when on', () => {
    const outcome = faultsWith('keep');
    expect(outcome.keepsFreedMemory).toBe(true);
    expect(outcome.checksum).toBe(55);
    expect(outcome.faults).toBeLessThan(3 * pagesPerRound);
  });
});
