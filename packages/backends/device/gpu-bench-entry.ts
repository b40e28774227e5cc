/**
 * Measures tfjs's WebGPU backend through Dawn in Node on a GPU machine, stock kernels against
 * `registerWebGpuKernels()`: kernel agreement on the GPU, per-layer convolution kernels, ResNet34 inference and
 * training steps (SGD and the classifier's AdamW, with the programs each dispatches), MViTv2-T inference, peak GPU
 * memory, and the classifier (fit and predict with Grad-CAM). Bundled by
 * `build-device-bundle.mjs`; run by `run-on-device.sh`, which passes the output path as argv[2].
 */
import { writeFileSync } from 'node:fs';
import { initBackend, registerWebGpuKernels, unregisterWebGpuKernels } from '@spinedx/backends';
import { createBackbone } from '@spinedx/backbones';
import { createOptimizer, datasetFromPhantom, SpineClassifier } from '@spinedx/classifier';
import { generateCohort } from '@spinedx/phantom';
import * as tf from '@tensorflow/tfjs-core';

const outputPath = process.argv[2] ?? 'webgpu-results.json';
/**
 * SPINEDX_GPU_BENCH_SMOKE=1 runs the same code on the cpu backend at toy sizes, to check the script itself on a
 * machine without a GPU before spending device time (the registered kernels then never run: no webgpu backend).
 */
const smoke = process.env.SPINEDX_GPU_BENCH_SMOKE === '1';
const scale = (full: number, tiny: number) => (smoke ? tiny : full);
const results: Record<string, unknown> = { started: new Date().toISOString() };
const save = () => writeFileSync(outputPath, `${JSON.stringify(results, null, 2)}\n`);
const log = (...parts: unknown[]) => console.log(`[${(performance.now() / 1000).toFixed(1)}s]`, ...parts);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Waits for the GPU queue by reading one element of `tensor` back. */
async function settle(tensor: tf.Tensor): Promise<void> {
  const first = tf.tidy(() => tf.slice(tf.reshape(tensor, [-1]), [0], [1]));
  await first.data();
  first.dispose();
}

/** Median per-op time of `repeats` queued calls (one readback at the end), over `rounds` rounds, after a warm-up. */
async function timeQueued(run: () => tf.Tensor, repeats: number, rounds = 3): Promise<number> {
  const warm = run();
  await settle(warm);
  warm.dispose();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const outputs: tf.Tensor[] = [];
    const start = performance.now();
    for (let index = 0; index < repeats; index++) outputs.push(run());
    await settle(outputs[outputs.length - 1]!);
    times.push((performance.now() - start) / repeats);
    outputs.forEach((output) => output.dispose());
  }
  return median(times);
}

/** Runs `step` once, counting the programs the webgpu backend dispatches (0 on the smoke run's cpu backend). */
async function countDispatches(step: () => Promise<unknown>): Promise<number> {
  const backend = tf.backend() as unknown as { runWebGPUProgram?: (...args: unknown[]) => unknown };
  const original = backend.runWebGPUProgram;
  if (original === undefined) {
    await step();
    return 0;
  }
  let dispatches = 0;
  backend.runWebGPUProgram = (...args: unknown[]) => {
    dispatches += 1;
    return original.apply(backend, args);
  };
  try {
    await step();
  } finally {
    backend.runWebGPUProgram = original;
  }
  return dispatches;
}

/** Median time of 5 calls with a readback after each, the way an application calls a model. */
async function timeSynced(run: () => tf.Tensor): Promise<number> {
  const times: number[] = [];
  for (let index = 0; index < 5; index++) {
    const start = performance.now();
    const output = run();
    await output.data();
    times.push(performance.now() - start);
    output.dispose();
  }
  return median(times);
}

function randomNormal(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

function runFilterGradient(x: tf.Tensor, dy: tf.Tensor, filterShape: number[], stride: number): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: [stride, stride], pad: 'same', dataFormat: 'NHWC', filterShape } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

function runInputGradient(dy: tf.Tensor, filter: tf.Tensor, inputShape: number[], stride: number): tf.Tensor {
  return tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { inputShape, strides: [stride, stride], pad: 'same', dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** Largest |ours − stock| over the largest |stock|. */
async function relativeDifference(ours: tf.Tensor, stock: tf.Tensor): Promise<number> {
  const [a, b] = await Promise.all([ours.data(), stock.data()]);
  let difference = 0;
  let scale = 1e-30;
  for (let index = 0; index < b.length; index++) {
    difference = Math.max(difference, Math.abs(a[index]! - b[index]!));
    scale = Math.max(scale, Math.abs(b[index]!));
  }
  return difference / scale;
}

/** ResNet layers of the PERF-NOTES table plus the stem: [size, in, out, kernel, stride]. */
const LAYERS: Array<[number, number, number, number, number]> = smoke ? [[16, 3, 8, 7, 2], [8, 8, 8, 3, 1]] : [
  [224, 3, 64, 7, 2],
  [56, 64, 64, 3, 1],
  [28, 128, 128, 3, 1],
  [14, 256, 256, 3, 1],
  [7, 512, 512, 3, 1],
  [112, 64, 64, 3, 2],
  [56, 64, 128, 1, 2],
];

async function checkAgreement(): Promise<void> {
  const rows: unknown[] = [];
  for (const [size, inChannels, outChannels, kernel, stride] of LAYERS) {
    for (const batch of [1, scale(3, 2)]) {
      const height = size + (batch === 3 ? 1 : 0); // odd sizes too
      const x = randomNormal([batch, height, height, inChannels], 1);
      const y = tf.conv2d(x as tf.Tensor4D, tf.zeros([kernel, kernel, inChannels, outChannels]) as tf.Tensor4D, stride, 'same');
      const dy = randomNormal(y.shape, 2);
      y.dispose();
      const stock = runFilterGradient(x, dy, [kernel, kernel, inChannels, outChannels], stride);
      registerWebGpuKernels();
      const ours = runFilterGradient(x, dy, [kernel, kernel, inChannels, outChannels], stride);
      unregisterWebGpuKernels();
      rows.push({ layer: `${height}x${height} ${inChannels}->${outChannels} k${kernel} s${stride}`, batch, relativeMaxDifference: await relativeDifference(ours, stock) });
      tf.dispose([x, dy, stock, ours]);
    }
  }
  results.agreement = rows;
  log('agreement', JSON.stringify(rows));
}

async function timeLayers(batch: number): Promise<void> {
  const rows: unknown[] = [];
  for (const [size, inChannels, outChannels, kernel, stride] of LAYERS) {
    const x = randomNormal([batch, size, size, inChannels], 3) as tf.Tensor4D;
    const filter = tf.mul(randomNormal([kernel, kernel, inChannels, outChannels], 4), 0.05) as tf.Tensor4D;
    const y = tf.conv2d(x, filter, stride, 'same');
    const dy = randomNormal(y.shape, 5) as tf.Tensor4D;
    const filterShape = [kernel, kernel, inChannels, outChannels];
    const forwardMs = await timeQueued(() => tf.conv2d(x, filter, stride, 'same'), 20);
    const inputGradientMs = await timeQueued(() => runInputGradient(dy, filter, x.shape, stride), 20);
    const stockFilterMs = await timeQueued(() => runFilterGradient(x, dy, filterShape, stride), size >= 112 ? 5 : 20);
    registerWebGpuKernels({ tiledInputGradient: true });
    const oursFilterMs = await timeQueued(() => runFilterGradient(x, dy, filterShape, stride), 20);
    const oursInputGradientMs = await timeQueued(() => runInputGradient(dy, filter, x.shape, stride), 20);
    unregisterWebGpuKernels();
    const row = { layer: `${size}x${size} ${inChannels}->${outChannels} k${kernel} s${stride}`, batch, forwardMs, inputGradientMs, oursInputGradientMs, stockFilterMs, oursFilterMs };
    rows.push(row);
    log('layer', JSON.stringify(row));
    tf.dispose([x, filter, y, dy]);
  }
  results.layers = rows;
  save();
}

function gpuBytes(): number {
  const memory = tf.memory() as tf.MemoryInfo & { numBytesInGPUAllocated?: number; numBytesInGPU?: number };
  return memory.numBytesInGPUAllocated ?? memory.numBytesInGPU ?? Number.NaN;
}

async function timeResnet(): Promise<void> {
  const size = scale(224, 32);
  const backbone = createBackbone('resnet34', { numClasses: 2, inputShape: [size, size, 3], seed: 7 });
  const inference: unknown[] = [];
  for (const batch of [1, scale(32, 2)]) {
    const input = randomNormal([batch, size, size, 3], 8) as tf.Tensor4D;
    const ms = await timeQueued(() => backbone.predict(input), 10);
    inference.push({ batch, queuedMs: ms, syncedMs: await timeSynced(() => backbone.predict(input)), imagesPerSecond: (batch * 1000) / ms, gpuBytesAfter: gpuBytes() });
    log('inference', JSON.stringify(inference[inference.length - 1]));
    input.dispose();
  }
  results.inference = inference;
  save();

  const training: unknown[] = [];
  const variables = backbone.trainableVariables();
  const optimizer = tf.train.sgd(1e-3);
  // The classifier's AdamW at batch 8: about fifteen kernels per parameter composite, one fused kernel with ours.
  const adamW = createOptimizer({ kind: 'adamw' });
  const namedVariables = new Map(variables.map((variable) => [variable.name, variable]));
  for (const kernels of ['stock', 'ours'] as const) {
    const batch = scale(8, 1);
    const images = randomNormal([batch, size, size, 3], 9) as tf.Tensor4D;
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, index) => index % 2), 'int32'), 2));
    if (kernels === 'ours') registerWebGpuKernels();
    const step = async (): Promise<number> => {
      const start = performance.now();
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, backbone.forward(images, { training: true, seed: 1 })) as tf.Scalar, variables);
      adamW.step(namedVariables, grads, 1e-3);
      tf.dispose(Object.values(grads));
      await value.data();
      value.dispose();
      return performance.now() - start;
    };
    await step();
    const dispatches = await countDispatches(step);
    const times: number[] = [];
    for (let index = 0; index < scale(5, 1); index++) times.push(await step());
    if (kernels === 'ours') unregisterWebGpuKernels();
    const row = { batch, kernels, optimizer: 'adamw', stepMs: median(times), steps: times, dispatchesPerStep: dispatches, msPerDispatch: median(times) / dispatches, imagesPerSecond: (batch * 1000) / median(times) };
    training.push(row);
    log('training', JSON.stringify(row));
    tf.dispose([images, labels]);
    save();
  }
  adamW.dispose();
  for (const batch of [scale(8, 1), scale(32, 2)]) {
    const images = randomNormal([batch, size, size, 3], 9) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: batch }, (_, index) => index % 2), 'int32'), 2);
    const step = async (): Promise<number> => {
      const start = performance.now();
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, backbone.forward(images, { training: true, seed: 1 })) as tf.Scalar, true, variables);
      await loss!.data();
      loss!.dispose();
      return performance.now() - start;
    };
    // At batch 8 also with tfjs's tiled input-gradient program (registerWebGpuKernels' tiledInputGradient option).
    const configurations = batch === scale(8, 1) ? (['stock', 'ours', 'ours+tiledInputGradient'] as const) : (['stock', 'ours'] as const);
    for (const kernels of configurations) {
      if (kernels !== 'stock') registerWebGpuKernels({ tiledInputGradient: kernels === 'ours+tiledInputGradient' });
      const tensorsBefore = tf.memory().numTensors;
      let peak = gpuBytes();
      await step();
      const dispatches = await countDispatches(step);
      const times: number[] = [];
      const repeats = kernels === 'stock' && batch === 32 ? 3 : scale(5, 1);
      for (let index = 0; index < repeats; index++) {
        times.push(await step());
        peak = Math.max(peak, gpuBytes());
      }
      // Forward only (training mode), to split the step into forward and backward + update.
      const forwardMs = await timeQueued(() => backbone.forward(images, { training: true, seed: 1 }), 3, 1);
      if (kernels !== 'stock') unregisterWebGpuKernels();
      const row = { batch, kernels, optimizer: 'sgd', stepMs: median(times), steps: times, dispatchesPerStep: dispatches, msPerDispatch: median(times) / dispatches, trainingForwardMs: forwardMs, imagesPerSecond: (batch * 1000) / median(times), peakGpuBytesBetweenSteps: peak, leakedTensors: tf.memory().numTensors - tensorsBefore };
      training.push(row);
      log('training', JSON.stringify(row));
      save();
    }
    tf.dispose([images, labels]);
  }
  results.training = training;
  optimizer.dispose();
  backbone.dispose();
  save();
}

/** MViTv2-T inference at batch 1 and 32, stock kernels against ours (LayerNorm, GELU as one dispatch each). */
async function timeMvitv2(): Promise<void> {
  const size = scale(224, 32);
  const backbone = createBackbone('mvitv2_tiny', { numClasses: 2, inputShape: [size, size, 3], seed: 7 });
  const rows: unknown[] = [];
  for (const batch of [1, scale(32, 2)]) {
    const input = randomNormal([batch, size, size, 3], 8) as tf.Tensor4D;
    for (const kernels of ['stock', 'ours'] as const) {
      if (kernels === 'ours') registerWebGpuKernels();
      const ms = await timeQueued(() => backbone.predict(input), 10);
      const dispatches = await countDispatches(async () => tf.dispose(backbone.predict(input)));
      const syncedMs = await timeSynced(() => backbone.predict(input));
      if (kernels === 'ours') unregisterWebGpuKernels();
      const row = { batch, kernels, queuedMs: ms, syncedMs, dispatches, imagesPerSecond: (batch * 1000) / ms };
      rows.push(row);
      log('mvitv2 inference', JSON.stringify(row));
    }
    input.dispose();
  }
  backbone.dispose();
  results.mvitv2Inference = rows;
  save();
}

async function timeClassifier(): Promise<void> {
  const samples = datasetFromPhantom(generateCohort({ seed: 11, patients: scale(16, 4) }));
  const images = await Promise.all(samples.map((sample) => sample.load()));
  const rows: unknown[] = [];
  for (const kernels of ['stock', 'ours'] as const) {
    if (kernels === 'ours') registerWebGpuKernels();
    const classifier = await SpineClassifier.create({ backbone: 'resnet34', inputSize: scale(128, 32), inChannels: 1, seed: 3 });
    const batchRates: number[] = [];
    const fitStart = performance.now();
    await classifier.fit(samples, { epochs: 1, batchSize: 8, onProgress: (event) => (event.type === 'batch' ? batchRates.push(event.imagesPerSecond) : undefined) });
    const fitMs = performance.now() - fitStart;
    const predictTimes: number[] = [];
    const camTimes: number[] = [];
    for (let index = 0; index < 3; index++) {
      let start = performance.now();
      await classifier.predict(images);
      predictTimes.push(performance.now() - start);
      start = performance.now();
      await classifier.predict(images, { gradcam: true });
      camTimes.push(performance.now() - start);
    }
    const single: number[] = [];
    for (let index = 0; index < 5; index++) {
      const start = performance.now();
      await classifier.predict(images[0]!, { gradcam: true });
      single.push(performance.now() - start);
    }
    classifier.dispose();
    if (kernels === 'ours') unregisterWebGpuKernels();
    const row = {
      kernels,
      inputSize: scale(128, 32),
      samples: samples.length,
      fitMs,
      fitImagesPerSecondPerBatch: batchRates,
      predictBatch: images.length,
      predictMs: median(predictTimes.slice(1)),
      predictImagesPerSecond: (images.length * 1000) / median(predictTimes.slice(1)),
      predictGradcamMs: median(camTimes.slice(1)),
      predictGradcamImagesPerSecond: (images.length * 1000) / median(camTimes.slice(1)),
      singleImageGradcamLatencyMs: median(single.slice(1)),
    };
    rows.push(row);
    log('classifier', JSON.stringify(row));
  }
  results.classifier = rows;
  save();
}

async function main(): Promise<void> {
  if (smoke) await import('@tensorflow/tfjs-backend-webgpu'); // registers the stock webgpu kernels ours replace
  const started = await initBackend({ prefer: [smoke ? 'cpu' : 'webgpu'], allowFallback: false });
  const backend = tf.backend() as unknown as { adapterInfo?: unknown; device?: { limits?: Record<string, number> } };
  results.backend = { name: started.name, source: started.source, environment: started.environment, adapterInfo: backend.adapterInfo, training: started.capabilities.training };
  log('backend', JSON.stringify(results.backend));
  save();
  const sections: Array<[string, () => Promise<void>]> = [
    ['agreement', checkAgreement],
    ['layers', () => timeLayers(scale(32, 2))],
    ['resnet34', timeResnet],
    ['mvitv2', timeMvitv2],
    ['classifier', timeClassifier],
  ];
  for (const [name, section] of sections) {
    try {
      await section();
    } catch (error) {
      results[`${name}Error`] = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
      log(`${name} failed`, error);
    }
    save();
  }
  results.finished = new Date().toISOString();
  save();
}

await main();
process.exit(0);
