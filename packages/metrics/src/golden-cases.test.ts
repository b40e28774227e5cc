// Every case of fixtures/golden/metrics/cases.seed*.json (scikit-learn 1.2.1, statsmodels 0.13.5, pROC 1.18.0;
// see that folder's README): the public function named by the case is called on fresh copies of its arguments
// and each number must satisfy |got − expected| ≤ max(abs, rel·|expected|) for the case's tolerance.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as metrics from './index';

interface GoldenCase {
  id: string;
  fn: string;
  type: string;
  args: unknown[];
  expected: unknown;
  tol: string;
  compare?: string;
}

interface GoldenFile {
  tolerances: Record<string, { rel: number; abs: number }>;
  arrays: Record<string, unknown[]>;
  cases: GoldenCase[];
}

const folder = new URL('../../../fixtures/golden/metrics/', import.meta.url);
const files = readdirSync(folder).filter((name) => /^cases\..*\.json$/.test(name));

function decode(value: unknown): unknown {
  if (value === 'NaN') return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, decode(item)]));
  return value;
}

function expectNumberClose(got: unknown, expected: number, tolerance: { rel: number; abs: number }, where: string): void {
  // Assert only on a miss: a 20 000-point ROC curve would otherwise make 60 000 expect() calls.
  if (typeof got !== 'number') return void expect(typeof got, where).toBe('number');
  if (Number.isNaN(expected)) return void (Number.isNaN(got) || expect(got, where).toBeNaN());
  if (!Number.isFinite(expected)) return void (got === expected || expect(got, where).toBe(expected));
  const allowed = Math.max(tolerance.abs, tolerance.rel * Math.abs(expected));
  if (!(Math.abs(got - expected) <= allowed)) expect(Math.abs(got - expected), `${where}: got ${got}, expected ${expected}`).toBeLessThanOrEqual(allowed);
}

function expectClose(got: unknown, expected: unknown, tolerance: { rel: number; abs: number }, where: string): void {
  if (typeof expected === 'number') return expectNumberClose(got, expected, tolerance, where);
  if (Array.isArray(expected)) {
    expect(Array.isArray(got), `${where} is an array`).toBe(true);
    const list = got as unknown[];
    expect(list.length, `${where} length`).toBe(expected.length);
    expected.forEach((item, index) => expectClose(list[index], item, tolerance, `${where}[${index}]`));
    return;
  }
  const object = expected as Record<string, unknown>;
  for (const key of Object.keys(object)) expectClose((got as Record<string, unknown>)[key], object[key], tolerance, `${where}.${key}`);
}

describe.each(files)('golden metrics cases %s', (file) => {
  const golden = JSON.parse(readFileSync(new URL(file, folder), 'utf8')) as GoldenFile;
  const argument = (value: unknown): unknown =>
    value !== null && typeof value === 'object' && '$array' in value ? [...golden.arrays[(value as { $array: string }).$array]!] : value;
  const functions = metrics as unknown as Record<string, ((...args: unknown[]) => unknown) | undefined>;

  it.each(golden.cases.map((goldenCase) => [goldenCase.id, goldenCase] as const))('should match %s', (_id, goldenCase) => {
    const fn = functions[goldenCase.fn];
    expect(typeof fn, `${goldenCase.fn} is exported`).toBe('function');
    const call = () => fn!(...goldenCase.args.map(argument));
    const expected = decode(goldenCase.expected);
    if (expected !== null && typeof expected === 'object' && (expected as { error?: boolean }).error === true) {
      expect(call).toThrow(Error);
      return;
    }
    const got = call();
    expect(got).not.toBeInstanceOf(Promise);
    const tolerance = golden.tolerances[goldenCase.tol]!;
    if (goldenCase.compare === 'rocCurve') {
      const curve = got as { fpr: number[]; tpr: number[]; thresholds: number[] };
      const reference = expected as { fpr: number[]; tpr: number[]; thresholds: number[] };
      expectClose(curve.fpr, reference.fpr, tolerance, 'fpr');
      expectClose(curve.tpr, reference.tpr, tolerance, 'tpr');
      expect(curve.thresholds.length, 'thresholds length').toBe(reference.thresholds.length);
      expectClose(curve.thresholds.slice(1), reference.thresholds.slice(1), tolerance, 'thresholds');
      return;
    }
    expectClose(got, expected, tolerance, goldenCase.id);
  });
});
