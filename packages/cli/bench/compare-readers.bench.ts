// Reader comparison (Wilson CIs, Cohen's kappa, exact McNemar) on a large synthetic reading study, against
// scikit-learn's cohen_kappa_score and statsmodels' proportion_confint / mcnemar measured in the same run.
import { createRandom } from '@spinedx/core';
import { compareReaders } from '@spinedx/cli';
import { measureMs, recordBenchRow, runPythonJson } from '@spinedx/test-utils';

const cases = 200_000;
const random = createRandom(11);
const truth = Array.from({ length: cases }, () => (random.next() < 0.5 ? 1 : 0));
const noisy = (accuracy: number): number[] => truth.map((label) => (random.next() < accuracy ? label : 1 - label));
const readerA = noisy(0.85);
const readerB = noisy(0.75);
const scores = truth.map((label) => Math.min(1, Math.max(0, label * 0.3 + random.next() * 0.7)));
const caseIds = truth.map((_, index) => `P${index}`);

const oursMs = await measureMs(() => compareReaders({ caseIds, truth, readers: [{ name: 'A', calls: readerA }, { name: 'B', calls: readerB }], models: [{ name: 'model', scores }] }), { warmup: 1, iterations: 5 });

const script = `
import json, sys, time
import numpy as np
from sklearn.metrics import cohen_kappa_score, confusion_matrix
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.contingency_tables import mcnemar
rng = np.random.default_rng(11)
n = ${cases}
truth = rng.integers(0, 2, n)
a = np.where(rng.random(n) < 0.85, truth, 1 - truth)
b = np.where(rng.random(n) < 0.75, truth, 1 - truth)
scores = np.clip(truth * 0.3 + rng.random(n) * 0.7, 0, 1)
def run():
    for calls in (a, b):
        tn, fp, fn, tp = confusion_matrix(truth, calls, labels=[0, 1]).ravel()
        proportion_confint(tp + tn, n, method='wilson'); proportion_confint(tp, tp + fn, method='wilson'); proportion_confint(tn, tn + fp, method='wilson')
    cohen_kappa_score(a, b)
    model = (scores >= 0.5).astype(int) == truth
    for calls in (a, b):
        right = calls == truth
        table = [[np.sum(model & right), np.sum(model & ~right)], [np.sum(~model & right), np.sum(~model & ~right)]]
        mcnemar(table, exact=True)
run()
times = []
for _ in range(5):
    start = time.perf_counter(); run(); times.append((time.perf_counter() - start) * 1000)
print(json.dumps({"ms": sorted(times)[2]}))
`;
const reference = runPythonJson<{ ms: number }>(script);
recordBenchRow({
  task: 'compare-readers',
  model: `${cases} cases, 2 readers, 1 model`,
  backend: 'node',
  batch: cases,
  oursMs,
  reference: 'scikit-learn cohen_kappa_score + statsmodels proportion_confint/mcnemar',
  referenceMs: reference?.ms ?? null,
});
