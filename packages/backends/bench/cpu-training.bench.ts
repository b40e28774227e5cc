// CPU fine-tuning: one SGD step at batch 8 (all trainable variables, batch-norm in training mode, cross-entropy)
// of each paper backbone at its native size on wasm with registerTrainingKernels(), next to the same step of
// torchvision's model (mvitv2_tiny: timm's architecture in bench/torch_mvitv2.py) in PyTorch (Debian python3-torch,
// with as many threads as the wasm row) measured in the same run; then a soak of 1,000 training steps of a small
// ResNet that must keep tf.memory().numTensors and RSS flat.
//
// Modes: the multi-core wasm path (enableWasmThreadsInNode, 2 threads) and the native oneDNN kernels
// (@spinedx/backends/native, 1 and 2 threads; skipped with the reason when the addon is not built) for every model,
// the native kernels on the cpu backend for the models whose step outgrows the wasm heap,
// plus the stock single-thread wasm for resnet34 as the comparison; SPINEDX_BENCH_WASM_THREADS=1 runs everything
// single-threaded. The soak runs on threaded wasm and on the native kernels. Each
// configuration runs in its own child process (peak RSS is its own). Big steps take tens of seconds here, so each
// is timed twice after one warm-up step and the better run kept (PyTorch: best of 3). `extra` carries the 1-minute
// load average and the peak RSS.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureMs, PYTHON_BEST_OF, PYTHON_SET_THREADS, recordBenchRow } from '@spinedx/test-utils';
import * as tf from '@tensorflow/tfjs';
import { type CpuMode, loadBackbones, modeLabel, modelsIn, nativeUnavailableReason, PYTHON_BUILD_MODEL, runChildProcess, runTorchReference, startCpuMode } from './cpu-bench-support';

const batch = 8;
const numClasses = 2;
/** SPINEDX_BENCH_TRAIN_MODELS (else SPINEDX_BENCH_CPU_MODELS; comma-separated) narrows the run, e.g. to resnet34. */
const modelFilter = process.env.SPINEDX_BENCH_TRAIN_MODELS ?? process.env.SPINEDX_BENCH_CPU_MODELS;
const models = modelsIn(modelFilter);
/** Models whose native-kernel step runs on wasm (SPINEDX_BENCH_NATIVE_TRAIN_MODELS): those whose step fits its heap. */
const nativeModels = modelsIn(process.env.SPINEDX_BENCH_NATIVE_TRAIN_MODELS ?? 'resnet34');
/**
 * Models whose batch-8 step outgrows the wasm heap (4 GiB: resnet101 and mvitv2_tiny at 224 px, efficientnet_b3 at
 * 288 px abort there, stock kernels or native) also run with the native kernels in front of the cpu backend, one
 * thread. SPINEDX_BENCH_CPU_NATIVE_TRAIN_MODELS narrows the list.
 */
const cpuNativeModels = modelsIn(process.env.SPINEDX_BENCH_CPU_NATIVE_TRAIN_MODELS ?? 'resnet101,efficientnet_b3,mvitv2_tiny');
const multiCoreThreads = Number(process.env.SPINEDX_BENCH_WASM_THREADS ?? 2);
/** 1,000 by default; SPINEDX_BENCH_SOAK_STEPS shortens it for a quick look. */
const soakSize = 16;
const soakSteps = Number(process.env.SPINEDX_BENCH_SOAK_STEPS ?? 1000);

const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/** Child: one SGD step of `model`, best of two timed steps after a warm-up step; prints one JSON line. */
async function runStepChild(model: string, mode: CpuMode): Promise<void> {
  const actualThreads = await startCpuMode(mode);
  const { createBackbone, getPretrainedConfig } = await loadBackbones();
  const [, height, width] = getPretrainedConfig(model).inputSize;
  const backbone = createBackbone(model, { inputShape: [height, width, 3], numClasses });
  const input = tf.randomUniform([batch, height, width, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), numClasses);
  const optimizer = tf.train.sgd(0.01);
  const variables = backbone.trainableVariables();
  const ms = await measureMs(
    async () => {
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, backbone.forward(input, { training: true })) as tf.Scalar, true, variables);
      await loss?.data();
      loss?.dispose();
    },
    { warmup: 1, iterations: 2, statistic: 'min' },
  );
  console.log(JSON.stringify({ ms, threads: actualThreads, peakRssMb: peakRssMb(), loadAverage: loadavg()[0] }));
}

/** A small ResNet (stem 8, blocks 8 -> 16 (s2) -> 32 (s2), batch-statistics BN) at 16 px: the soak's model (its steps are op-count bound). */
function createSmallResnet(): { loss: (images: tf.Tensor4D, labels: tf.Tensor2D) => tf.Scalar; variables: tf.Variable[] } {
  const weights: Record<string, tf.Variable> = {};
  const conv = (name: string, size: number, inChannels: number, outChannels: number) => {
    weights[name] = tf.variable(tf.mul(tf.randomNormal([size, size, inChannels, outChannels], 0, 1, 'float32', Object.keys(weights).length), Math.sqrt(2 / (size * size * inChannels))));
    weights[`${name}.gamma`] = tf.variable(tf.ones([outChannels]));
    weights[`${name}.beta`] = tf.variable(tf.zeros([outChannels]));
  };
  const widths = [8, 8, 16, 32];
  conv('stem', 3, 3, widths[0]!);
  widths.slice(1).forEach((width, index) => {
    conv(`block${index}.conv1`, 3, widths[index]!, width);
    conv(`block${index}.conv2`, 3, width, width);
    if (width !== widths[index]) conv(`block${index}.shortcut`, 1, widths[index]!, width);
  });
  weights.head = tf.variable(tf.mul(tf.randomNormal([widths.at(-1)!, numClasses], 0, 1, 'float32', 99), 0.1));
  const convBn = (name: string, x: tf.Tensor4D, stride: number) => {
    const y = tf.conv2d(x, weights[name] as tf.Tensor4D, stride, 'same');
    const { mean, variance } = tf.moments(y, [0, 1, 2]);
    return tf.batchNorm(y, mean, variance, weights[`${name}.beta`] as tf.Tensor1D, weights[`${name}.gamma`] as tf.Tensor1D, 1e-5) as tf.Tensor4D;
  };
  const loss = (images: tf.Tensor4D, labels: tf.Tensor2D) => {
    let x = tf.relu(convBn('stem', images, 1));
    widths.slice(1).forEach((width, index) => {
      const stride = width === widths[index] ? 1 : 2;
      const branch = convBn(`block${index}.conv2`, tf.relu(convBn(`block${index}.conv1`, x, stride)), 1);
      const shortcut = width === widths[index] ? x : convBn(`block${index}.shortcut`, x, stride);
      x = tf.relu(tf.add(branch, shortcut));
    });
    return tf.losses.softmaxCrossEntropy(labels, tf.matMul(tf.mean(x, [1, 2]), weights.head as tf.Tensor2D)) as tf.Scalar;
  };
  return { loss, variables: Object.values(weights) };
}

/** Child: 1,000 SGD steps; samples numTensors and RSS every 100 steps; prints one JSON line. */
async function runSoakChild(mode: CpuMode): Promise<void> {
  const actualThreads = await startCpuMode(mode);
  const model = createSmallResnet();
  const images = tf.randomUniform([batch, soakSize, soakSize, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
  const labels = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), numClasses) as tf.Tensor2D;
  const optimizer = tf.train.sgd(0.05);
  const samples: { step: number; numTensors: number; rssMb: number; loss: number }[] = [];
  const start = performance.now();
  for (let step = 1; step <= soakSteps; step++) {
    const loss = optimizer.minimize(() => model.loss(images, labels), true, model.variables)!;
    const value = (await loss.data())[0]!;
    loss.dispose();
    if (step % Math.max(1, Math.floor(soakSteps / 10)) === 0) {
      // A full collection first (the parent starts this child with --expose-gc): V8 frees step garbage late, so
      // without it RSS climbs tens of MB between collections and a sample says little about leaks.
      (globalThis as { gc?: () => void }).gc?.();
      samples.push({ step, numTensors: tf.memory().numTensors, rssMb: process.memoryUsage.rss() / 2 ** 20, loss: value });
    }
  }
  const msPerStep = (performance.now() - start) / soakSteps;
  console.log(JSON.stringify({ threads: actualThreads, msPerStep, samples, loadAverage: loadavg()[0] }));
}

// Best of 3 with 1 and with 2 threads (the references of the 1-thread and 2-thread wasm rows): on a shared machine
// PyTorch's 2-thread steps are bimodal (a preempted OpenMP thread stalls the other), so a median can be 10x off.
const torchScript = String.raw`
import json, sys, time
import torch
${PYTHON_BEST_OF}${PYTHON_SET_THREADS}${PYTHON_BUILD_MODEL}out = {}
for spec in json.loads(sys.argv[1]):
    model = build_model(spec['model'], 2).train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(8, 3, spec['size'], spec['size']); y = torch.tensor([0, 1] * 4)
    def step():
        optimizer.zero_grad(); loss = torch.nn.functional.cross_entropy(model(x), y); loss.backward(); optimizer.step()
    out[spec['model']] = {}
    for threads in (1, 2):
        set_threads(threads)
        out[spec['model']][str(threads)] = best(step, 1, 3)
print(json.dumps({'version': torch.__version__, 'models': out}))
`;

async function runParent(): Promise<void> {
  const torchLoad = loadavg()[0]!;
  const { torch, referenceName } = await runTorchReference<Record<string, Record<string, number>>>(torchScript, [...new Set([...models, ...nativeModels, ...cpuNativeModels])], 'best of 3');
  const nativeUnavailable = nativeUnavailableReason();
  if (nativeUnavailable !== undefined) console.log(`native modes skipped: ${nativeUnavailable}`);
  const nativeThreads = multiCoreThreads > 1 ? [1, multiCoreThreads] : [1];
  const nativeModes: CpuMode[] = nativeUnavailable === undefined ? nativeThreads.map((threads) => ({ threads, native: true })) : [];
  const cpuNativeMode: CpuMode = { threads: 1, native: true, backend: 'cpu' };
  const runs: { model: string; mode: CpuMode }[] = [
    ...models.map((model) => ({ model, mode: { threads: multiCoreThreads, native: false } })),
    ...nativeModels.flatMap((model) => nativeModes.map((mode) => ({ model, mode }))),
    ...(nativeModes.length > 0 ? cpuNativeModels.map((model) => ({ model, mode: cpuNativeMode })) : []),
  ];
  if (multiCoreThreads > 1) runs.splice(1, 0, { model: 'resnet34', mode: { threads: 1, native: false } });
  for (const { model, mode } of runs) {
    const result = runChildProcess(fileURLToPath(import.meta.url), ['step', model, String(mode.threads), String(mode.native), mode.backend ?? 'wasm']) as { ms: number; threads: number; peakRssMb: number; loadAverage: number } | null;
    if (result === null) continue;
    recordBenchRow({
      task: 'train-step',
      model,
      backend: modeLabel({ ...mode, threads: result.threads }),
      batch,
      oursMs: result.ms,
      reference: referenceName(result.threads, model),
      referenceMs: torch?.models[model]?.[String(result.threads)] ?? null,
      extra: { threads: result.threads, peakRssMb: Math.round(result.peakRssMb), loadAverage1m: result.loadAverage, referenceLoadAverage1m: torchLoad },
    });
  }
  for (const mode of [{ threads: multiCoreThreads, native: false }, ...nativeModes.slice(-1)]) soakRun(mode);
}

/** The 1,000-step soak in `mode`: records its row, and throws when numTensors or RSS grew. */
function soakRun(mode: CpuMode): void {
  const soak = runChildProcess(fileURLToPath(import.meta.url), ['soak', String(mode.threads), String(mode.native)], ['--expose-gc']) as { threads: number; msPerStep: number; samples: { step: number; numTensors: number; rssMb: number; loss: number }[]; loadAverage: number } | null;
  if (soak === null) throw new Error(`soak (${modeLabel(mode)}): the child process failed`);
  for (const sample of soak.samples) console.log(`soak ${modeLabel(mode)} step ${sample.step}: numTensors ${sample.numTensors}, RSS ${sample.rssMb.toFixed(1)} MB, loss ${sample.loss.toFixed(4)}`);
  const first = soak.samples[0]!;
  const last = soak.samples.at(-1)!;
  const tensorDrift = Math.max(...soak.samples.map((sample) => sample.numTensors)) - Math.min(...soak.samples.map((sample) => sample.numTensors));
  // RSS is judged from the first sample on (the wasm heap and XNNPACK caches have grown by then) by its highest
  // reading, each taken after a full collection: a leak shows as growth that never comes back.
  const rssGrowthMb = Math.max(...soak.samples.map((sample) => sample.rssMb)) - first.rssMb;
  recordBenchRow({
    task: 'soak-1000-steps',
    model: `small resnet ${soakSize}px`,
    backend: modeLabel({ threads: soak.threads, native: mode.native }),
    batch,
    oursMs: soak.msPerStep,
    reference: 'none',
    referenceMs: null,
    extra: { numTensorsFirst: first.numTensors, numTensorsLast: last.numTensors, tensorDrift, rssFirstMb: Math.round(first.rssMb), rssLastMb: Math.round(last.rssMb), rssMaxGrowthMb: Math.round(rssGrowthMb), loadAverage1m: soak.loadAverage },
  });
  if (tensorDrift !== 0 || rssGrowthMb > 64) throw new Error(`soak (${modeLabel(mode)}): expected flat numTensors and RSS over ${soakSteps} steps; received a tensor drift of ${tensorDrift} and RSS growth of ${rssGrowthMb.toFixed(1)} MB`);
}

const childIndex = process.argv.indexOf('--child');
if (childIndex < 0) {
  await runParent();
} else {
  const [kind, ...rest] = process.argv.slice(childIndex + 1);
  const modeOf = (threads: string | undefined, native: string | undefined, backend = 'wasm'): CpuMode => ({ threads: Number(threads), native: native === 'true', backend: backend === 'cpu' ? 'cpu' : 'wasm' });
  if (kind === 'soak') await runSoakChild(modeOf(rest[0], rest[1]));
  else await runStepChild(rest[0]!, modeOf(rest[1], rest[2], rest[3]));
}
