#!/usr/bin/env node
// Compiles the native kernels (spinedx-native.cc, oneDNN) into native/build/spinedx_native.node. The addon is
// optional: without a C++ compiler or oneDNN's headers this prints why and exits 0, and the backends keep their
// wasm/JS kernels. SPINEDX_REQUIRE_TOOLS=1 (CI) turns a skipped build into a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, 'build', 'spinedx_native.node');
const required = process.env.SPINEDX_REQUIRE_TOOLS === '1';

function skip(reason) {
  const message = `@spinedx/backends: native kernels not built: ${reason}`;
  if (required) {
    console.error(`${message} (SPINEDX_REQUIRE_TOOLS=1)`);
    process.exit(1);
  }
  console.log(`${message}; the wasm and cpu backends keep their own kernels`);
  process.exit(0);
}

/** Node-API headers: the node-api-headers package if installed, else the ones Node's own install ships. */
function nodeApiIncludeDirectory() {
  try {
    const packageJson = createRequire(import.meta.url).resolve('node-api-headers/package.json');
    return join(dirname(packageJson), 'include');
  } catch {
    // not installed: look beside the running Node
  }
  const candidates = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  return candidates.find((directory) => existsSync(join(directory, 'node_api.h')));
}

if (process.platform !== 'linux' && process.platform !== 'darwin') skip(`no build recipe for ${process.platform}`);
const compiler = process.env.CXX ?? 'c++';
if (spawnSync(compiler, ['--version'], { stdio: 'ignore' }).status !== 0) skip(`no C++ compiler ('${compiler}'; Debian: apt install g++)`);
const include = nodeApiIncludeDirectory();
if (include === undefined) skip('no Node-API headers (install node-api-headers)');

mkdirSync(dirname(output), { recursive: true });
const temporary = `${output}.${process.pid}.tmp`;
const args = [
  '-O3', '-std=c++17', '-shared', '-fPIC', '-fopenmp', '-DNODE_GYP_MODULE_NAME=spinedx_native',
  `-I${include}`, join(here, 'spinedx-native.cc'), '-o', temporary, '-ldnnl',
  ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : []),
];
const compiled = spawnSync(compiler, args, { encoding: 'utf8' });
if (compiled.status !== 0) {
  rmSync(temporary, { force: true });
  const firstError = (compiled.stderr ?? '').split('\n').find((line) => /error/.test(line)) ?? compiled.stderr;
  skip(/dnnl\.hpp/.test(compiled.stderr ?? '') ? 'oneDNN headers not found (Debian: apt install libdnnl-dev)' : `compiler failed: ${firstError.trim()}`);
}
// Written under a temporary name and renamed, so a process loading the addon never sees half a file.
renameSync(temporary, output);
console.log(`@spinedx/backends: native kernels built at ${output}`);
