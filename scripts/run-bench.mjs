// `pnpm bench [package ...]`: builds the packages, makes the reference side available where it can (Debian's
// PyTorch, scikit-learn, pydicom through apt when running as root), runs every workspace package's `bench` script
// one at a time (so timings do not compete), checks the rows each one recorded and gathers them into
// bench/results.json: [{ task, model, backend, batch, oursMs, reference, referenceMs, ratio, extra?, package }].
//
// A failing bench does not stop the others: the run goes on, and exits 1 at the end naming every bench that threw,
// timed out, recorded no rows or recorded a malformed row (malformed rows are left out of results.json).
// Per-bench durations and the load average go to bench/out/summary.json. See bench/README.md.
//
// Profiles (SPINEDX_BENCH_PROFILE): `quick` (default) sets smaller defaults for the slowest configurations through
// each bench's own environment variables (never overriding one you set); `full` runs every bench's own defaults.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {{ name: string, directory: string }} BenchPackage */
/** @typedef {{ task: string, model: string, backend: string, batch: number, oursMs: number, reference: string, referenceMs: number | null, ratio: number | null, extra?: Record<string, unknown>, package?: string }} BenchRow */

/**
 * Environment defaults of the quick profile, per package: each entry is applied only when the variable is unset.
 * The full profile applies none, so every bench runs its own (complete) defaults. Only what takes minutes here is cut
 * (the dicom bench's 30,000-input fuzz run takes about 50 s, so it stays).
 */
export const quickProfileEnvironment = {
  // The pure-JS cpu backend: resnet34's forward only (the others take minutes), and no MViTv2 training step on it.
  '@spinedx/backbones': { BACKBONES_BENCH_CPU_MODELS: 'resnet34', MVITV2_BENCH_BACKENDS: 'wasm' },
  // Inference of every model; the fine-tuning steps of resnet34 on wasm (stock and native) and of the other three on
  // the native kernels over the cpu backend (their steps outgrow the wasm heap; seconds each); the stock wasm steps
  // of the other models take minutes.
  '@spinedx/backends': { SPINEDX_BENCH_TRAIN_MODELS: 'resnet34', SPINEDX_BENCH_NATIVE_TRAIN_MODELS: 'resnet34' },
  // Grad-CAM on the cpu backend takes minutes per method for the big models: wasm only.
  '@spinedx/gradcam': { GRADCAM_BENCH_BACKENDS: 'wasm' },
  // One epoch per paper backbone at 128 px: resnet34 keeps the row and its PyTorch reference.
  '@spinedx/classifier': { SPINEDX_BENCH_EPOCH_MODELS: 'resnet34' },
};

/** The profile named by SPINEDX_BENCH_PROFILE (default quick); anything else throws naming the valid ones. */
export function benchProfile(environment = process.env) {
  const profile = environment.SPINEDX_BENCH_PROFILE ?? 'quick';
  if (profile !== 'quick' && profile !== 'full') {
    throw new Error(`run-bench: expected SPINEDX_BENCH_PROFILE to be 'quick' or 'full'; received '${profile}'`);
  }
  return profile;
}

/** The environment a package's bench runs with: `environment`, plus the profile's defaults for variables it leaves unset. */
export function benchEnvironment(packageName, profile, environment) {
  const defaults = profile === 'quick' ? (quickProfileEnvironment[packageName] ?? {}) : {};
  const merged = { ...environment, SPINEDX_BENCH_PROFILE: profile };
  for (const [key, value] of Object.entries(defaults)) if (merged[key] === undefined) merged[key] = value;
  return merged;
}

/** The packages named by `filters` (`dicom` or `@spinedx/dicom`), or all of them; an unknown name throws listing the valid ones. */
export function selectPackages(packages, filters) {
  if (filters.length === 0) return packages;
  const names = packages.map((entry) => entry.name);
  return filters.map((filter) => {
    const name = filter.startsWith('@') ? filter : `@spinedx/${filter}`;
    const found = packages.find((entry) => entry.name === name);
    if (found === undefined) throw new Error(`run-bench: expected a package with a bench script (${names.join(', ')}); received '${filter}'`);
    return found;
  });
}

const isFiniteNumber = (value) => typeof value === 'number' && Number.isFinite(value);
const isText = (value) => typeof value === 'string' && value.length > 0;

/** Problems of one row (empty when it is well-formed), each a sentence naming the field, what was expected and what came. */
export function rowProblems(row) {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return [`expected an object; received ${JSON.stringify(row)}`];
  const problems = [];
  const expect = (field, valid, expected) => {
    if (!valid(row[field])) problems.push(`expected ${field} to be ${expected}; received ${JSON.stringify(row[field]) ?? 'undefined'}`);
  };
  for (const field of ['task', 'model', 'backend', 'reference']) expect(field, isText, 'a non-empty string');
  expect('batch', (value) => Number.isInteger(value) && value > 0, 'a positive integer');
  expect('oursMs', (value) => isFiniteNumber(value) && value >= 0, 'a finite number of milliseconds');
  expect('referenceMs', (value) => value === null || (isFiniteNumber(value) && value > 0), 'null (reference not installed) or a positive number');
  if (row.referenceMs === null) expect('ratio', (value) => value === null, 'null because referenceMs is null');
  else if (isFiniteNumber(row.referenceMs) && row.referenceMs > 0 && isFiniteNumber(row.oursMs)) {
    const expected = row.oursMs / row.referenceMs;
    expect('ratio', (value) => isFiniteNumber(value) && Math.abs(value - expected) <= 1e-9 * Math.max(1, expected), `oursMs / referenceMs = ${expected}`);
  }
  if (row.extra !== undefined) expect('extra', (value) => value !== null && typeof value === 'object' && !Array.isArray(value), 'an object when present');
  return problems;
}

/**
 * Parses the JSON lines one bench appended through recordBenchRow and checks each row. Returns the valid rows,
 * tagged with the package, and one error message per bad line or row, naming the bench, the line and the row.
 */
export function gatherRows(packageName, text) {
  const rows = [];
  const errors = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let row;
    try {
      row = JSON.parse(line);
    } catch (error) {
      errors.push(`bench ${packageName}: line ${index + 1} is not JSON (${error.message}): ${line.slice(0, 120)}`);
      return;
    }
    const problems = rowProblems(row);
    if (problems.length === 0) rows.push({ ...row, package: packageName });
    else errors.push(`bench ${packageName}: row ${index + 1} (${[row?.task, row?.model, row?.backend].filter(isText).join(' / ') || 'unnamed'}): ${problems.join('; ')}`);
  });
  return { rows, errors };
}

/** Workspace packages that have a `bench` script, sorted by name. */
export function listBenchPackages(root) {
  const listing = spawnSync('pnpm', ['ls', '-r', '--depth', '-1', '--json'], { cwd: root, encoding: 'utf8' });
  if (listing.status !== 0) throw new Error(`run-bench: pnpm ls failed: ${listing.stderr.trim()}`);
  return JSON.parse(listing.stdout)
    .filter((entry) => entry.path !== root)
    .filter((entry) => typeof JSON.parse(readFileSync(join(entry.path, 'package.json'), 'utf8')).scripts?.bench === 'string')
    .map((entry) => ({ name: entry.name, directory: entry.path }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs `pnpm run bench` in one package (its own process group, killed whole after `timeoutMs`); resolves to the exit status. */
export function runPackageBench(benchPackage, environment, timeoutMs) {
  return new Promise((resolvePromise) => {
    const child = spawn('pnpm', ['run', 'bench'], { cwd: benchPackage.directory, stdio: 'inherit', env: environment, detached: true });
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group has already exited.
      }
    };
    // The bench has its own process group (so a timeout can end its grandchildren too): pass Ctrl-C on to it.
    const interrupt = () => {
      killGroup();
      process.exit(130);
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const finish = (result) => {
      clearTimeout(timer);
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      resolvePromise({ timedOut, ...result });
    };
    child.on('error', (error) => finish({ status: 1, error: error.message }));
    child.on('exit', (code, signal) => finish({ status: code ?? 1, signal }));
  });
}

function ensureReferences() {
  const referencePackages = ['python3-torch', 'python3-torchvision', 'python3-sklearn', 'python3-statsmodels', 'python3-pydicom', 'python3-numpy', 'python3-pil', 'python3-scipy', 'dcmtk'];
  if (process.env.SPINEDX_BENCH_NO_INSTALL === '1' || process.getuid?.() !== 0) return;
  const missing = referencePackages.filter((name) => spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') !== true);
  if (missing.length === 0) return;
  console.log(`bench: installing reference tools with apt: ${missing.join(' ')}`);
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (!install || install.status !== 0) console.log('bench: reference tools could not be installed; their columns will be null');
}

const seconds = (milliseconds) => Math.round(milliseconds / 100) / 10;
const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);

async function main() {
  const root = resolve(import.meta.dirname, '..');
  const outDirectory = resolve(root, 'bench/out');
  const profile = benchProfile();
  const timeoutMs = Number(process.env.SPINEDX_BENCH_TIMEOUT_MINUTES ?? 60) * 60_000;
  const selected = selectPackages(listBenchPackages(root), process.argv.slice(2));
  rmSync(outDirectory, { recursive: true, force: true });
  mkdirSync(outDirectory, { recursive: true });

  const started = Date.now();
  const loadAtStart = loadAverage();
  ensureReferences();
  const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
  if (build.status !== 0) {
    console.error('bench: the build failed; no bench was run');
    process.exit(1);
  }

  const rows = [];
  const summary = [];
  const errors = [];
  for (const benchPackage of selected) {
    const rowsFile = join(outDirectory, `${benchPackage.name.replace(/[@/]/g, (character) => (character === '/' ? '__' : ''))}.jsonl`);
    console.log(`\nbench: ${benchPackage.name} (profile ${profile})`);
    const packageStarted = Date.now();
    const result = await runPackageBench(benchPackage, { ...benchEnvironment(benchPackage.name, profile, process.env), SPINEDX_BENCH_RESULTS: rowsFile }, timeoutMs);
    const durationS = seconds(Date.now() - packageStarted);
    const gathered = gatherRows(benchPackage.name, existsSync(rowsFile) ? readFileSync(rowsFile, 'utf8') : '');
    const packageErrors = [...gathered.errors];
    if (result.timedOut) packageErrors.push(`bench ${benchPackage.name}: timed out after ${timeoutMs / 60_000} minutes (SPINEDX_BENCH_TIMEOUT_MINUTES)`);
    else if (result.status !== 0) packageErrors.push(`bench ${benchPackage.name}: exited with status ${result.status}${result.signal ? ` (${result.signal})` : ''}${result.error ? `: ${result.error}` : ''}`);
    if (gathered.rows.length === 0 && gathered.errors.length === 0) packageErrors.push(`bench ${benchPackage.name}: recorded no rows (each bench must call recordBenchRow)`);
    rows.push(...gathered.rows);
    errors.push(...packageErrors);
    summary.push({ package: benchPackage.name, status: packageErrors.length === 0 ? 'ok' : 'failed', durationS, rows: gathered.rows.length, loadAverageAfter: loadAverage() });
    console.log(`bench: ${benchPackage.name} took ${durationS} s, ${gathered.rows.length} rows${packageErrors.length > 0 ? ', FAILED' : ''}`);
  }

  writeFileSync(resolve(root, 'bench/results.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const totalS = seconds(Date.now() - started);
  writeFileSync(join(outDirectory, 'summary.json'), `${JSON.stringify({ profile, startedAt: new Date(started).toISOString(), totalS, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAverage(), packages: summary, errors }, null, 2)}\n`);
  console.log(`\nbench: profile ${profile}, ${totalS} s in all, load average ${loadAtStart.join(' ')} at the start, ${loadAverage().join(' ')} at the end`);
  for (const entry of summary) console.log(`  ${entry.status === 'ok' ? 'ok    ' : 'FAILED'} ${entry.package.padEnd(26)} ${String(entry.durationS).padStart(7)} s  ${entry.rows} rows`);
  console.log(`bench: ${rows.length} rows written to bench/results.json`);
  if (errors.length > 0) {
    console.error(`bench: ${errors.length} problem(s):\n${errors.map((error) => `  - ${error}`).join('\n')}`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
