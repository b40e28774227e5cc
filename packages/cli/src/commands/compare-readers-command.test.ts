import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cohenKappaScore } from '@spinedx/metrics';
import { describe, expect, it } from 'vitest';
import { createMemoryIo } from '../io/cli-io';
import { EXIT_CODES } from '../io/exit-codes';
import type { ReaderComparison } from '../readers/reader-comparison';
import { runCli } from '../run-cli';

async function files(contents: Record<string, string>): Promise<Record<string, string>> {
  const folder = await mkdtemp(join(tmpdir(), 'spinedx-readers-'));
  const paths: Record<string, string> = {};
  for (const [name, text] of Object.entries(contents)) {
    paths[name] = join(folder, `${name}.csv`);
    await writeFile(paths[name]!, text);
  }
  return paths;
}

const truth = 'patient_id,label\nP1,STB\nP2,STB\nP3,STB\nP4,SM\nP5,SM\nP6,SM\n';

describe('compare-readers', () => {
  it('should compute each reader\'s figures, kappa and McNemar against a model', async () => {
    // Reader A: 1 false positive (P3); reader B: 1 false negative (P6) and 1 false positive (P1), as 0/1 in another order.
    const paths = await files({
      truth,
      a: 'patient_id,label\nP1,STB\nP2,STB\nP3,SM\nP4,SM\nP5,SM\nP6,SM\n',
      b: 'Patient_ID,Label\nP6,0\nP5,1\nP4,1\nP3,0\nP2,0\nP1,1\n',
      model: 'patient_id,probability\nP1,0.1\nP2,0.2\nP3,0.3\nP4,0.9\nP5,0.8\nP6,0.4\n',
    });
    const io = createMemoryIo();
    const code = await runCli(['node', 'spinedx', 'compare-readers', '--truth', paths.truth!, '--reader', `senior=${paths.a}`, '--reader', `junior=${paths.b}`, '--model', `net=${paths.model}`, '--json'], io);
    expect(code).toBe(0);
    const result = JSON.parse(io.out) as ReaderComparison;
    const [senior, junior] = result.readers;
    expect([senior!.accuracy, senior!.sensitivity, senior!.specificity]).toEqual([5 / 6, 1, 2 / 3]);
    expect(senior!.confusionMatrix).toEqual([[2, 1], [0, 3]]);
    expect([junior!.accuracy, junior!.sensitivity, junior!.specificity]).toEqual([4 / 6, 2 / 3, 2 / 3]);
    // Wilson 95% interval of 5/6 (statsmodels proportion_confint(5, 6, method='wilson')).
    expect(senior!.accuracyCi![0]).toBeCloseTo(0.43649, 4);
    expect(senior!.accuracyCi![1]).toBeCloseTo(0.96994, 4);
    expect(result.agreement[0]!.kappa).toBeCloseTo(cohenKappaScore([0, 0, 1, 1, 1, 1], [1, 0, 0, 1, 1, 0]), 12);
    // Model wrong on P6 only; senior wrong on P3 only: one discordant pair each way, exact p = 1.
    expect(result.modelVsReader[0]).toMatchObject({ model: 'net', reader: 'senior', modelOnlyCorrect: 1, readerOnlyCorrect: 1, pValue: 1 });
  });

  it('should fail with the data code when a reader misses a patient', async () => {
    const paths = await files({ truth, a: 'patient_id,label\nP1,STB\nP2,STB\nP3,SM\nP4,SM\nP5,SM\nP9,SM\n' });
    const io = createMemoryIo();
    expect(await runCli(['node', 'spinedx', 'compare-readers', '--truth', paths.truth!, '--reader', paths.a!], io)).toBe(EXIT_CODES.invalidData);
    expect(io.err).toContain('does not match the truth labels: 1 patient(s) missing (P6); 1 unknown patient(s) (P9)');
  });

  it('should fail with the data code on an unknown label', async () => {
    const paths = await files({ truth: 'patient_id,label\nP1,TB\n', a: 'patient_id,label\nP1,STB\n' });
    const io = createMemoryIo();
    expect(await runCli(['node', 'spinedx', 'compare-readers', '--truth', paths.truth!, '--reader', paths.a!], io)).toBe(EXIT_CODES.invalidData);
    expect(io.err).toContain("expected label STB, SM, 0 or 1, received 'TB'");
  });

  it('should fail with the not-found code for a missing reader file', async () => {
    const paths = await files({ truth });
    const io = createMemoryIo();
    expect(await runCli(['node', 'spinedx', 'compare-readers', '--truth', paths.truth!, '--reader', '/missing/reader.csv'], io)).toBe(EXIT_CODES.notFound);
  });
});
