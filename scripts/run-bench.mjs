// `pnpm bench`: builds the packages, makes the reference side available where it can (Debian's PyTorch,
// scikit-learn, pydicom through apt when running as root), runs every package's `bench` script one at a time
// (so timings do not compete), and gathers their rows into bench/results.json:
// [{ task, model, backend, batch, oursMs, reference, referenceMs, ratio }].
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'bench/out');
const rowsFile = resolve(outDir, 'results.jsonl');
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const referencePackages = ['python3-torch', 'python3-torchvision', 'python3-sklearn', 'python3-statsmodels', 'python3-pydicom', 'python3-numpy', 'python3-pil', 'python3-scipy', 'dcmtk'];
function ensureReferences() {
  if (process.env.SPINEDX_BENCH_NO_INSTALL === '1' || process.getuid?.() !== 0) return;
  const missing = referencePackages.filter((name) => spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true);
  if (missing.length === 0) return;
  console.log(`bench: installing reference tools with apt: ${missing.join(' ')}`);
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!install || install.status !== 0) console.log('bench: reference tools could not be installed; their columns will be null');
}

ensureReferences();
execFileSync('pnpm', ['exec', 'turbo', 'run', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
const filter = process.argv.slice(2).flatMap((name) => ['--filter', name.startsWith('@') ? name : `@spinedx/${name}`]);
const run = spawnSync('pnpm', ['-r', '--workspace-concurrency=1', ...filter, '--if-present', 'run', 'bench'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SPINEDX_BENCH_RESULTS: rowsFile },
});
const rows = existsSync(rowsFile) ? readFileSync(rowsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
writeFileSync(resolve(root, 'bench/results.json'), JSON.stringify(rows, null, 2) + '\n');
console.log(`bench: ${rows.length} rows written to bench/results.json`);
process.exit(run.status ?? 1);
