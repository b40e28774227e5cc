import type * as tf from '@tensorflow/tfjs-core';

/**
 * Any model split as timm splits it: `forwardFeatures` gives the map that global pooling reduces (the CAM layer),
 * `forwardHead` turns it into logits `[N, K]`. A `Backbone` of `@spinedx/backbones` fits, and so does any object
 * with these two methods. Features are NHWC `[N, h, w, C]`; token models may return another layout and pass
 * `reshape` in the options.
 */
export interface CamModel {
  /** `[N, H, W, channels]` input to the feature map (evaluation mode). */
  forwardFeatures(input: tf.Tensor4D): tf.Tensor;
  /** Feature map (as returned by `forwardFeatures`) to logits `[N, K]`. */
  forwardHead(features: tf.Tensor): tf.Tensor2D;
}

/** The CAM methods of {@link gradCam}, named as in pytorch-grad-cam. */
export type CamMethod = 'gradcam' | 'gradcam++' | 'xgradcam' | 'layercam' | 'hirescam' | 'eigencam' | 'scorecam';

/**
 * What a CAM explains, as a function of the logits: one score per row. `imageIndices[row]` says which input image
 * row `row` belongs to (Score-CAM evaluates many masked copies of one image in a batch). A function that ignores
 * the second argument works whenever its score does not depend on the image.
 */
export type CamTarget = (logits: tf.Tensor2D, imageIndices: readonly number[]) => tf.Tensor1D;

/** Options of {@link gradCam}. */
export interface GradCamOptions {
  /** Default `'gradcam'`. */
  method?: CamMethod;
  /**
   * Class to explain: one for every image, or one per image. Default: each image's predicted class (the argmax of
   * its logits; for a single-logit head, 1 when the logit is > 0, else 0).
   */
  classIndex?: number | readonly number[];
  /** Custom target; overrides `classIndex` (the results then carry `classIndex: null`). */
  target?: CamTarget;
  /** Masked images per forward pass in Score-CAM. Default 16. */
  batchSize?: number;
  /**
   * Turns what `forwardFeatures` returns into an NHWC map `[N, h, w, C]`, e.g. {@link tokensToFeatureMap} for
   * token models. It must only rearrange values (reshape / transpose), since it is applied to the gradients too.
   */
  reshape?: (features: tf.Tensor) => tf.Tensor4D;
}

/** A map over a grid, row-major: `cam[y * width + x]`. */
export interface CamMap {
  height: number;
  width: number;
  cam: Float32Array;
}

/** One image's CAM as {@link gradCam} returns it: raw (not upsampled, not normalised) at feature resolution. */
export interface CamResult extends CamMap {
  /** The class explained; null when a custom `target` was given. */
  classIndex: number | null;
}
