// Child process of resume.test.ts: trains a small classifier with a checkpoint folder and prints a digest of the
// final weights. With KILL_AT=<epoch>, it SIGKILLs itself in the middle of that epoch (after its second batch).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '@spinedx/backends';
import { generateCohort } from '@spinedx/phantom';
import { datasetFromPhantom } from '../../dataset/phantom-dataset';
import { directoryCheckpoint } from '../../node/bundle-io';
import { SpineClassifier } from '../../spine-classifier';
import { sha256Hex } from '../../bundle/checksums';

const [checkpointDir, killAt] = [process.argv[2]!, Number(process.env.KILL_AT ?? -1)];
await tf.setBackend('wasm');
await tf.ready();
registerTrainingKernels({ backends: ['wasm'] });
const plan = generateCohort({ seed: 4, patients: 12 });
const samples = datasetFromPhantom(plan);
const classifier = await SpineClassifier.create({ backbone: 'resnet18', inputSize: 32, inChannels: 1, seed: 1 });
await classifier.fit(samples, {
  epochs: 3,
  batchSize: 4,
  learningRate: 3e-3,
  seed: 9,
  checkpoint: directoryCheckpoint(checkpointDir),
  onProgress: (event) => {
    if (event.type === 'batch' && event.epoch === killAt && event.batch === 1) process.kill(process.pid, 'SIGKILL');
    if (event.type === 'start') console.log(`resumed-from ${event.resumedFromEpoch}`);
  },
});
const parts = [...classifier.backbone.variables.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, variable]) => new Uint8Array((variable.dataSync() as Float32Array).buffer.slice(0)));
const total = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
let offset = 0;
for (const part of parts) {
  total.set(part, offset);
  offset += part.length;
}
console.log(`weights ${await sha256Hex(total)}`);
