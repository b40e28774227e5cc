import type { Random } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';

/** One random convolution geometry for kernel tests. */
export interface ConvCase {
  label: string;
  inputShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  dilations: [number, number];
  pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
  dataFormat: 'NHWC' | 'NCHW';
}

/**
 * Draws convolution geometries that cover strides 1–3, dilations (depthwise only: tfjs needs stride or
 * dilation 1), 'same' / 'valid' / numeric / explicit padding, odd sizes, batch > 1 and channel multipliers.
 */
export function randomConvCase(random: Random, options: { depthwise: boolean; channelsFirst?: boolean }): ConvCase {
  const kernelHeight = random.integer(1, 5);
  const drawnWidth = random.integer(1, 4);
  const padKind = random.integer(0, 3);
  // tfjs sizes numeric padding from the filter height alone, so numeric padding gets square filters.
  const kernelWidth = padKind === 2 ? kernelHeight : drawnWidth;
  const strides: [number, number] = [random.integer(1, 3), random.integer(1, 3)];
  const dilations: [number, number] = options.depthwise && strides[0] === 1 && strides[1] === 1 ? [random.integer(1, 2), random.integer(1, 3)] : [1, 1];
  const height = (kernelHeight - 1) * dilations[0] + random.integer(1, 9);
  const width = (kernelWidth - 1) * dilations[1] + random.integer(1, 9);
  const batch = random.integer(1, 3);
  const inChannels = random.integer(1, 5);
  const outChannels = options.depthwise ? random.integer(1, 2) : random.integer(1, 6);
  const pad: ConvCase['pad'] =
    padKind === 0 ? 'same' : padKind === 1 ? 'valid' : padKind === 2 ? random.integer(0, 2) : [[0, 0], [random.integer(0, 2), random.integer(0, 2)], [random.integer(0, 2), random.integer(0, 2)], [0, 0]];
  const dataFormat = options.channelsFirst === true && random.next() < 0.5 && typeof pad !== 'object' ? 'NCHW' : 'NHWC';
  const inputShape: ConvCase['inputShape'] = dataFormat === 'NCHW' ? [batch, inChannels, height, width] : [batch, height, width, inChannels];
  const label = `x[${inputShape.join(',')}] k${kernelHeight}x${kernelWidth} s${strides.join(',')} d${dilations.join(',')} pad ${JSON.stringify(pad)} ${dataFormat}${options.depthwise ? ` m${outChannels}` : ''}`;
  return { label, inputShape, filterShape: [kernelHeight, kernelWidth, inChannels, outChannels], strides, dilations, pad, dataFormat };
}

/** A tensor of standard normal values drawn from `random`. */
export function randomTensor(random: Random, shape: number[]): tf.Tensor {
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => random.normal()), shape);
}

/** Largest |a − b| over all elements, relative to the largest |b| (at least 1). */
export async function relativeMaxDifference(actual: tf.Tensor, expected: tf.Tensor): Promise<number> {
  if (actual.shape.join() !== expected.shape.join()) return Number.POSITIVE_INFINITY;
  const [a, b] = await Promise.all([actual.data(), expected.data()]);
  let difference = 0;
  let scale = 1;
  for (let index = 0; index < b.length; index++) {
    difference = Math.max(difference, Math.abs(a[index]! - b[index]!));
    scale = Math.max(scale, Math.abs(b[index]!));
  }
  return difference / scale;
}

/** Spreads a [kh, kw, C, m] filter with zeros so a dilation-1 convolution with it equals a dilated one. */
export function spreadFilter(filter: tf.Tensor4D, dilations: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [height, width, channels, multiplier] = filter.shape;
    const spread = tf.pad(tf.reshape(filter, [height, 1, width, 1, channels, multiplier]), [[0, 0], [0, dilations[0] - 1], [0, 0], [0, dilations[1] - 1], [0, 0], [0, 0]]);
    const full = tf.reshape(spread, [height * dilations[0], width * dilations[1], channels, multiplier]);
    return tf.slice(full, [0, 0, 0, 0], [(height - 1) * dilations[0] + 1, (width - 1) * dilations[1] + 1, channels, multiplier]) as tf.Tensor4D;
  });
}
