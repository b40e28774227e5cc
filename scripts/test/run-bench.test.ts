// The gathering side of scripts/run-bench.mjs (`pnpm bench`): row checks, results parsing, profiles and package
// filters, plus one run of a fake package's bench. Nothing here times anything.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchEnvironment, benchProfile, gatherRows, quickProfileEnvironment, rowProblems, runPackageBench, selectPackages } from '../run-bench.mjs';

const row = { task: 'forward', model: 'resnet34', backend: 'wasm', batch: 8, oursMs: 300, reference: 'pytorch-1.13-cpu', referenceMs: 200, ratio: 1.5 };
const lines = (...rows: unknown[]): string => rows.map((entry) => JSON.stringify(entry)).join('\n') + '\n';

describe('rowProblems', () => {
  it('should accept a row with a reference and a row whose reference is not installed', () => {
    expect([rowProblems(row), rowProblems({ ...row, referenceMs: null, ratio: null, extra: { threads: 2 } })]).toEqual([[], []]);
  });

  it.each([
    ['ratio', { referenceMs: null, ratio: 1.5 }, 'expected ratio to be null because referenceMs is null; received 1.5'],
    ['ratio', { ratio: 2 }, 'expected ratio to be oursMs / referenceMs = 1.5; received 2'],
    ['ratio', { ratio: undefined }, 'expected ratio to be oursMs / referenceMs = 1.5; received undefined'],
    ['task', { task: '' }, 'expected task to be a non-empty string; received ""'],
    ['model', { model: undefined }, 'expected model to be a non-empty string; received undefined'],
    ['batch', { batch: 0 }, 'expected batch to be a positive integer; received 0'],
    ['oursMs', { oursMs: null }, 'expected oursMs to be a finite number of milliseconds; received null'],
    ['referenceMs', { referenceMs: 'n/a', ratio: null }, 'expected referenceMs to be null (reference not installed) or a positive number; received "n/a"'],
    ['extra', { extra: [1] }, 'expected extra to be an object when present; received [1]'],
  ])('should name a bad %s', (_field, change, message) => {
    expect(rowProblems({ ...row, ...change })).toEqual([message]);
  });
});

describe('gatherRows', () => {
  it('should keep valid rows tagged with their package and name the bench, row and field of a bad one', () => {
    const text = lines(row, { ...row, model: 'resnet101', referenceMs: null, ratio: 0.5 }) + 'not json\n';
    const { rows, errors } = gatherRows('@spinedx/backbones', text);
    expect({ rows, errors }).toEqual({
      rows: [{ ...row, package: '@spinedx/backbones' }],
      errors: [
        'bench @spinedx/backbones: row 2 (forward / resnet101 / wasm): expected ratio to be null because referenceMs is null; received 0.5',
        expect.stringMatching(/^bench @spinedx\/backbones: line 3 is not JSON \(.+\): not json$/),
      ],
    });
  });

  it('should return nothing for an empty file', () => {
    expect(gatherRows('@spinedx/metrics', '')).toEqual({ rows: [], errors: [] });
  });
});

describe('benchProfile', () => {
  it('should default to quick, accept full and reject anything else by name', () => {
    expect([benchProfile({}), benchProfile({ SPINEDX_BENCH_PROFILE: 'full' })]).toEqual(['quick', 'full']);
    expect(() => benchProfile({ SPINEDX_BENCH_PROFILE: 'fast' })).toThrow("expected SPINEDX_BENCH_PROFILE to be 'quick' or 'full'; received 'fast'");
  });
});

describe('benchEnvironment', () => {
  it('should add the quick defaults without overriding a variable that is set, and none in the full profile', () => {
    const [name, defaults] = Object.entries(quickProfileEnvironment as Record<string, Record<string, string>>)[0]!;
    const [key] = Object.keys(defaults);
    expect(benchEnvironment(name, 'quick', {})).toEqual({ ...defaults, SPINEDX_BENCH_PROFILE: 'quick' });
    expect(benchEnvironment(name, 'quick', { [key!]: 'mine' })[key!]).toBe('mine');
    expect(benchEnvironment(name, 'full', { PATH: '/bin' })).toEqual({ PATH: '/bin', SPINEDX_BENCH_PROFILE: 'full' });
  });
});

describe('selectPackages', () => {
  const packages = [{ name: '@spinedx/dicom', directory: '/d' }, { name: '@spinedx/metrics', directory: '/m' }];

  it('should take short and scoped names, and all packages without a filter', () => {
    expect([selectPackages(packages, ['metrics', '@spinedx/dicom']), selectPackages(packages, [])]).toEqual([[packages[1], packages[0]], packages]);
  });

  it('should reject an unknown name listing the valid ones', () => {
    expect(() => selectPackages(packages, ['dicmo'])).toThrow("expected a package with a bench script (@spinedx/dicom, @spinedx/metrics); received 'dicmo'");
  });
});

describe('runPackageBench', () => {
  const work = mkdtempSync(join(tmpdir(), 'spinedx-run-bench-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('should run the bench script with the rows file in its environment and report its exit status', async () => {
    const script = `require('node:fs').appendFileSync(process.env.SPINEDX_BENCH_RESULTS, JSON.stringify(${JSON.stringify(row)}) + '\\n'); process.exit(3);`;
    writeFileSync(join(work, 'bench.cjs'), script);
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'fake', private: true, scripts: { bench: 'node bench.cjs' } }));
    const rowsFile = join(work, 'rows.jsonl');
    const result = await runPackageBench({ name: 'fake', directory: work }, { ...process.env, SPINEDX_BENCH_RESULTS: rowsFile }, 30_000);
    expect({ status: result.status, timedOut: result.timedOut, gathered: gatherRows('fake', readFileSync(rowsFile, 'utf8')) }).toEqual({
      status: 3,
      timedOut: false,
      gathered: { rows: [{ ...row, package: 'fake' }], errors: [] },
    });
  });

  it('should end a bench that outlives its timeout, child processes included, and say it timed out', async () => {
    const hung = join(work, 'hung');
    mkdirSync(hung);
    // The bench's own child never exits: only killing the whole process group ends it.
    writeFileSync(join(hung, 'bench.cjs'), "require('node:fs').writeFileSync('pid', String(process.pid)); setInterval(() => {}, 1000);");
    writeFileSync(join(hung, 'package.json'), JSON.stringify({ name: 'hung', private: true, scripts: { bench: 'node bench.cjs' } }));
    const result = await runPackageBench({ name: 'hung', directory: hung }, process.env, 1_000);
    const benchPid = Number(readFileSync(join(hung, 'pid'), 'utf8'));
    // Running unless gone or a zombie (killed, not yet reaped): field 3 of /proc/<pid>/stat is the state.
    const isAlive = (pid: number): boolean => {
      try {
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
      } catch {
        return false;
      }
    };
    // SIGKILL reaches the group at once, but a process takes a moment to finish dying: allow it up to 2 s.
    for (let attempt = 0; attempt < 20 && isAlive(benchPid); attempt++) await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    expect({ timedOut: result.timedOut, failed: result.status !== 0, benchAlive: isAlive(benchPid) }).toEqual({ timedOut: true, failed: true, benchAlive: false });
  });
});
