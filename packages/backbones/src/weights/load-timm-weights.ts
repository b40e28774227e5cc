import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../backbone';
import { toPytorchLayout, toTfjsLayout, type ParameterSpec, type StateDictTensor } from './parameter-spec';
import { WeightMismatchError } from './weight-errors';

/** Options of {@link loadTimmWeights}. */
export interface LoadTimmWeightsOptions {
  /** Accept a state dict with missing keys (they keep their initial values). Default false. */
  allowMissing?: boolean;
}

/** What {@link loadTimmWeights} did, for logs. */
export interface LoadTimmWeightsReport {
  loaded: string[];
  /** Keys adapted on the way (first conv summed for 1-channel input, tables interpolated). */
  adapted: string[];
  /** Classifier keys left at their initial values because the class count differs. */
  skippedClassifier: string[];
}

const withoutAxis = (shape: readonly number[], axis: number): number[] => shape.filter((_, index) => index !== axis);

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((size, index) => size === b[index]);

/**
 * timm's `adapt_input_conv`: a 3-channel first convolution for another channel count. One channel gets the sum of
 * the RGB filters; other counts repeat the RGB filters and rescale by 3 / channels.
 */
export function adaptInputConv(tensor: StateDictTensor, inChannels: number): StateDictTensor {
  const [out, sourceChannels, kernelHeight, kernelWidth] = tensor.shape as [number, number, number, number];
  const plane = kernelHeight * kernelWidth;
  const data = new Float32Array(out * inChannels * plane);
  for (let o = 0; o < out; o++) {
    for (let i = 0; i < inChannels; i++) {
      for (let p = 0; p < plane; p++) {
        let value = 0;
        if (inChannels === 1) {
          for (let s = 0; s < sourceChannels; s++) value += tensor.data[(o * sourceChannels + s) * plane + p]!;
        } else {
          value = (tensor.data[(o * sourceChannels + (i % sourceChannels)) * plane + p]! * sourceChannels) / inChannels;
        }
        data[(o * inChannels + i) * plane + p] = value;
      }
    }
  }
  return { shape: [out, inChannels, kernelHeight, kernelWidth], data };
}

/**
 * Loads a timm state dict (PyTorch names and layouts, e.g. from {@link readSafetensors}) into a backbone: transposes
 * each tensor into tfjs layout, drops `num_batches_tracked`, adapts the first convolution to the backbone's input
 * channels, leaves the classifier untouched when the class count differs, and lets the family adapt other shapes
 * (`Backbone.adaptWeight`). Anything else that does not fit throws a `WeightMismatchError` listing every missing,
 * unexpected and wrongly-shaped key; nothing is assigned unless everything fits.
 */
export function loadTimmWeights(
  backbone: Backbone,
  weights: ReadonlyMap<string, StateDictTensor> | Record<string, StateDictTensor>,
  options: LoadTimmWeightsOptions = {},
): LoadTimmWeightsReport {
  const entries = weights instanceof Map ? new Map(weights) : new Map(Object.entries(weights));
  for (const name of [...entries.keys()]) if (name.endsWith('num_batches_tracked')) entries.delete(name);
  const report: LoadTimmWeightsReport = { loaded: [], adapted: [], skippedClassifier: [] };
  const missing: string[] = [];
  const wrongShape: { name: string; expected: readonly number[]; received: readonly number[] }[] = [];
  const assignments: { spec: ParameterSpec; tensor: StateDictTensor }[] = [];
  const classifierPrefix = `${backbone.config.classifier}.`;

  for (const spec of backbone.parameterSpecs) {
    let tensor = entries.get(spec.name);
    entries.delete(spec.name);
    if (tensor === undefined) {
      missing.push(spec.name);
      continue;
    }
    if (!sameShape(tensor.shape, spec.pytorchShape)) {
      if (spec.name.startsWith(classifierPrefix) && backbone.numClasses !== (tensor.shape[0] ?? -1)) {
        report.skippedClassifier.push(spec.name);
        continue;
      }
      const isFirstConv = spec.name === `${backbone.config.firstConv}.weight` && tensor.shape.length === 4;
      const adapted =
        isFirstConv && sameShape(withoutAxis(tensor.shape, 1), withoutAxis(spec.pytorchShape, 1))
          ? adaptInputConv(tensor, spec.pytorchShape[1]!)
          : (backbone.adaptWeight?.(spec, tensor) ?? null);
      if (adapted === null || !sameShape(adapted.shape, spec.pytorchShape)) {
        wrongShape.push({ name: spec.name, expected: spec.pytorchShape, received: tensor.shape });
        continue;
      }
      report.adapted.push(spec.name);
      tensor = adapted;
    }
    assignments.push({ spec, tensor });
  }
  const unexpected = [...entries.keys()];
  const blockingMissing = options.allowMissing ? [] : missing;
  if (blockingMissing.length > 0 || unexpected.length > 0 || wrongShape.length > 0) {
    const parts = [
      blockingMissing.length > 0 ? `missing ${blockingMissing.length} (${blockingMissing.slice(0, 8).join(', ')}${blockingMissing.length > 8 ? ', …' : ''})` : '',
      unexpected.length > 0 ? `unexpected ${unexpected.length} (${unexpected.slice(0, 8).join(', ')}${unexpected.length > 8 ? ', …' : ''})` : '',
      wrongShape.length > 0
        ? `wrong shape ${wrongShape.length} (${wrongShape.slice(0, 4).map((entry) => `${entry.name}: expected [${entry.expected.join(', ')}], received [${entry.received.join(', ')}]`).join('; ')})`
        : '',
    ].filter(Boolean);
    throw new WeightMismatchError(`loadTimmWeights(${backbone.name}): ${parts.join('; ')}`, { missing: blockingMissing, unexpected, wrongShape });
  }
  for (const { spec, tensor } of assignments) {
    const variable = backbone.variables.get(spec.name);
    if (variable === undefined) throw new WeightMismatchError(`loadTimmWeights(${backbone.name}): no variable for '${spec.name}'`, { missing: [spec.name] });
    const value = tf.tensor(toTfjsLayout(spec, tensor.data), variable.shape, 'float32');
    variable.assign(value);
    value.dispose();
    report.loaded.push(spec.name);
  }
  return report;
}

/** Reads every state-dict entry of a backbone back out in PyTorch layout, under timm names (for safetensors export). */
export function exportTimmWeights(backbone: Backbone): Map<string, StateDictTensor> {
  const out = new Map<string, StateDictTensor>();
  for (const spec of backbone.parameterSpecs) {
    const variable = backbone.variables.get(spec.name);
    if (variable === undefined) continue;
    out.set(spec.name, { shape: [...spec.pytorchShape], data: toPytorchLayout(spec, variable.dataSync() as Float32Array) });
  }
  return out;
}
