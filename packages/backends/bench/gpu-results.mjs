// Turns one device run (device/results/<run>/{webgpu,pytorch}.json, written by device/run-on-device.sh on the GPU
// machine) into bench/results.json-style rows in bench/gpu-results.<card>.json, since CI has no GPU.
// Usage: node bench/gpu-results.mjs device/results/2026-11-27-h100 bench/gpu-results.h100.json
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [runDirectory, target] = process.argv.slice(2);
if (!runDirectory || !target) throw new Error('usage: node bench/gpu-results.mjs <run directory> <rows file>');
const webgpu = JSON.parse(readFileSync(path.join(runDirectory, 'webgpu.json'), 'utf8'));
const pytorch = JSON.parse(readFileSync(path.join(runDirectory, 'pytorch.json'), 'utf8'));
const reference = `pytorch-${pytorch.torch.split('+')[0]}-cuda-fp32`;
const device = pytorch.device;
const date = webgpu.started.slice(0, 10);
const rows = [];

function row(task, model, batch, oursMs, referenceMs, extra) {
  const item = { task, model, backend: 'webgpu-dawn-node', batch, oursMs, reference, referenceMs, ratio: referenceMs == null ? null : oursMs / referenceMs, extra: { date, device, ...extra } };
  rows.push(item);
  const ratio = item.ratio == null ? '' : `  ratio ${item.ratio.toFixed(1)}x`;
  console.log(`${task} ${model} [${item.backend}, batch ${batch}${extra.kernels ? `, ${extra.kernels}` : ''}]: ours ${oursMs.toFixed(2)} ms | ${reference} ${referenceMs == null ? 'n/a' : `${referenceMs.toFixed(2)} ms`}${ratio}`);
}

for (const layer of webgpu.layers ?? []) {
  const torchLayer = pytorch.layers.find((entry) => entry.layer === layer.layer);
  row('conv2d-forward', layer.layer, layer.batch, layer.forwardMs, torchLayer?.forwardMs, { kernels: 'stock' });
  row('conv2d-backprop-input', layer.layer, layer.batch, layer.inputGradientMs, torchLayer?.inputGradientMs, { kernels: 'stock' });
  if (layer.oursInputGradientMs !== undefined) row('conv2d-backprop-input', layer.layer, layer.batch, layer.oursInputGradientMs, torchLayer?.inputGradientMs, { kernels: 'ours (tfjs tiled program)', speedupOverStock: layer.inputGradientMs / layer.oursInputGradientMs });
  row('conv2d-backprop-filter', layer.layer, layer.batch, layer.stockFilterMs, torchLayer?.filterGradientMs, { kernels: 'stock' });
  row('conv2d-backprop-filter', layer.layer, layer.batch, layer.oursFilterMs, torchLayer?.filterGradientMs, { kernels: 'ours', speedupOverStock: layer.stockFilterMs / layer.oursFilterMs });
}
for (const entry of webgpu.inference ?? []) {
  const torchEntry = pytorch.inference.find((item) => item.batch === entry.batch);
  row('inference-224', 'resnet34', entry.batch, entry.queuedMs, torchEntry?.ms, { kernels: 'stock (no registered kernel runs in inference)', imagesPerSecond: entry.imagesPerSecond, syncedMs: entry.syncedMs, gpuBytesAfter: entry.gpuBytesAfter, referencePeakGpuBytes: torchEntry?.peakGpuBytes });
}
for (const entry of webgpu.training ?? []) {
  // PyTorch's reference steps use SGD; the AdamW rows (the classifier's optimizer) compare stock with ours only.
  const optimizer = entry.optimizer ?? 'sgd';
  const torchEntry = optimizer === 'sgd' ? pytorch.training.find((item) => item.batch === entry.batch) : undefined;
  row(`training-step-224-${optimizer}`, 'resnet34', entry.batch, entry.stepMs, torchEntry?.stepMs, { kernels: entry.kernels, imagesPerSecond: entry.imagesPerSecond, dispatchesPerStep: entry.dispatchesPerStep, msPerDispatch: entry.msPerDispatch, trainingForwardMs: entry.trainingForwardMs, steps: entry.steps.map((value) => value.toFixed(1)).join(' '), liveGpuBytesBetweenSteps: entry.peakGpuBytesBetweenSteps, leakedTensors: entry.leakedTensors, referencePeakGpuBytes: torchEntry?.peakGpuBytes });
}
for (const entry of webgpu.mvitv2Inference ?? []) {
  const torchEntry = (pytorch.mvitv2Inference ?? []).find((item) => item.batch === entry.batch);
  row('inference-224', 'mvitv2_tiny', entry.batch, entry.queuedMs, torchEntry?.ms, { kernels: entry.kernels, dispatches: entry.dispatches, syncedMs: entry.syncedMs, imagesPerSecond: entry.imagesPerSecond, referencePeakGpuBytes: torchEntry?.peakGpuBytes });
}
for (const entry of webgpu.classifier ?? []) {
  const extra = { kernels: entry.kernels, inputSize: entry.inputSize, samples: entry.samples };
  row('classifier-fit-1-epoch', 'resnet34', 8, entry.fitMs, null, { ...extra, imagesPerSecondPerBatch: entry.fitImagesPerSecondPerBatch.map((value) => value.toFixed(2)).join(' ') });
  row('classifier-predict', 'resnet34', entry.predictBatch, entry.predictMs, null, { ...extra, imagesPerSecond: entry.predictImagesPerSecond });
  row('classifier-predict-gradcam', 'resnet34', entry.predictBatch, entry.predictGradcamMs, null, { ...extra, imagesPerSecond: entry.predictGradcamImagesPerSecond });
  row('classifier-predict-gradcam', 'resnet34', 1, entry.singleImageGradcamLatencyMs, null, extra);
}
writeFileSync(target, `${JSON.stringify(rows, null, 2)}\n`);
