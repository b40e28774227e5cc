import { aggregateByPatient, cohenKappaScore, delongTest, rocAucScore } from '@spinedx/metrics';
import { describe, expect, it } from 'vitest';
import { makeStudyInput } from './__fixtures__/study-input';
import { buildStudyReport, SYNTHETIC_DISCLAIMER } from './build-study-report';
import { validateStudyReport } from './study-report-schema';

const figureKeys = ['accuracy', 'auc', 'aucCi', 'f1', 'sensitivity', 'specificity', 'confusionMatrix'];

describe('buildStudyReport', () => {
  it.each([1, 7, 2024])('should give every model the required internal, external and patient-level figures (seed %i)', (seed) => {
    const input = makeStudyInput(seed);
    const { report } = buildStudyReport(input);
    expect(report.models.map((model) => model.backbone)).toEqual(input.config.backbones);
    for (const model of report.models) {
      for (const set of [model.internal, model.external, model.internal.patientLevel, model.external.patientLevel]) {
        for (const key of figureKeys) expect(set).toHaveProperty(key);
      }
    }
    expect(report.readers.readers).toHaveLength(2);
    expect(report.config.seed).toBe(seed);
    expect(report.disclaimer).toBe(SYNTHETIC_DISCLAIMER);
  });

  it('should compute the AUC, accuracy and confusion matrix from the scores', () => {
    const input = makeStudyInput(11);
    const { report } = buildStudyReport(input);
    const run = input.models[2]!;
    const external = report.models[2]!.external;
    expect(external.auc).toBeCloseTo(rocAucScore(run.external.yTrue, run.external.yScore), 12);
    const calls = run.external.yScore.map((score) => (score >= 0.5 ? 1 : 0));
    const tp = calls.filter((call, index) => call === 1 && run.external.yTrue[index] === 1).length;
    const tn = calls.filter((call, index) => call === 0 && run.external.yTrue[index] === 0).length;
    expect(external.confusionMatrix).toEqual([
      [tn, run.external.yTrue.filter((label) => label === 0).length - tn],
      [run.external.yTrue.filter((label) => label === 1).length - tp, tp],
    ]);
    expect(external.accuracy).toBeCloseTo((tp + tn) / calls.length, 12);
    const patients = aggregateByPatient(run.external.patientIds, run.external.yTrue, run.external.yScore, 'mean');
    expect(external.patientLevel.samples).toBe(patients.patientIds.length);
    expect(external.patientLevel.auc).toBeCloseTo(rocAucScore(patients.yTrue, patients.yScore), 12);
  });

  it('should compare every pair of models with DeLong on the same samples', () => {
    const input = makeStudyInput(3);
    const { report } = buildStudyReport(input);
    const pairs = report.comparisons.filter((row) => row.set === 'external' && row.level === 'image');
    expect(pairs).toHaveLength(6);
    const first = pairs[0]!;
    const expected = delongTest(input.models[0]!.external.yTrue, input.models[0]!.external.yScore, input.models[1]!.external.yScore);
    expect([first.modelA, first.modelB]).toEqual(['MVITV2_TINY', 'EFFICIENTNET_B3']);
    expect(first.delongP).toBeCloseTo(expected.pValue, 12);
  });

  it('should report the kappa between readers and McNemar of each model against each reader', () => {
    const input = makeStudyInput(5);
    const { report } = buildStudyReport(input);
    const [readerA, readerB] = input.readers.readers;
    expect(report.readers.agreement[0]!.kappa).toBeCloseTo(cohenKappaScore(readerA!.calls, readerB!.calls), 12);
    expect(report.readers.modelVsReader).toHaveLength(8);
    expect(report.readers.readers[0]!.profile).toEqual({ sensitivity: 0.88, specificity: 0.84, difficultyPenalty: 1.6 });
  });

  it('should list ROC, confusion-matrix and gallery figures among its assets', () => {
    const { report, assets } = buildStudyReport(makeStudyInput(9));
    expect(Object.keys(report.figures)).toEqual(expect.arrayContaining(['roc-internal-image', 'roc-external-image', 'roc-external-patient', 'confusion-resnet34-external']));
    for (const path of Object.values(report.figures)) expect(assets.has(path)).toBe(true);
    const roc = assets.get(report.figures['roc-external-image']!) as string;
    expect(roc.match(/<polyline[^>]*data-model=/g)).toHaveLength(4);
    const png = assets.get(report.models[0]!.gallery[0]!.overlay) as Uint8Array;
    expect(Array.from(png.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('should throw when models were scored on different samples', () => {
    const input = makeStudyInput(2);
    const external = input.models[1]!.external;
    input.models[1]!.external = { ...external, sampleIds: ['other', ...external.sampleIds.slice(1)] };
    expect(() => buildStudyReport(input)).toThrow(/scored on other external samples/);
  });
});

describe('validateStudyReport', () => {
  it('should reject a report whose model lacks the external AUC', () => {
    const { report } = buildStudyReport(makeStudyInput(4));
    const broken = structuredClone(report) as unknown as { models: { external: Record<string, unknown> }[] };
    delete broken.models[0]!.external.auc;
    expect(() => validateStudyReport(broken)).toThrow(/models\.0\.external\.auc: Invalid input/);
  });

  it('should reject a report that does not declare itself synthetic', () => {
    const { report } = buildStudyReport(makeStudyInput(4));
    expect(() => validateStudyReport({ ...report, synthetic: false })).toThrow(/synthetic/);
  });
});

describe('summarizeSet', () => {
  it('should keep Wilson bounds of 0/n and n/n inside [0, 1]', async () => {
    const { diagnosticReport } = await import('@spinedx/metrics');
    const { summarizeSet } = await import('./set-figures');
    // Every positive missed (sensitivity 0/19), every negative right (specificity 18/18).
    const figures = summarizeSet(diagnosticReport({ yTrue: [...Array(19).fill(1), ...Array(18).fill(0)], yScore: Array(37).fill(0.2) }));
    expect(figures.sensitivity).toBe(0);
    expect(figures.sensitivityCi![0]).toBe(0);
    expect(figures.specificityCi![1]).toBe(1);
  });
});
