// Packs every public workspace package, installs the tarballs into a fresh project outside the workspace,
// imports every export path from plain Node ESM, and runs @arethetypeswrong/cli on each tarball.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packagesDir = join(root, 'packages');
const workDir = mkdtempSync(join(tmpdir(), 'spinedx-pack-'));
const tarballDir = join(workDir, 'tarballs');
const run = (command, args, cwd) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });

const manifests = readdirSync(packagesDir)
  .map((name) => ({ dir: join(packagesDir, name), json: JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) }))
  .filter(({ json }) => !json.private);

try {
  const tarballs = {};
  for (const { dir, json } of manifests) {
    run('pnpm', ['pack', '--pack-destination', tarballDir], dir);
    const file = readdirSync(tarballDir).find((name) => name.startsWith(json.name.replace('@', '').replace('/', '-') + '-') && !Object.values(tarballs).includes(join(tarballDir, name)));
    tarballs[json.name] = join(tarballDir, file);
    run('npx', ['--no-install', 'attw', '--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped'], root);
  }

  // A consumer project: every tarball, plus the TensorFlow.js peers the TF packages need.
  const consumer = join(workDir, 'consumer');
  const tfVersion = '4.22.0';
  const dependencies = { ...Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`])) };
  for (const peer of ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm']) dependencies[peer] = tfVersion;
  execFileSync('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], consumer);

  const specifiers = manifests.flatMap(({ json }) =>
    Object.keys(json.exports).filter((key) => key !== './package.json').map((key) => (key === '.' ? json.name : `${json.name}/${key.slice(2)}`)),
  );
  const script = specifiers.map((specifier) => `{ const m = await import(${JSON.stringify(specifier)}); if (Object.keys(m).length === 0) throw new Error('${specifier} exports nothing'); console.log('imported ${specifier}: ' + Object.keys(m).length + ' exports'); }`).join('\n');
  writeFileSync(join(consumer, 'check.mjs'), script);
  process.stdout.write(run('node', ['check.mjs'], consumer));
  console.log(`check-packages: ${manifests.length} packages packed, installed and imported from a clean project`);
} catch (error) {
  console.error(`check-packages failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  process.exitCode = 1;
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
