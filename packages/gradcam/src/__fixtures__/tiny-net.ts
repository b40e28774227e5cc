// The tiny conv net of make-small-cases.py, rebuilt in tfjs from the weights stored in small-cases.json.
import * as tf from '@tensorflow/tfjs';
import type { CamModel } from '../cam-types';
import fixture from './small-cases.json';

/** The small-cases fixture, typed. */
export const smallCases = fixture as unknown as {
  input: { shape: [number, number, number, number]; data: number[] };
  featureSize: [number, number];
  weights: {
    conv1: { shape: [number, number, number, number]; data: number[] };
    conv1Bias: number[];
    conv2: { shape: [number, number, number, number]; data: number[] };
    conv2Bias: number[];
    heads: Record<string, { shape: [number, number]; data: number[]; bias: number[] }>;
  };
  logits: Record<string, number[]>;
  cases: { numClasses: number; method: string; classIndex: number[] | null; expectedClass: number[]; cam: number[] }[];
  upsample: { source: { size: [number, number]; values: number[] }; cases: { size: [number, number]; values: number[] }[] };
};

/** The fixture net with a head of `numClasses` logits; dispose() releases its weights. */
export function createTinyNet(numClasses: 1 | 2 | 3): CamModel & { dispose(): void } {
  const { weights } = smallCases;
  const head = weights.heads[String(numClasses)]!;
  const conv1 = tf.tensor4d(weights.conv1.data, weights.conv1.shape);
  const conv1Bias = tf.tensor1d(weights.conv1Bias);
  const conv2 = tf.tensor4d(weights.conv2.data, weights.conv2.shape);
  const conv2Bias = tf.tensor1d(weights.conv2Bias);
  const dense = tf.tensor2d(head.data, head.shape);
  const denseBias = tf.tensor1d(head.bias);
  return {
    forwardFeatures: (input) => tf.tidy(() => tf.relu(tf.add(tf.conv2d(input, conv1, 1, 'valid'), conv1Bias))),
    forwardHead: (features) =>
      tf.tidy(() => {
        const hidden = tf.mean(tf.relu(tf.add(tf.conv2d(features as tf.Tensor4D, conv2, 1, 'valid'), conv2Bias)), [1, 2]);
        return tf.add(tf.matMul(hidden, dense), denseBias) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose([conv1, conv1Bias, conv2, conv2Bias, dense, denseBias]),
  };
}

/** The fixture input `[2, 6, 7, 3]`. */
export function tinyInput(): tf.Tensor4D {
  return tf.tensor4d(smallCases.input.data, smallCases.input.shape);
}
