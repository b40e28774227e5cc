import type { RandomAffineOptions } from '../augment/random-affine';
import type { RandomBiasFieldOptions } from '../augment/bias-field';
import type { RandomCoarseDropoutOptions } from '../augment/coarse-dropout';
import type { RandomGaussianNoiseOptions } from '../augment/gaussian-noise';
import type { RandomGammaOptions } from '../augment/random-gamma';
import type { RandomGibbsRingingOptions } from '../augment/gibbs-ringing';
import type { RandomKSpaceSpikeOptions } from '../augment/k-space-spike';

/**
 * The preprocessing facts of a pretrained backbone, declared structurally so this package does not depend on
 * `@spinedx/backbones`: its `PretrainedConfig` satisfies this type as is.
 */
export interface PreprocessConfig {
  /** `[channels, height, width]`, as timm writes it. */
  inputSize: readonly [number, number, number];
  /** Resize interpolation timm evaluates with. */
  interpolation: 'bilinear' | 'bicubic';
  /** Fraction of the resized image kept by the centre crop (timm resizes to `floor(size / cropPct)` first). */
  cropPct: number;
  /** Per-channel mean and standard deviation on a [0, 1] scale. */
  mean: readonly number[];
  std: readonly number[];
}

/** The intensity step that brings raw pixel values to [0, 1] before mean/std normalisation. */
export type IntensityStep =
  | { kind: 'percentiles'; lower: number; upper: number }
  | { kind: 'window'; center: number; width: number }
  | { kind: 'min-max' }
  | { kind: 'none' };

/** An augmentation's options plus the chance it is applied; `false` turns it off. */
export type WithProbability<T> = (T & { probability?: number }) | false;

/** Augmentations of the training pipeline, applied in this order after resizing. */
export interface AugmentationOptions {
  /** Random rotation/zoom/shift/shear (default probability 0.8). */
  affine?: WithProbability<RandomAffineOptions>;
  /** Horizontal flip (default probability 0.5). Vertical flips are not offered for sagittal spine images. */
  flip?: { probability?: number } | false;
  /** Gamma contrast change (default probability 0.3). */
  gamma?: WithProbability<RandomGammaOptions>;
  /** Coil intensity inhomogeneity (default probability 0.3). */
  biasField?: WithProbability<RandomBiasFieldOptions>;
  /** Gaussian noise (default probability 0.3). */
  noise?: WithProbability<RandomGaussianNoiseOptions>;
  /** k-space spike (default probability 0.05). */
  spike?: WithProbability<RandomKSpaceSpikeOptions>;
  /** Gibbs ringing (default probability 0.05). */
  gibbs?: WithProbability<RandomGibbsRingingOptions>;
  /** Coarse dropout (default probability 0.2). */
  dropout?: WithProbability<RandomCoarseDropoutOptions>;
}

/** Options of {@link preprocessFor}. */
export interface PreprocessOptions {
  /** Model input channels: 1 (grey; normalised with the mean of `mean` and of `std`) or 3 (grey replicated). Default: `inputSize[0]`. */
  channels?: 1 | 3;
  /** Default `{ kind: 'percentiles', lower: 0.5, upper: 99.5 }`, clipped: MR has no absolute intensity unit. */
  intensity?: IntensityStep;
  /** `'crop'` (default, timm): shortest edge to `floor(size / cropPct)`, then centre crop. `'letterbox'`: fit and pad, nothing cut off. */
  fit?: 'crop' | 'letterbox';
  /** Training augmentations; `false` disables all of them. */
  augmentation?: AugmentationOptions | false;
  /**
   * Evaluation only: return the same output buffer on every call (no allocation per image). The previous
   * result is overwritten by the next call, so consume it (e.g. copy it into a batch tensor) first.
   */
  reuseOutput?: boolean;
}
