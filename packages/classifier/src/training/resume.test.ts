import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Runs the real training loop in child Node processes (TypeScript through tsx's loader), so the kill is a real
// SIGKILL of the training process itself.
const script = resolve(import.meta.dirname, '__fixtures__/resumable-run.ts');
const packageRoot = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'spinedx-resume-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(checkpointDir: string, killAt?: number) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, checkpointDir], {
    cwd: packageRoot,
    encoding: 'utf8',
    env: { ...process.env, ...(killAt === undefined ? {} : { KILL_AT: String(killAt) }) },
  });
  return { signal: result.signal, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('resumable training', () => {
  it('should end with the same weights after a SIGKILL mid-epoch and a rerun as an uninterrupted run', () => {
    const uninterrupted = run(join(work, 'straight'));
    expect(uninterrupted.stderr).not.toMatch(/Error/);
    const reference = /weights ([0-9a-f]{64})/.exec(uninterrupted.stdout)?.[1];
    expect(reference).toMatch(/^[0-9a-f]{64}$/);

    const killed = run(join(work, 'killed'), 1);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).not.toContain('weights ');

    const resumed = run(join(work, 'killed'));
    expect(resumed.stdout).toContain('resumed-from 1');
    expect(/weights ([0-9a-f]{64})/.exec(resumed.stdout)?.[1]).toBe(reference);
  }, 900_000);
});
