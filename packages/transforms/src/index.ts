/**
 * @packageDocumentation
 * Pure, composable preprocessing and seeded augmentation on `ImageArray`s. No TensorFlow.js in this entry;
 * `@spinedx/transforms/tfjs` turns a batch into an NHWC tensor.
 */
export type { Transform } from './compose';
export { compose } from './compose';
export type { KeyedRecord } from './keyed';
export { keyed, keyedRandom } from './keyed';
export type { SliceSelection } from './slice-selection';
export { centralSlices, middleSlice, selectSlices, sliceRange } from './slice-selection';

// Intensity
export { computePercentiles } from './intensity/percentile';
export type { ScaleIntensityPercentilesOptions } from './intensity/scale-intensity-percentiles';
export { scaleIntensityPercentiles } from './intensity/scale-intensity-percentiles';
export type { ScaleIntensityMinMaxOptions } from './intensity/scale-intensity-min-max';
export { scaleIntensityMinMax } from './intensity/scale-intensity-min-max';
export type { WindowLevelOptions } from './intensity/window-level';
export { windowLevel } from './intensity/window-level';
export type { ZScoreOptions } from './intensity/z-score';
export { zScore } from './intensity/z-score';
export type { HistogramEqualizeOptions } from './intensity/histogram-equalize';
export { histogramEqualize } from './intensity/histogram-equalize';
export { replicateChannels } from './intensity/replicate-channels';
export type { NormalizeOptions } from './intensity/normalize';
export { normalize } from './intensity/normalize';

// Geometry
export type { ResizeMethod } from './geometry/resize-weights';
export type { ResizeOptions } from './geometry/resize';
export { resize } from './geometry/resize';
export type { ResizeShortestEdgeOptions } from './geometry/resize-shortest-edge';
export { resizeShortestEdge } from './geometry/resize-shortest-edge';
export type { ResampleToSpacingOptions } from './geometry/resample-spacing';
export { resampleToSpacing } from './geometry/resample-spacing';
export type { CenterCropOptions, MillimetreRegion, PixelRegion } from './geometry/crop';
export { centerCrop, crop, cropRegion } from './geometry/crop';
export type { PadOptions } from './geometry/pad';
export { pad } from './geometry/pad';
export type { LetterboxOptions } from './geometry/letterbox';
export { letterbox } from './geometry/letterbox';
export { flip, rotate90 } from './geometry/flip';
export type { AffineOptions, RotateOptions } from './geometry/affine';
export { affine, rotate } from './geometry/affine';

// Augmentation (seeded: every random choice comes from the `Random` argument)
export type { Range } from './augment/range-option';
export type { RandomAffineOptions } from './augment/random-affine';
export { randomAffine } from './augment/random-affine';
export type { RandomFlipOptions } from './augment/random-flip';
export { randomFlip } from './augment/random-flip';
export type { RandomCropOptions } from './augment/random-crop';
export { randomCrop } from './augment/random-crop';
export type { RandomGammaOptions } from './augment/random-gamma';
export { randomGamma } from './augment/random-gamma';
export type { RandomGaussianNoiseOptions } from './augment/gaussian-noise';
export { randomGaussianNoise } from './augment/gaussian-noise';
export type { RandomBiasFieldOptions } from './augment/bias-field';
export { randomBiasField } from './augment/bias-field';
export type { RandomKSpaceSpikeOptions } from './augment/k-space-spike';
export { randomKSpaceSpike } from './augment/k-space-spike';
export type { RandomGibbsRingingOptions } from './augment/gibbs-ringing';
export { randomGibbsRinging } from './augment/gibbs-ringing';
export type { RandomCoarseDropoutOptions } from './augment/coarse-dropout';
export { randomCoarseDropout } from './augment/coarse-dropout';

// Ready pipelines for a backbone
export type { AugmentationOptions, IntensityStep, PreprocessConfig, PreprocessOptions, WithProbability } from './pipeline/preprocess-config';
export type { Preprocessing } from './pipeline/preprocess-for';
export { preprocessFor } from './pipeline/preprocess-for';
