// Builds device/.carry/: everything run-on-device.sh needs on a GPU machine with no Node and no network.
//   node.xz                              this machine's Node binary, compressed
//   libvulkan1.deb                       Debian's Vulkan loader (Dawn's Vulkan backend needs it)
//   app/gpu-bench.mjs                    gpu-bench-entry.ts with the SpineDx packages (from their sources)
//   app/node_modules/@tensorflow/…       tfjs-core (with gradients), tfjs-backend-webgpu, tfjs-backend-cpu: one ES
//                                        module each, so that initBackend's dynamic imports find one tfjs-core
//   app/node_modules/webgpu/             Dawn's Node bindings (index.js, package.json, dawn.node compressed)
// Usage: node packages/backends/device/build-device-bundle.mjs   (needs xz and apt-get download)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.dirname(here);
const repositoryRoot = path.resolve(packageRoot, '../..');
const carry = path.join(here, '.carry');
const app = path.join(carry, 'app');
const modules = path.join(app, 'node_modules');
const require = createRequire(path.join(packageRoot, 'package.json'));

// Workspace packages resolve to their TypeScript sources (as in vitest.shared.ts), so no build is needed first.
const workspace = {
  '@spinedx/core': 'packages/core/src/index.ts',
  '@spinedx/dicom/node': 'packages/dicom/src/node.ts',
  '@spinedx/dicom': 'packages/dicom/src/index.ts',
  '@spinedx/transforms/tfjs': 'packages/transforms/src/tfjs.ts',
  '@spinedx/transforms': 'packages/transforms/src/index.ts',
  '@spinedx/backbones': 'packages/backbones/src/index.ts',
  '@spinedx/gradcam': 'packages/gradcam/src/index.ts',
  '@spinedx/metrics': 'packages/metrics/src/index.ts',
  '@spinedx/phantom': 'packages/phantom/src/index.ts',
  '@spinedx/backends': 'packages/backends/src/index.ts',
  '@spinedx/classifier': 'packages/classifier/src/index.ts',
};
const workspacePlugin = {
  name: 'spinedx-workspace',
  setup(builder) {
    builder.onResolve({ filter: /^@spinedx\// }, (args) => {
      const target = workspace[args.path];
      return target === undefined ? undefined : { path: path.join(repositoryRoot, target) };
    });
  },
};
// tfjs's Node platform calls require('util'); an ES module has no require of its own.
const banner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };
// The ES builds (package.json "module"), so externals are imported, never require()d.
const common = { bundle: true, platform: 'node', mainFields: ['module', 'main'], format: 'esm', target: 'node20', ignoreAnnotations: true, banner, logLevel: 'warning', legalComments: 'none' };

async function tfjsModule(name, contents, external) {
  const directory = path.join(modules, name);
  mkdirSync(directory, { recursive: true });
  writeFileSync(path.join(directory, 'package.json'), JSON.stringify({ name, version: '4.22.0', type: 'module', main: 'index.mjs', exports: { '.': './index.mjs' } }));
  await build({ ...common, stdin: { contents, resolveDir: packageRoot, loader: 'js' }, outfile: path.join(directory, 'index.mjs'), external });
}

// The app is rebuilt every time; the compressed binaries are kept when present (xz of Node takes minutes).
rmSync(path.join(app, 'gpu-bench.mjs'), { force: true });
rmSync(path.join(modules, '@tensorflow'), { recursive: true, force: true });
mkdirSync(modules, { recursive: true });

await tfjsModule('@tensorflow/tfjs-core', "export * from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-core/dist/register_all_gradients';", []);
await tfjsModule('@tensorflow/tfjs-backend-webgpu', "export * from '@tensorflow/tfjs-backend-webgpu';", ['@tensorflow/tfjs-core']);
await tfjsModule('@tensorflow/tfjs-backend-cpu', "export * from '@tensorflow/tfjs-backend-cpu';", ['@tensorflow/tfjs-core']);

await build({
  ...common,
  entryPoints: [path.join(here, 'gpu-bench-entry.ts')],
  outfile: path.join(app, 'gpu-bench.mjs'),
  plugins: [workspacePlugin],
  // One tfjs-core for everything: the carried module, which initBackend's dynamic imports also reach.
  external: ['@tensorflow/*', 'webgpu'],
});

// Dawn's Node bindings: the Linux x64 build only, compressed.
const webgpuRoot = path.dirname(require.resolve('webgpu/package.json'));
const webgpuTarget = path.join(modules, 'webgpu');
mkdirSync(path.join(webgpuTarget, 'dist', 'linux-x64'), { recursive: true });
for (const file of ['index.js', 'package.json']) copyFileSync(path.join(webgpuRoot, file), path.join(webgpuTarget, file));
const dawn = path.join(webgpuTarget, 'dist/linux-x64/dawn.node.xz');
if (!existsSync(dawn)) execFileSync('sh', ['-c', `xz -T2 -c "${path.join(webgpuRoot, 'dist/linux-x64/dawn.node')}" > "${dawn}.part" && mv "${dawn}.part" "${dawn}"`]);

const node = path.join(carry, 'node.xz');
if (!existsSync(node)) execFileSync('sh', ['-c', `xz -T2 -c "$(command -v node)" > "${node}.part" && mv "${node}.part" "${node}"`]);
if (!existsSync(path.join(carry, 'libvulkan1.deb'))) {
  execFileSync('apt-get', ['download', 'libvulkan1'], { cwd: carry, stdio: 'ignore' });
  const deb = readdirSync(carry).find((file) => file.startsWith('libvulkan1_'));
  if (deb === undefined) throw new Error('build-device-bundle: apt-get download libvulkan1 produced no .deb');
  copyFileSync(path.join(carry, deb), path.join(carry, 'libvulkan1.deb'));
  rmSync(path.join(carry, deb));
}
console.log(execFileSync('du', ['-sh', carry]).toString().trim());
