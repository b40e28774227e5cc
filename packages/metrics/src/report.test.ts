import { spawnSync } from 'node:child_process';
import { hasTool } from '@spinedx/test-utils';
import { describe, expect, it } from 'vitest';
import {
  aggregateByPatient,
  bootstrapCi,
  compareModels,
  delongCi,
  diagnosticReport,
  proportionConfint,
  renderConfusionMatrixSvg,
  renderReportJson,
  renderReportMarkdown,
  renderRocSvg,
  rocAucScore,
} from './index';

// Ten samples: positives score 0.9, 0.8, 0.7, 0.4; negatives 0.6, 0.3, 0.2, 0.2, 0.1, 0.05.
const yTrue = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const yScore = [0.9, 0.8, 0.7, 0.4, 0.6, 0.3, 0.2, 0.2, 0.1, 0.05];
const otherScore = [0.6, 0.3, 0.8, 0.2, 0.7, 0.4, 0.1, 0.5, 0.2, 0.3];
const groups = ['a', 'a', 'b', 'b', 'a', 'a', 'b', 'b', 'a', 'a'];

/** Parses SVG with Python's XML parser (an independent check that the markup is well-formed). */
function parseWithPython(svg: string): { root: string; texts: string[] } {
  const script =
    'import sys, json, xml.etree.ElementTree as ET\nroot = ET.fromstring(sys.stdin.read())\nprint(json.dumps({"root": root.tag, "texts": ["".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text")]}))';
  const result = spawnSync('python3', ['-c', script], { input: svg, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { root: string; texts: string[] };
}

describe('diagnosticReport', () => {
  const report = diagnosticReport({ yTrue, yScore, name: 'resnet34', threshold: 0.5, groups });

  it('should count the 2x2 table at the threshold and derive the rates with Wilson intervals', () => {
    // At 0.5: TP 3 (0.9, 0.8, 0.7), FN 1 (0.4), FP 1 (0.6), TN 5.
    expect(report.confusionMatrix).toEqual([
      [5, 1],
      [1, 3],
    ]);
    expect(report.rates.sensitivity).toBe(0.75);
    expect(report.rates.specificity).toBeCloseTo(5 / 6, 15);
    expect(report.intervals.sensitivity).toEqual(proportionConfint(3, 4));
    expect(report.intervals.accuracy).toEqual(proportionConfint(8, 10));
  });
  it('should carry the AUC with its DeLong interval, the ROC curve and the Youden point', () => {
    // 23 of 24 positive-negative pairs ordered correctly (only 0.4 < 0.6), none tied.
    expect(report.auc?.auc).toBeCloseTo(23 / 24, 15);
    expect(report.auc).toEqual(delongCi(yTrue, yScore));
    expect(report.roc?.fpr[0]).toBe(0);
    // At 0.4 every positive is caught with one false positive (0.6): J = 1 − 1/6, above 0.75 at 0.7.
    expect(report.youden?.threshold).toBe(0.4);
  });
  it('should summarise each subgroup on its own samples', () => {
    expect(Object.keys(report.groups ?? {})).toEqual(['a', 'b']);
    const groupA = report.groups!['a']!;
    expect(groupA.samples).toBe(6);
    expect(groupA.auc?.auc).toBeCloseTo(rocAucScore([1, 1, 0, 0, 0, 0], [0.9, 0.8, 0.6, 0.3, 0.1, 0.05]), 15);
  });
  it('should leave AUC and ROC null for a subgroup with one class', () => {
    const oneClass = diagnosticReport({ yTrue, yScore, groups: ['p', 'p', 'p', 'p', 'n', 'n', 'n', 'n', 'n', 'n'] });
    expect(oneClass.groups!['p']!.auc).toBeNull();
    expect(oneClass.groups!['p']!.rates.specificity).toBeNaN();
  });
  it('should reject mismatched groups and a non-finite threshold', () => {
    expect(() => diagnosticReport({ yTrue, yScore, groups: ['a'] })).toThrow(expect.objectContaining({ code: 'LENGTH_MISMATCH' }));
    expect(() => diagnosticReport({ yTrue, yScore, threshold: NaN })).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
  });
});

describe('renderReportJson', () => {
  it('should write non-finite numbers as strings and keep every figure', () => {
    const report = diagnosticReport({ yTrue, yScore, groups: ['p', 'p', 'p', 'p', 'n', 'n', 'n', 'n', 'n', 'n'] });
    const parsed = JSON.parse(renderReportJson(report));
    expect(parsed.roc.thresholds[0]).toBe('Infinity');
    expect(parsed.groups.p.rates.specificity).toBe('NaN');
    expect(parsed.auc.auc).toBeCloseTo(23 / 24, 15);
  });
});

describe('renderReportMarkdown', () => {
  it('should tabulate each model with AUC, CIs and the pairwise tests', () => {
    const first = diagnosticReport({ yTrue, yScore, name: 'resnet34', groups });
    const second = diagnosticReport({ yTrue, yScore: otherScore, name: 'a|b <x>' });
    const markdown = renderReportMarkdown([first, second], { comparisons: compareModels(yTrue, { resnet34: yScore, other: otherScore }) });
    const auc = first.auc!;
    expect(markdown).toContain(`| resnet34 | 10 | ${auc.auc.toFixed(3)} (${auc.lower.toFixed(3)}–${auc.upper.toFixed(3)}) | 0.750 (`);
    expect(markdown).toContain('| a\\|b &lt;x&gt; | 10 |');
    expect(markdown).toContain('| Positive | 1 | 3 |');
    expect(markdown).toContain('### Subgroups of resnet34');
    expect(markdown).toMatch(/\| resnet34 \| other \| 0\.958 \| /);
  });
});

describe('compareModels', () => {
  it('should pair every two models with DeLong and exact McNemar tests', () => {
    const comparisons = compareModels(yTrue, { a: yScore, b: otherScore, c: yScore });
    expect(comparisons.map((comparison) => `${comparison.modelA}-${comparison.modelB}`)).toEqual(['a-b', 'a-c', 'b-c']);
    expect(comparisons[1]!.delong.z).toBe(0);
    expect(comparisons[1]!.mcnemar.pValue).toBe(1);
  });
});

describe('renderRocSvg', () => {
  const first = diagnosticReport({ yTrue, yScore, name: 'resnet34' });
  const second = diagnosticReport({ yTrue, yScore: otherScore, name: 'mvit <tiny> & co' });
  const svg = renderRocSvg([first, second], { width: 560, height: 540 });

  it('should plot each curve in axis coordinates with the chance diagonal', () => {
    // Plot square of 432 px from (72, 44): rate (fpr, tpr) → (72 + 432·fpr, 44 + 432·(1 − tpr)).
    const points = /<polyline points="([^"]+)"[^>]*data-model="resnet34"/.exec(svg)![1]!.split(' ');
    expect(points[0]).toBe('72,476');
    expect(points.at(-1)).toBe('504,44');
    expect(svg).toContain('<line x1="72" y1="476" x2="504" y2="44" stroke="#888888"');
  });
  it.runIf(hasTool('python3'))('should be well-formed SVG with axis labels and AUCs with CIs in the legend', () => {
    const { root, texts } = parseWithPython(svg);
    expect(root).toBe('{http://www.w3.org/2000/svg}svg');
    const auc = first.auc!;
    expect(texts).toContain(`resnet34: AUC ${auc.auc.toFixed(3)} (95% CI ${auc.lower.toFixed(3)}–${auc.upper.toFixed(3)})`);
    expect(texts.some((text) => text.startsWith('mvit <tiny> & co: AUC'))).toBe(true);
    expect(texts).toContain('Sensitivity (true positive rate)');
    expect(texts).toContain('1 − Specificity (false positive rate)');
    expect(texts).toEqual(expect.arrayContaining(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']));
  });
  it('should refuse a chart without any curve', () => {
    expect(() => renderRocSvg([{ name: 'x', roc: null }])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
  });
});

describe('renderConfusionMatrixSvg', () => {
  it.runIf(hasTool('python3'))('should label every cell with its count and row share', () => {
    const svg = renderConfusionMatrixSvg(
      [
        [5, 1],
        [1, 3],
      ],
      { labels: ['Tuberculosis', 'Metastasis'] },
    );
    const { texts } = parseWithPython(svg);
    expect(texts).toEqual(expect.arrayContaining(['5', '83.3%', '1', '16.7%', '25.0%', '3', '75.0%', 'Tuberculosis', 'Metastasis', 'Predicted label', 'True label']));
  });
  it('should shade the largest count darkest and reject non-square input', () => {
    const svg = renderConfusionMatrixSvg([
      [9, 0],
      [3, 1],
    ]);
    expect(svg).toContain('fill="rgb(8,48,107)"');
    expect(svg).toContain('fill="rgb(247,251,255)"');
    expect(() => renderConfusionMatrixSvg([[1, 2]])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});

describe('bootstrapCi', () => {
  it('should be reproducible for a seed, keep the class counts and bracket the estimate', () => {
    const seenPositives = new Set<number>();
    const metric = (labels: number[], scores: number[]): number => {
      seenPositives.add(labels.filter((label) => label === 1).length);
      return rocAucScore(labels, scores);
    };
    const first = bootstrapCi(yTrue, otherScore, metric, { resamples: 300, seed: 7 });
    const again = bootstrapCi(yTrue, otherScore, metric, { resamples: 300, seed: 7 });
    const other = bootstrapCi(yTrue, otherScore, metric, { resamples: 300, seed: 8 });
    expect(again).toEqual(first);
    expect(other.lower).not.toBe(first.lower);
    expect([...seenPositives]).toEqual([4]);
    expect(first.estimate).toBeCloseTo(rocAucScore(yTrue, otherScore), 15);
    expect(first.lower).toBeLessThan(first.estimate);
    expect(first.upper).toBeGreaterThan(first.estimate);
    expect(first.resamples).toBe(300);
  });
  it('should reject a level outside (0, 1)', () => {
    expect(() => bootstrapCi(yTrue, yScore, rocAucScore, { level: 1 })).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
  });
});

describe('aggregateByPatient', () => {
  it('should average or take the max of slice probabilities per patient, in order of appearance', () => {
    const ids = ['p2', 'p1', 'p2', 'p1', 'p3'];
    const labels = [1, 0, 1, 0, 1];
    const scores = [0.9, 0.2, 0.5, 0.4, 0.3];
    expect(aggregateByPatient(ids, labels, scores, 'mean')).toEqual({ patientIds: ['p2', 'p1', 'p3'], yTrue: [1, 0, 1], yScore: [0.7, 0.30000000000000004, 0.3], sliceCounts: [2, 2, 1] });
    expect(aggregateByPatient(ids, labels, scores, 'max').yScore).toEqual([0.9, 0.4, 0.3]);
  });
  it('should reject a patient whose slices carry different labels', () => {
    expect(() => aggregateByPatient([7, 7], [0, 1], [0.1, 0.2])).toThrow(/received both 0 and 1 for patient 7/);
  });
});
