import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./__fixtures__/exit-script.ts', import.meta.url));
// tsx runs the TypeScript fixture (as the benches run); it is a root devDependency.
const tsx = createRequire(import.meta.url).resolve('tsx');

function runScript(args: string[]) {
  return spawnSync(process.execPath, ['--import', tsx, script, ...args], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
}

describe('enableWasmThreadsInNode', () => {
  // 6x6 outputs x 2 channels, each the sum of a 3x3x4 window of ones: 72 * 36 = 2592.
  const expected = { backend: 'wasm', threads: 2, value: 2592 };

  it('should let a CLI process exit on its own without shutdown()', () => {
    const result = runScript([]);
    expect({ status: result.status, signal: result.signal, stderr: result.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual(expected);
  });

  it('should end a kept-alive pool with shutdown() so the process exits', () => {
    const result = runScript(['--keep-alive']);
    expect({ status: result.status, signal: result.signal, stderr: result.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
    expect(JSON.parse(result.stdout.trim().split('\n').at(-1)!)).toEqual(expected);
  });
});
