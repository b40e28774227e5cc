// Kernel-level and training-step benchmarks of the training kernels (ResNet34 and EfficientNet-B3 layers), against the stock tfjs kernels and PyTorch
// (Debian python3-torch, 1 thread like the wasm side, best run of each side) measured in the same run. Rows go to bench/results.json via recordBenchRow.
import { initBackend, registerTrainingKernels, unregisterTrainingKernels } from '@spinedx/backends';
import { measureMs, PYTHON_BEST_OF, recordBenchRow, runPythonJson } from '@spinedx/test-utils';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** recordBenchRow prints the main columns; the stock-kernel comparisons live in `extra`, printed here. */
function record(row: Parameters<typeof recordBenchRow>[0]): void {
  recordBenchRow(row);
  if (row.extra !== undefined) console.log(`  extra: ${JSON.stringify(row.extra)}`);
}

tf.env().set('PROD', true);
const torchReference = 'pytorch-cpu-1-thread';

/** Layers of ResNet34 at 224 px (see PERF-NOTES), batch kept small for a 2-core machine. */
const layers = [
  { model: 'conv3x3 56x56 64->64 s1', batch: 4, size: 56, inChannels: 64, outChannels: 64, stride: 1 },
  { model: 'conv3x3 28x28 128->128 s1', batch: 4, size: 28, inChannels: 128, outChannels: 128, stride: 1 },
  { model: 'conv3x3 14x14 256->256 s1', batch: 4, size: 14, inChannels: 256, outChannels: 256, stride: 1 },
  { model: 'conv3x3 56x56 64->128 s2', batch: 4, size: 56, inChannels: 64, outChannels: 128, stride: 2 },
];

const torchKernelScript = `
import json, sys, time, torch
torch.set_num_threads(1)
layers = json.loads(sys.argv[1])
${PYTHON_BEST_OF}best_of_5 = lambda fn: best(fn, 1, 5)
out = []
for l in layers:
    x = torch.randn(l['batch'], l['inChannels'], l['size'], l['size'])
    w = torch.randn(l['outChannels'], l['inChannels'], 3, 3)
    y = torch.nn.functional.conv2d(x, w, stride=l['stride'], padding=1)
    dy = torch.randn_like(y)
    with torch.no_grad():
        dw = best_of_5(lambda: torch.nn.grad.conv2d_weight(x, w.shape, dy, stride=l['stride'], padding=1))
        dx = best_of_5(lambda: torch.nn.grad.conv2d_input(x.shape, w, dy, stride=l['stride'], padding=1))
    out.append({'dw': dw, 'dx': dx})
print(json.dumps({'version': torch.__version__, 'layers': out}))
`;

async function timeKernel(run: () => tf.Tensor, iterations = 3, warmup = 1): Promise<number> {
  return measureMs(
    async () => {
      const result = run();
      await result.data();
      result.dispose();
    },
    { warmup, iterations, statistic: 'min' },
  );
}

async function kernelRows(): Promise<void> {
  const torch = runPythonJson<{ version: string; layers: { dw: number; dx: number }[] }>(torchKernelScript, [JSON.stringify(layers)], { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' });
  const reference = torch === null ? torchReference : `pytorch-${torch.version}-cpu-1-thread`;
  for (const [index, layer] of layers.entries()) {
    const x = tf.randomNormal([layer.batch, layer.size, layer.size, layer.inChannels]) as tf.Tensor4D;
    const filter = tf.randomNormal([3, 3, layer.inChannels, layer.outChannels]) as tf.Tensor4D;
    const outSize = Math.ceil(layer.size / layer.stride);
    const dy = tf.randomNormal([layer.batch, outSize, outSize, layer.outChannels]) as tf.Tensor4D;
    const filterAttrs = { strides: layer.stride, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, layer.inChannels, layer.outChannels] };
    const filterGradient = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, filterAttrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    const inputGradient = () => tf.conv2dTranspose(dy, filter, x.shape, layer.stride, 'same');
    const forward = () => tf.conv2d(x, filter, layer.stride, 'same');

    await tf.setBackend('wasm');
    const wasmForward = await timeKernel(forward);
    const wasmStockInput = await timeKernel(inputGradient, 3);
    registerTrainingKernels({ backends: ['wasm'] });
    const wasmFilter = await timeKernel(filterGradient);
    const wasmInput = await timeKernel(inputGradient);
    unregisterTrainingKernels();

    await tf.setBackend('cpu');
    registerTrainingKernels({ backends: ['cpu'] });
    const cpuOursFilter = await timeKernel(filterGradient, 3);
    unregisterTrainingKernels();
    // The stock cpu filter gradient runs at ~8 MMAC/s (about a minute per layer here): time it once, on one layer.
    const cpuStockFilter = layer.size === 14 ? await timeKernel(filterGradient, 1, 0) : null;

    const torchLayer = torch?.layers[index];
    const extra: Record<string, number | string> = { wasmForwardMs: wasmForward, cpuOursMs: cpuOursFilter, cpuStockMs: cpuStockFilter ?? 'skipped (too slow)' };
    record({ task: 'Conv2DBackpropFilter', model: layer.model, backend: 'wasm', batch: layer.batch, oursMs: wasmFilter, reference, referenceMs: torchLayer?.dw ?? null, extra });
    record({ task: 'Conv2DBackpropFilter', model: layer.model, backend: 'cpu', batch: layer.batch, oursMs: cpuOursFilter, reference, referenceMs: torchLayer?.dw ?? null, extra: { cpuStockMs: cpuStockFilter ?? 'skipped (too slow)' } });
    record({ task: 'Conv2DBackpropInput', model: layer.model, backend: 'wasm', batch: layer.batch, oursMs: wasmInput, reference, referenceMs: torchLayer?.dx ?? null, extra: { wasmStockMs: wasmStockInput, wasmForwardMs: wasmForward } });
    tf.dispose([x, filter, dy]);
  }
}

/** EfficientNet-B3 layers at 96 px, batch 8 (depthwise 3×3 / 5×5 at strides 1 and 2, and a 1×1 expand conv). */
const efficientNetLayers = [
  { model: 'dw3x3 48x48 40 s1', size: 48, channels: 40, kernel: 3, stride: 1 },
  { model: 'dw3x3 48x48 144 s2', size: 48, channels: 144, kernel: 3, stride: 2 },
  { model: 'dw5x5 24x24 192 s2', size: 24, channels: 192, kernel: 5, stride: 2 },
  { model: 'dw5x5 6x6 816 s1', size: 6, channels: 816, kernel: 5, stride: 1 },
];
const efficientNetBatch = 8;
const pointwiseLayer = { model: 'conv1x1 48x48 24->144 s1', size: 48, inChannels: 24, outChannels: 144 };

const torchDepthwiseScript = `
import json, sys, time, torch
torch.set_num_threads(1)
spec = json.loads(sys.argv[1])
${PYTHON_BEST_OF}best_of_5 = lambda fn: best(fn, 1, 5)
out = []
b = spec['batch']
with torch.no_grad():
    for l in spec['layers']:
        c, k, s = l['channels'], l['kernel'], l['stride']
        x = torch.randn(b, c, l['size'], l['size']); w = torch.randn(c, 1, k, k)
        dy = torch.randn_like(torch.nn.functional.conv2d(x, w, stride=s, padding=k // 2, groups=c))
        out.append(best_of_5(lambda: torch.nn.grad.conv2d_weight(x, w.shape, dy, stride=s, padding=k // 2, groups=c)))
    p = spec['pointwise']
    x = torch.randn(b, p['inChannels'], p['size'], p['size']); dy = torch.randn(b, p['outChannels'], p['size'], p['size'])
    pointwise = best_of_5(lambda: torch.nn.grad.conv2d_weight(x, (p['outChannels'], p['inChannels'], 1, 1), dy))
print(json.dumps({'version': torch.__version__, 'layers': out, 'pointwise': pointwise}))
`;

/** Depthwise filter gradients (ours on wasm and cpu; wasm has no stock kernel, the stock cpu one is the comparison) and a 1×1 filter gradient. */
async function efficientNetRows(): Promise<void> {
  const spec = { batch: efficientNetBatch, layers: efficientNetLayers, pointwise: pointwiseLayer };
  const torch = runPythonJson<{ version: string; layers: number[]; pointwise: number }>(torchDepthwiseScript, [JSON.stringify(spec)], { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' });
  const reference = torch === null ? torchReference : `pytorch-${torch.version}-cpu-1-thread`;
  for (const [index, layer] of efficientNetLayers.entries()) {
    const x = tf.randomNormal([efficientNetBatch, layer.size, layer.size, layer.channels]) as tf.Tensor4D;
    const outSize = Math.ceil(layer.size / layer.stride);
    const dy = tf.randomNormal([efficientNetBatch, outSize, outSize, layer.channels]) as tf.Tensor4D;
    const attrs = { strides: layer.stride, dilations: 1, pad: 'same', filterShape: [layer.kernel, layer.kernel, layer.channels, 1] };
    const filterGradient = () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
    await tf.setBackend('wasm');
    registerTrainingKernels({ backends: ['wasm'] });
    const wasmMs = await timeKernel(filterGradient, 5);
    unregisterTrainingKernels();
    await tf.setBackend('cpu');
    registerTrainingKernels({ backends: ['cpu'] });
    const cpuOursMs = await timeKernel(filterGradient, 3);
    unregisterTrainingKernels();
    const cpuStockMs = await timeKernel(filterGradient, 3);
    record({ task: 'DepthwiseConv2dNativeBackpropFilter', model: layer.model, backend: 'wasm', batch: efficientNetBatch, oursMs: wasmMs, reference, referenceMs: torch?.layers[index] ?? null, extra: { cpuOursMs, cpuStockMs } });
    record({ task: 'DepthwiseConv2dNativeBackpropFilter', model: layer.model, backend: 'cpu', batch: efficientNetBatch, oursMs: cpuOursMs, reference, referenceMs: torch?.layers[index] ?? null, extra: { cpuStockMs } });
    tf.dispose([x, dy]);
  }
  await tf.setBackend('wasm');
  const x = tf.randomNormal([efficientNetBatch, pointwiseLayer.size, pointwiseLayer.size, pointwiseLayer.inChannels]) as tf.Tensor4D;
  const dy = tf.randomNormal([efficientNetBatch, pointwiseLayer.size, pointwiseLayer.size, pointwiseLayer.outChannels]) as tf.Tensor4D;
  const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [1, 1, pointwiseLayer.inChannels, pointwiseLayer.outChannels] };
  registerTrainingKernels({ backends: ['wasm'] });
  const wasmMs = await timeKernel(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor, 5);
  unregisterTrainingKernels();
  record({ task: 'Conv2DBackpropFilter', model: pointwiseLayer.model, backend: 'wasm', batch: efficientNetBatch, oursMs: wasmMs, reference, referenceMs: torch?.pointwise ?? null });
  tf.dispose([x, dy]);
}

/** A small ResNet: stem, then basic blocks 16 → 16 (s1), 16 → 32 (s2), 32 → 64 (s2), batch-statistics BN, mean, linear. */
const resnetSpec = { batch: 8, size: 32, inChannels: 3, widths: [16, 16, 32, 64], classes: 2 };

function createResnetWeights(): Record<string, tf.Variable> {
  const weights: Record<string, tf.Variable> = {};
  const conv = (name: string, size: number, inChannels: number, outChannels: number) => {
    weights[name] = tf.variable(tf.mul(tf.randomNormal([size, size, inChannels, outChannels]), Math.sqrt(2 / (size * size * inChannels))));
    weights[`${name}.gamma`] = tf.variable(tf.ones([outChannels]));
    weights[`${name}.beta`] = tf.variable(tf.zeros([outChannels]));
  };
  const [stem, ...stages] = resnetSpec.widths as [number, ...number[]];
  conv('stem', 3, resnetSpec.inChannels, stem);
  let channels = stem;
  stages.forEach((width, index) => {
    conv(`block${index}.conv1`, 3, channels, width);
    conv(`block${index}.conv2`, 3, width, width);
    if (width !== channels) conv(`block${index}.shortcut`, 1, channels, width);
    channels = width;
  });
  weights.head = tf.variable(tf.mul(tf.randomNormal([channels, resnetSpec.classes]), 0.1));
  return weights;
}

function resnetLoss(weights: Record<string, tf.Variable>, images: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar {
  const convBn = (name: string, x: tf.Tensor4D, stride: number) => {
    const y = tf.conv2d(x, weights[name] as tf.Tensor4D, stride, 'same');
    const moments = tf.moments(y, [0, 1, 2]);
    return tf.batchNorm(y, moments.mean, moments.variance, weights[`${name}.beta`] as tf.Tensor1D, weights[`${name}.gamma`] as tf.Tensor1D, 1e-5) as tf.Tensor4D;
  };
  let x = tf.relu(convBn('stem', images, 1));
  let channels = resnetSpec.widths[0]!;
  resnetSpec.widths.slice(1).forEach((width, index) => {
    const stride = width === channels ? 1 : 2;
    const branch = convBn(`block${index}.conv2`, tf.relu(convBn(`block${index}.conv1`, x, stride)), 1);
    const shortcut = width === channels ? x : convBn(`block${index}.shortcut`, x, stride);
    x = tf.relu(tf.add(branch, shortcut));
    channels = width;
  });
  return tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.mean(x, [1, 2]), weights.head as tf.Tensor2D)) as tf.Scalar;
}

const torchResnetScript = `
import json, sys, time, torch
from torch import nn
torch.set_num_threads(1)
spec = json.loads(sys.argv[1])
def conv_bn(i, o, s, k=3):
    return nn.Sequential(nn.Conv2d(i, o, k, s, k // 2, bias=False), nn.BatchNorm2d(o))
class Block(nn.Module):
    def __init__(self, i, o):
        super().__init__(); s = 1 if i == o else 2
        self.a = conv_bn(i, o, s); self.b = conv_bn(o, o, 1); self.short = nn.Identity() if i == o else conv_bn(i, o, s, 1)
    def forward(self, x):
        return torch.relu(self.b(torch.relu(self.a(x))) + self.short(x))
w = spec['widths']
layers = [conv_bn(spec['inChannels'], w[0], 1), nn.ReLU()]
for i, o in zip(w[:-1], w[1:]): layers.append(Block(i, o))
model = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(w[-1], spec['classes'], bias=False))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(spec['batch'], spec['inChannels'], spec['size'], spec['size']); y = torch.randint(0, spec['classes'], (spec['batch'],))
def step():
    optimizer.zero_grad(); loss = nn.functional.cross_entropy(model(x), y); loss.backward(); optimizer.step()
${PYTHON_BEST_OF}print(json.dumps({'version': torch.__version__, 'ms': best(step, 1, 7)}))
`;

async function trainingStepRows(): Promise<void> {
  const torch = runPythonJson<{ version: string; ms: number }>(torchResnetScript, [JSON.stringify(resnetSpec)], { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' });
  const reference = torch === null ? torchReference : `pytorch-${torch.version}-cpu-1-thread`;
  const model = `small resnet ${resnetSpec.widths.join('-')} ${resnetSpec.size}px`;
  const images = tf.randomNormal([resnetSpec.batch, resnetSpec.size, resnetSpec.size, resnetSpec.inChannels]) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: resnetSpec.batch }, (_, index) => index % 2), 'int32'), 2) as tf.Tensor2D;
  const stepTime = async (iterations: number, warmup = 1) => {
    const weights = createResnetWeights();
    const optimizer = tf.train.sgd(0.01);
    const milliseconds = await measureMs(
      async () => {
        const loss = optimizer.minimize(() => resnetLoss(weights, images, labels), true, Object.values(weights));
        await loss!.data();
        loss!.dispose();
      },
      { warmup, iterations, statistic: 'min' },
    );
    optimizer.dispose();
    tf.dispose(Object.values(weights));
    return milliseconds;
  };
  const started = await initBackend({ prefer: ['wasm'], allowFallback: false });
  registerTrainingKernels();
  const wasmMs = await stepTime(5);
  await tf.setBackend('cpu');
  const cpuOursMs = await stepTime(3);
  unregisterTrainingKernels();
  const cpuStockMs = await stepTime(1, 0);
  const referenceMs = torch?.ms ?? null;
  record({ task: 'training step (SGD)', model, backend: `${started.name} (threads ${started.threads ?? '?'})`, batch: resnetSpec.batch, oursMs: wasmMs, reference, referenceMs, extra: { cpuOursMs, cpuStockMs } });
  record({ task: 'training step (SGD)', model, backend: 'cpu', batch: resnetSpec.batch, oursMs: cpuOursMs, reference, referenceMs, extra: { cpuStockMs } });
  tf.dispose([images, labels]);
}

await tf.setBackend('wasm');
await kernelRows();
await efficientNetRows();
await trainingStepRows();
