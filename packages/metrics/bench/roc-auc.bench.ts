// rocAucScore + delongCi on 10^6 samples against scikit-learn's roc_auc_score on the same data in the same run.
// Run with `pnpm bench metrics` from the root (builds first), or `pnpm --filter @spinedx/metrics bench`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '@spinedx/core';
import { delongCi, rocAucScore } from '@spinedx/metrics';
import { measureMs, recordBenchRow, runPythonJson } from '@spinedx/test-utils';

const samples = 1_000_000;
const random = createRandom(0);
const yTrue = new Float64Array(samples);
const yScore = new Float64Array(samples);
for (let index = 0; index < samples; index++) {
  const label = random.next() < 0.3 ? 1 : 0;
  yTrue[index] = label;
  // Logistic probabilities of a moderately good classifier, rounded to 1e-6 so ties occur as in real outputs.
  yScore[index] = Math.round(1e6 / (1 + Math.exp(-(random.normal() + 1.2 * label - 0.6)))) / 1e6;
}

let ours = { auc: NaN, lower: NaN, upper: NaN };
const oursMs = await measureMs(
  () => {
    const auc = rocAucScore(yTrue, yScore);
    const interval = delongCi(yTrue, yScore);
    ours = { auc, lower: interval.lower, upper: interval.upper };
  },
  { warmup: 1, iterations: 5 },
);
const aucOnlyMs = await measureMs(() => rocAucScore(yTrue, yScore), { warmup: 1, iterations: 5 });

const folder = mkdtempSync(join(tmpdir(), 'spinedx-metrics-bench-'));
writeFileSync(join(folder, 'y.f64'), Buffer.from(yTrue.buffer));
writeFileSync(join(folder, 's.f64'), Buffer.from(yScore.buffer));
const script = `
import json, sys, time
import numpy as np
from sklearn.metrics import roc_auc_score
y = np.fromfile(sys.argv[1], dtype=np.float64).astype(np.int64)
s = np.fromfile(sys.argv[2], dtype=np.float64)
roc_auc_score(y, s)
times = []
for _ in range(5):
    start = time.perf_counter(); auc = roc_auc_score(y, s); times.append((time.perf_counter() - start) * 1000)
import sklearn
print(json.dumps({"ms": sorted(times)[2], "auc": auc, "version": sklearn.__version__}))
`;
const reference = runPythonJson<{ ms: number; auc: number; version: string }>(script, [join(folder, 'y.f64'), join(folder, 's.f64')]);
rmSync(folder, { recursive: true, force: true });

const referenceName = reference === null ? 'scikit-learn roc_auc_score' : `scikit-learn ${reference.version} roc_auc_score`;
const agreement = reference === null ? 'n/a' : Math.abs(reference.auc - ours.auc).toExponential(2);
recordBenchRow({
  task: 'rocAucScore + delongCi',
  model: 'n=1e6',
  backend: 'node',
  batch: samples,
  oursMs,
  reference: referenceName,
  referenceMs: reference?.ms ?? null,
  extra: { auc: ours.auc, ciLower: ours.lower, ciUpper: ours.upper, absAucDifference: agreement },
});
recordBenchRow({ task: 'rocAucScore', model: 'n=1e6', backend: 'node', batch: samples, oursMs: aucOnlyMs, reference: referenceName, referenceMs: reference?.ms ?? null });
