import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean softmax cross-entropy of `logits` [N, K] against integer `labels`, with label smoothing (PyTorch's definition:
 * target = (1 - s) * one_hot + s / K) and optional per-class weights (a sample's loss times its class weight, divided
 * by the sum of the batch's weights, as PyTorch's weighted CrossEntropyLoss).
 */
export function crossEntropyLoss(
  logits: tf.Tensor2D,
  labels: readonly number[],
  options: { labelSmoothing?: number; classWeights?: readonly number[] } = {},
): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const smoothing = options.labelSmoothing ?? 0;
    const oneHot = tf.oneHot(tf.tensor1d([...labels], 'int32'), classes);
    const target = tf.add(tf.mul(oneHot, 1 - smoothing), smoothing / classes);
    const perSample = tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1));
    const weights = tf.tensor1d(labels.map((label) => options.classWeights?.[label] ?? 1));
    return tf.div(tf.sum(tf.mul(perSample, weights)), tf.sum(weights)) as tf.Scalar;
  });
}

/** 'balanced' class weights as scikit-learn: n_samples / (n_classes * count(class)). */
export function balancedClassWeights(labels: readonly number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts.map((count) => (count === 0 ? 0 : labels.length / (classes * count)));
}
