/**
 * Preprocessing and layer-name facts of a pretrained variant, copied from timm's `default_cfg`
 * (`timm/models/_pretrained.py`). Preprocessing reads mean/std/input size from here, never from constants.
 */
export interface PretrainedConfig {
  /** `[channels, height, width]`, as timm writes it. */
  inputSize: readonly [number, number, number];
  /** Resize interpolation timm evaluates with. */
  interpolation: 'bilinear' | 'bicubic';
  /** Fraction of the resized image kept by the centre crop at evaluation. */
  cropPct: number;
  /** Per-channel mean and standard deviation on a [0, 1] scale. */
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
  /** Default number of classes of the pretrained head. */
  numClasses: number;
  /** timm name of the first convolution (adapted for 1-channel input). */
  firstConv: string;
  /** timm name prefix of the classifier (dropped when the class count differs). */
  classifier: string;
  /** True when the model only accepts its native input size without adaptation (MViTv2). */
  fixedInputSize?: boolean;
}
