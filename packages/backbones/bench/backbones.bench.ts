// Forward latency (batch 1 and 8) and one training step of the paper's backbones on the cpu and wasm backends,
// next to torchvision's resnet34 / resnet101 / efficientnet_b3 in PyTorch (1 thread, like the single-thread wasm and
// cpu backends here) measured in the same run. Both sides keep their best run (the figure least disturbed by other
// jobs on a shared machine).
//
// Budget choices (keep the whole bench near 10 minutes on 2 cores):
// - cpu backend: batch 1 forward only. Its batch-8 forward of resnet101 takes minutes, and its convolution
//   gradients are naive loops, so a 224 x 224 training step would take many minutes per model.
// - wasm backend: batch 1 and 8 forward; a training step (batch 2) when @spinedx/backends exports
//   registerTrainingKernels (stock tfjs wasm has no convolution gradients).
// - Big models run fewer iterations (best of 2-3 after one warm-up; one pass on cpu).
//
// Environment: BACKBONES_BENCH_MODELS (comma list, default all four), BACKBONES_BENCH_BACKENDS (default wasm,cpu),
// BACKBONES_BENCH_CPU_MODELS (the models timed on the cpu backend, default the same list). `pnpm bench`'s quick profile
// keeps only resnet34 on the cpu backend (bench/README.md).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createBackbone, listBackbones, type Backbone } from '@spinedx/backbones';
import { measureMs, PYTHON_BEST_OF, recordBenchRow, runPythonJson } from '@spinedx/test-utils';

tf.env().set('PROD', true);
const listOf = (value: string | undefined, fallback: string[]): string[] => (value === undefined || value === '' ? fallback : value.split(','));
const models = listOf(process.env.BACKBONES_BENCH_MODELS, ['resnet34', 'resnet101', 'efficientnet_b3', 'mvitv2_tiny']).filter((name) => listBackbones().includes(name));
const backends = listOf(process.env.BACKBONES_BENCH_BACKENDS, ['wasm', 'cpu']);
const cpuModels = listOf(process.env.BACKBONES_BENCH_CPU_MODELS, models);
const size = 224;
const trainBatch = 2;

type Reference = Record<string, { forward1: number; forward8: number; train: number }>;

// PyTorch side: torchvision models (same architectures), eval forward and one SGD step, 1 thread, best times.
const pythonScript = String.raw`
import json, sys, time
import torch, torchvision
torch.set_num_threads(1)
${PYTHON_BEST_OF}out = {}
for name in sys.argv[1:]:
    model = getattr(torchvision.models, name)(num_classes=1000)
    model.eval()
    def forward(batch):
        x = torch.randn(batch, 3, ${size}, ${size})
        def run():
            with torch.no_grad(): model(x)
        return run
    big = name != 'resnet34'
    result = {'forward1': best(forward(1), 1, 3), 'forward8': best(forward(8), 1, 2 if big else 3)}
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(${trainBatch}, 3, ${size}, ${size}); y = torch.tensor([0, 1])
    def step():
        optimizer.zero_grad(); loss = torch.nn.functional.cross_entropy(model(x), y); loss.backward(); optimizer.step()
    result['train'] = best(step, 1, 2)
    out[name] = result
print(json.dumps(out))
`;

const torchvisionNames = ['resnet34', 'resnet101', 'efficientnet_b3'].filter((name) => models.includes(name));
// Debian's python3 (with python3-torch) lives in /usr/bin; put it first in case another python3 shadows it.
const reference = runPythonJson<Reference>(pythonScript, torchvisionNames, { PATH: `/usr/bin:${process.env.PATH ?? ''}`, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' });

function referenceOf(model: string, key: keyof Reference[string]): { reference: string; referenceMs: number | null } {
  const value = reference?.[model]?.[key];
  const label = torchvisionNames.includes(model) ? `torchvision ${model} (PyTorch, 1 thread, best run)` : 'no torchvision equivalent';
  return { reference: label, referenceMs: value ?? null };
}

async function trainingKernels(): Promise<boolean> {
  try {
    const backends = (await import('@spinedx/backends')) as { registerTrainingKernels?: () => unknown };
    if (typeof backends.registerTrainingKernels !== 'function') return false;
    backends.registerTrainingKernels();
    return true;
  } catch {
    return false;
  }
}

async function forwardRow(backbone: Backbone, model: string, backend: string, batch: number, iterations: number, warmup = 1): Promise<void> {
  const input = tf.randomUniform([batch, size, size, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
  const oursMs = await measureMs(() => {
    const logits = backbone.predict(input);
    logits.dataSync();
    logits.dispose();
  }, { warmup, iterations, statistic: 'min' });
  input.dispose();
  recordBenchRow({ task: 'forward', model, backend, batch, oursMs, ...referenceOf(model, batch === 1 ? 'forward1' : 'forward8') });
}

async function trainRow(backbone: Backbone, model: string, backend: string): Promise<void> {
  const input = tf.randomUniform([trainBatch, size, size, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([0, 1], 'int32'), backbone.numClasses);
  const optimizer = tf.train.sgd(0.01);
  const variables = backbone.trainableVariables();
  const oursMs = await measureMs(() => {
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, backbone.forward(input, { training: true })) as tf.Scalar, true, variables);
    loss?.dataSync();
    loss?.dispose();
  }, { warmup: 1, iterations: 2, statistic: 'min' });
  tf.dispose([input, labels]);
  optimizer.dispose();
  recordBenchRow({ task: 'train-step', model, backend, batch: trainBatch, oursMs, ...referenceOf(model, 'train') });
}

const canTrainOnWasm = await trainingKernels();
for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  for (const model of models.filter((name) => backend !== 'cpu' || cpuModels.includes(name))) {
    const backbone = createBackbone(model, { inputShape: [size, size, 3] });
    const big = model !== 'resnet34';
    // The cpu backend has no compilation to warm up and is slow: one timed pass.
    if (backend === 'cpu') await forwardRow(backbone, model, backend, 1, 1, 0);
    else await forwardRow(backbone, model, backend, 1, big ? 2 : 3);
    if (backend === 'wasm') {
      await forwardRow(backbone, model, backend, 8, 2);
      if (canTrainOnWasm) await trainRow(backbone, model, backend);
      else console.log(`train-step ${model} [wasm]: skipped, @spinedx/backends has no registerTrainingKernels`);
    }
    backbone.dispose();
  }
}
