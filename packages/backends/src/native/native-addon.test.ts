import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./__fixtures__/load-addon-script.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const directory = mkdtempSync(join(tmpdir(), 'spinedx-native-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs the fixture with SPINEDX_NATIVE_ADDON=`path` and returns its JSON line. */
function runWithAddon(path: string) {
  const result = spawnSync(process.execPath, ['--import', tsx, script], { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, SPINEDX_NATIVE_ADDON: path } });
  expect({ status: result.status, signal: result.signal }).toEqual({ status: 0, signal: null });
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { available: boolean; reason: string | null; error: { name: string; code: string; message: string } | null; value: number };
}

describe('loading the native addon', () => {
  it('should report a missing addon and reject registration with a typed error, leaving the stock kernels', () => {
    const missing = join(directory, 'absent.node');
    const outcome = runWithAddon(missing);
    expect(outcome.available).toBe(false);
    expect(outcome.reason).toContain(`no compiled addon at ${missing}`);
    expect(outcome.error).toEqual({ name: 'NativeKernelsUnavailableError', code: 'NATIVE_KERNELS_UNAVAILABLE', message: expect.stringContaining('build:native') });
    expect(outcome.value).toBe(9);
  });

  it('should refuse an addon built from an older source, naming what it lacks', () => {
    // A module with only some of the functions stands for an addon compiled before the kernels it lacks were added.
    const stale = join(directory, 'stale.cjs');
    writeFileSync(stale, "module.exports = { convolutionForward() {}, version: () => 'oneDNN 2.6.3', threads: () => 1, setThreads() {} };");
    const outcome = runWithAddon(stale);
    expect(outcome.available).toBe(false);
    expect(outcome.reason).toMatch(/was built from an older source \(it lacks createFilterCache, convolutionBackwardData, [^)]*unaryOperation[^)]*\); rebuild it/);
    expect(outcome.error?.code).toBe('NATIVE_KERNELS_UNAVAILABLE');
    expect(outcome.value).toBe(9);
  });

  const builtAddon = fileURLToPath(new URL('../../native/build/spinedx_native.node', import.meta.url));
  it.runIf(existsSync(builtAddon))('should refuse an addon whose entry points take other arguments (an older interface version)', () => {
    // The real addon with every function, reporting the interface number of a build from before an argument change.
    const older = join(directory, 'older-interface.cjs');
    writeFileSync(older, `module.exports = { ...require(${JSON.stringify(builtAddon)}), interfaceVersion: () => 1 };`);
    const outcome = runWithAddon(older);
    expect(outcome.available).toBe(false);
    expect(outcome.reason).toMatch(/was built from an older source \(interface 1, this source calls \d+\); rebuild it/);
    expect(outcome.error?.code).toBe('NATIVE_KERNELS_UNAVAILABLE');
    expect(outcome.value).toBe(9);
  });

  it('should report a corrupt addon file instead of crashing', () => {
    const corrupt = join(directory, 'corrupt.node');
    writeFileSync(corrupt, 'not a shared library');
    const outcome = runWithAddon(corrupt);
    expect(outcome.available).toBe(false);
    expect(outcome.reason).toMatch(new RegExp(`the addon at ${corrupt} failed to load: .*(invalid ELF header|file too short|not a mach-o)`, 'i'));
    expect(outcome.error?.code).toBe('NATIVE_KERNELS_UNAVAILABLE');
    expect(outcome.value).toBe(9);
  });
});
