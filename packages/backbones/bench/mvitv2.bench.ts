// mvitv2_tiny latency on the tfjs wasm and cpu backends: forward (predict) at batch 1 and 8, and one SGD training step
// (2 classes, softmax cross-entropy), all at 224 x 224. timm's MViTv2 is not in Debian (no python3-timm), so the
// reference column is null; instead each row carries the FLOP-normalised rate (GFLOP/s, FLOPs = 2 x the analytic MAC
// count of countMvitv2Macs) next to torchvision's resnet34 measured in the same run (PyTorch, one thread like tfjs in
// Node, MACs counted from its layer shapes), and our resnet34 where the registry has it (the CNN ratio).
//
// Environment: MVITV2_BENCH_BACKENDS (default wasm,cpu), MVITV2_BENCH_BATCHES (default 1,8), MVITV2_BENCH_TRAIN_BATCH (default 2; 4 and up overrun the wasm heap).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { countMvitv2Macs, createBackbone, listBackbones, type Backbone, type Mvitv2Backbone } from '@spinedx/backbones';
import { registerTrainingKernels } from '@spinedx/backends';
import { measureMs, PYTHON_SET_THREADS, recordBenchRow, runPythonJson } from '@spinedx/test-utils';

tf.env().set('PROD', true);
const backends = (process.env.MVITV2_BENCH_BACKENDS ?? 'wasm,cpu').split(',');
const batches = (process.env.MVITV2_BENCH_BATCHES ?? '1,8').split(',').map(Number);
const trainBatch = Number(process.env.MVITV2_BENCH_TRAIN_BATCH ?? '2');
const size = 224;

const referenceScript = `
import json, sys, time
import torch, torchvision
${PYTHON_SET_THREADS}set_threads(1)
batches, train_batch, size = [int(b) for b in sys.argv[1].split(',')], int(sys.argv[2]), int(sys.argv[3])
model = torchvision.models.resnet34(weights=None)
macs = [0]
def count(module, inputs, output):
    if isinstance(module, torch.nn.Conv2d):
        macs[0] += output[0].numel() * module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
    elif isinstance(module, torch.nn.Linear):
        macs[0] += module.in_features * module.out_features
hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear))]
model.eval()
with torch.no_grad():
    model(torch.randn(1, 3, size, size))
for hook in hooks: hook.remove()
def median(fn, runs):
    fn(); times = []
    for _ in range(runs):
        start = time.perf_counter(); fn(); times.append((time.perf_counter() - start) * 1000)
    return sorted(times)[len(times) // 2]
forward = {}
for batch in batches:
    x = torch.randn(batch, 3, size, size)
    def run():
        with torch.no_grad(): model(x)
    forward[str(batch)] = median(run, 3)
model.fc = torch.nn.Linear(512, 2); model.train()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
x = torch.randn(train_batch, 3, size, size); y = torch.randint(0, 2, (train_batch,))
def step():
    optimizer.zero_grad(); torch.nn.functional.cross_entropy(model(x), y).backward(); optimizer.step()
print(json.dumps({'macs': macs[0], 'forward': forward, 'train': median(step, 2)}))
`;

interface TorchResult {
  macs: number;
  forward: Record<string, number>;
  train: number;
}
const torch = runPythonJson<TorchResult>(referenceScript, [batches.join(','), String(trainBatch), String(size)]);
const gflops = (macs: number, batch: number, ms: number): number => (2 * macs * batch) / (ms * 1e6);

/** One SGD step of softmax cross-entropy on random labels, as the PyTorch reference does. */
function trainingStep(model: Backbone, input: tf.Tensor4D, labels: tf.Tensor2D, optimizer: tf.Optimizer): void {
  optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.forward(input, { training: true })) as tf.Scalar, false, model.trainableVariables());
}

for (const backend of backends) {
  await tf.setBackend(backend);
  await tf.ready();
  registerTrainingKernels({ backends: [backend as 'wasm' | 'cpu'] });
  const slow = backend === 'cpu';
  const model = createBackbone('mvitv2_tiny') as Mvitv2Backbone;
  const macs = countMvitv2Macs(model.architecture, model.layout, 3, model.numClasses).total;
  const resnet = listBackbones().includes('resnet34') ? createBackbone('resnet34') : null;
  for (const batch of batches) {
    const input = tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const iterations = slow && batch > 1 ? 1 : 3;
    const oursMs = await measureMs(() => tf.dispose(model.predict(input)), { warmup: 1, iterations });
    const torchMs = torch?.forward[String(batch)] ?? null;
    const oursResnetMs = resnet === null ? null : await measureMs(() => tf.dispose(resnet.predict(input)), { warmup: 1, iterations });
    const oursRate = gflops(macs, batch, oursMs);
    const torchRate = torch === null || torchMs === null ? null : gflops(torch.macs, batch, torchMs);
    recordBenchRow({
      task: 'forward',
      model: 'mvitv2_tiny',
      backend,
      batch,
      oursMs,
      reference: 'timm mvitv2_tiny (no Debian package)',
      referenceMs: null,
      extra: {
        gmacsPerImage: macs / 1e9,
        oursGflopPerS: oursRate,
        torchResnet34Ms: torchMs ?? 'n/a',
        torchResnet34GflopPerS: torchRate ?? 'n/a',
        // > 1: we are that many times slower per FLOP than PyTorch's resnet34.
        flopNormalisedRatioVsTorchResnet34: torchRate === null ? 'n/a' : torchRate / oursRate,
        ...(oursResnetMs === null || torchMs === null ? {} : { oursResnet34Ms: oursResnetMs, resnet34RatioVsTorch: oursResnetMs / torchMs }),
      },
    });
    input.dispose();
  }
  const input = tf.randomNormal([trainBatch, size, size, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: trainBatch }, (_, index) => index % 2), 'int32'), 2) as tf.Tensor2D;
  const trainModel = createBackbone('mvitv2_tiny', { numClasses: 2 });
  const optimizer = tf.train.sgd(1e-3);
  const oursMs = await measureMs(() => trainingStep(trainModel, input, labels, optimizer), { warmup: 1, iterations: slow ? 1 : 2 });
  // A training step is about three forward passes of FLOPs (forward, input gradient, weight gradient).
  const oursRate = gflops(3 * macs, trainBatch, oursMs);
  const torchRate = torch === null ? null : gflops(3 * torch.macs, trainBatch, torch.train);
  recordBenchRow({
    task: 'train-step',
    model: 'mvitv2_tiny',
    backend,
    batch: trainBatch,
    oursMs,
    reference: 'timm mvitv2_tiny (no Debian package)',
    referenceMs: null,
    extra: {
      oursGflopPerS: oursRate,
      torchResnet34Ms: torch?.train ?? 'n/a',
      torchResnet34GflopPerS: torchRate ?? 'n/a',
      flopNormalisedRatioVsTorchResnet34: torchRate === null ? 'n/a' : torchRate / oursRate,
    },
  });
  tf.dispose([input, labels]);
  optimizer.dispose();
  trainModel.dispose();
  model.dispose();
  resnet?.dispose();
}
