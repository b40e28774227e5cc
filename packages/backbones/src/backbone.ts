import type * as tf from '@tensorflow/tfjs-core';
import type { PretrainedConfig } from './pretrained-config';
import type { ParameterSpec, StateDictTensor } from './weights/parameter-spec';

/** Options of a forward pass. */
export interface ForwardOptions {
  /**
   * Training mode: batch norm normalises with batch statistics and updates its running statistics
   * (PyTorch momentum 0.1, unbiased running variance), dropout and drop-path are active. Default false (timm's eval()).
   */
  training?: boolean;
  /**
   * Seed of the training-mode randomness (dropout, drop-path) of this pass. Passing one makes a training step
   * reproducible, which resumable training relies on; without it the randomness is unseeded.
   */
  seed?: number;
}

/**
 * A classification backbone split as timm splits it: `forwardFeatures` gives the map that global pooling reduces
 * (the Grad-CAM target), `forwardHead` pools it and applies the classifier. All tensors are NHWC.
 *
 * Parameters live in `variables`, keyed by their timm `state_dict` names and stored in tfjs layout; they are
 * trained with any `tf.train` optimizer over `trainableVariables()`, saved with `exportTimmWeights` (safetensors,
 * timm names) or `tf.io` weight encoding, and loaded with `loadTimmWeights`. This plays the role of a
 * `tf.LayersModel`: SpineDx does not use tfjs-layers, so that weights cross exactly one, timm-named seam.
 */
export interface Backbone {
  /** timm model id, e.g. `resnet34`. */
  readonly name: string;
  readonly config: PretrainedConfig;
  readonly numClasses: number;
  /** `[height, width, channels]` the backbone was built for. */
  readonly inputShape: readonly [number, number, number];
  /** Channels of the feature map (`forwardFeatures(x).shape[3]`). */
  readonly numFeatures: number;
  /** Every state-dict entry, in timm `state_dict` order. */
  readonly parameterSpecs: readonly ParameterSpec[];
  /** tfjs variables by timm name (parameters and buffers). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  /** `[N, H, W, C]` input to the pre-pooling feature map `[N, h, w, numFeatures]`. */
  forwardFeatures(input: tf.Tensor4D, options?: ForwardOptions): tf.Tensor4D;
  /** Feature map to logits `[N, numClasses]` (global average pooling, dropout in training, classifier). */
  forwardHead(features: tf.Tensor4D, options?: ForwardOptions): tf.Tensor2D;
  /** `forwardHead(forwardFeatures(input))`. */
  forward(input: tf.Tensor4D, options?: ForwardOptions): tf.Tensor2D;
  /** Evaluation-mode logits inside `tf.tidy`. */
  predict(input: tf.Tensor4D): tf.Tensor2D;
  /** The trainable variables (no batch-norm statistics), optionally without the classifier. */
  trainableVariables(options?: { includeClassifier?: boolean; includeBackbone?: boolean }): tf.Variable[];
  /**
   * Family hook for weights whose shape legitimately differs (e.g. MViTv2 relative-position tables for another input
   * size): returns the adapted PyTorch-layout tensor, or null when it cannot adapt.
   */
  adaptWeight?(spec: ParameterSpec, tensor: StateDictTensor): StateDictTensor | null;
  /** Releases every variable. */
  dispose(): void;
}
