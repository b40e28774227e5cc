import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const buildScript = fileURLToPath(new URL('../../native/build.mjs', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'spinedx-native-build-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Runs native/build.mjs with `compiler` as CXX; SPINEDX_REQUIRE_TOOLS as given. */
function build(compiler: string, requireTools: boolean) {
  const environment = { ...process.env, CXX: compiler, SPINEDX_REQUIRE_TOOLS: requireTools ? '1' : '' };
  return spawnSync(process.execPath, [buildScript], { encoding: 'utf8', env: environment, timeout: 60_000 });
}

// A stand-in compiler that answers --version and then fails as g++ does without oneDNN's headers.
function compilerWithoutOneDnn(): string {
  const path = join(directory, 'c++-without-onednn');
  writeFileSync(path, '#!/bin/sh\n[ "$1" = "--version" ] && exit 0\necho "spinedx-native.cc:10:10: fatal error: oneapi/dnnl/dnnl.hpp: No such file or directory" >&2\nexit 1\n');
  chmodSync(path, 0o755);
  return path;
}

describe('native/build.mjs', () => {
  it('should skip with the reason and exit 0 without a compiler, so a plain install still builds', () => {
    const result = build(join(directory, 'no-such-compiler'), false);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/native kernels not built: no C\+\+ compiler .*apt install g\+\+.*keep their own kernels/);
  });

  it('should name the missing oneDNN headers', () => {
    const result = build(compilerWithoutOneDnn(), false);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('oneDNN headers not found (Debian: apt install libdnnl-dev)');
  });

  it('should fail instead of skipping when SPINEDX_REQUIRE_TOOLS=1 (CI)', () => {
    const result = build(compilerWithoutOneDnn(), true);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('(SPINEDX_REQUIRE_TOOLS=1)');
  });
});
