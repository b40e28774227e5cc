import type { PretrainedConfig } from '../pretrained-config';

/**
 * Architecture of one MViTv2 variant: timm's `MultiScaleVitCfg` (`timm/models/mvitv2.py`) with the per-stage
 * values already expanded (timm's `__post_init__`). Only the pooling mode, relative-position type and block order
 * that every timm MViTv2 variant uses are supported: `mode='conv'`, `rel_pos_type='spatial'`, `pool_first=False`.
 */
export interface MultiScaleVitConfig {
  /** Blocks per stage. */
  depths: readonly number[];
  /** Channels per stage (timm doubles the first one each stage). */
  embedDims: readonly number[];
  /** Attention heads per stage. */
  numHeads: readonly number[];
  mlpRatio: number;
  /** timm `expand_attn`: the first block of a stage widens inside attention (true) or the last block of the previous stage widens in its MLP (false). */
  expandAttention: boolean;
  qkvBias: boolean;
  /** A class token is prepended to the patch tokens and pooled by the head (`_cls` variants). */
  useClassToken: boolean;
  /** A learned absolute position embedding is added after the patch embedding. */
  useAbsolutePosition: boolean;
  /** Adds the pooled query to the attention output (MViTv2's residual pooling connection). */
  residualPooling: boolean;
  /** Depthwise pooling kernel of q, k and v. */
  kernelQkv: readonly [number, number];
  /** Query stride per stage (applied by the stage's first block). */
  strideQ: readonly (readonly [number, number])[];
  /** Key/value stride per stage, from timm's adaptive rule (see {@link adaptiveStrideKv}). */
  strideKv: readonly (readonly [number, number])[];
  patchKernel: readonly [number, number];
  patchStride: readonly [number, number];
  patchPadding: readonly [number, number];
  /** LayerNorm epsilon. */
  normEps: number;
}

/**
 * timm's adaptive key/value stride: start from `initial` and divide by the query stride each time a stage
 * downsamples, never below 1. So (4, 4) with query strides 1, 2, 2, 2 gives 4, 2, 1, 1.
 */
export function adaptiveStrideKv(
  initial: readonly [number, number],
  strideQ: readonly (readonly [number, number])[],
): [number, number][] {
  let current: [number, number] = [initial[0], initial[1]];
  return strideQ.map((stride) => {
    if (Math.min(stride[0], stride[1]) > 1) current = [Math.max(Math.floor(current[0] / stride[0]), 1), Math.max(Math.floor(current[1] / stride[1]), 1)];
    return [current[0], current[1]];
  });
}

/** Builds a config the way timm's `MultiScaleVitCfg` defaults and `__post_init__` do. */
function multiScaleVitConfig(options: {
  depths: readonly number[];
  embedDim?: number;
  numHeads?: number;
  expandAttention?: boolean;
  useClassToken?: boolean;
}): MultiScaleVitConfig {
  const { depths, embedDim = 96, numHeads = 1, expandAttention = true, useClassToken = false } = options;
  const strideQ: [number, number][] = [
    [1, 1],
    [2, 2],
    [2, 2],
    [2, 2],
  ];
  return {
    depths,
    embedDims: depths.map((_, stage) => embedDim * 2 ** stage),
    numHeads: depths.map((_, stage) => numHeads * 2 ** stage),
    mlpRatio: 4,
    expandAttention,
    qkvBias: true,
    useClassToken,
    useAbsolutePosition: false,
    residualPooling: true,
    kernelQkv: [3, 3],
    strideQ,
    strideKv: adaptiveStrideKv([4, 4], strideQ),
    patchKernel: [7, 7],
    patchStride: [4, 4],
    patchPadding: [3, 3],
    normEps: 1e-6,
  };
}

/** Every timm MViTv2 variant (`model_cfgs` of `timm/models/mvitv2.py`), by timm id. */
export const mvitv2Configs = {
  mvitv2_tiny: multiScaleVitConfig({ depths: [1, 2, 5, 2] }),
  mvitv2_small: multiScaleVitConfig({ depths: [1, 2, 11, 2] }),
  mvitv2_base: multiScaleVitConfig({ depths: [2, 3, 16, 3] }),
  mvitv2_large: multiScaleVitConfig({ depths: [2, 6, 36, 4], embedDim: 144, numHeads: 2, expandAttention: false }),
  mvitv2_small_cls: multiScaleVitConfig({ depths: [1, 2, 11, 2], useClassToken: true }),
  mvitv2_base_cls: multiScaleVitConfig({ depths: [2, 3, 16, 3], useClassToken: true }),
  mvitv2_large_cls: multiScaleVitConfig({ depths: [2, 6, 36, 4], embedDim: 144, numHeads: 2, useClassToken: true }),
  mvitv2_huge_cls: multiScaleVitConfig({ depths: [4, 8, 60, 8], embedDim: 192, numHeads: 3, useClassToken: true }),
} as const satisfies Record<string, MultiScaleVitConfig>;

/** timm id of an MViTv2 variant. */
export type Mvitv2Name = keyof typeof mvitv2Configs;

/** timm's `_cfg` for MViTv2 (ImageNet mean/std, bicubic, crop 0.9, fixed 224 input). */
function mvitv2PretrainedConfig(numClasses = 1000): PretrainedConfig {
  return {
    inputSize: [3, 224, 224],
    interpolation: 'bicubic',
    cropPct: 0.9,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    numClasses,
    firstConv: 'patch_embed.proj',
    classifier: 'head.fc',
    fixedInputSize: true,
  };
}

/** Pretrained configs of the MViTv2 variants, copied from timm's `default_cfgs` (in21k `_cls` heads have 19168 classes). */
export const mvitv2PretrainedConfigs: Readonly<Record<Mvitv2Name, PretrainedConfig>> = {
  mvitv2_tiny: mvitv2PretrainedConfig(),
  mvitv2_small: mvitv2PretrainedConfig(),
  mvitv2_base: mvitv2PretrainedConfig(),
  mvitv2_large: mvitv2PretrainedConfig(),
  mvitv2_small_cls: mvitv2PretrainedConfig(),
  mvitv2_base_cls: mvitv2PretrainedConfig(19168),
  mvitv2_large_cls: mvitv2PretrainedConfig(19168),
  mvitv2_huge_cls: mvitv2PretrainedConfig(19168),
};
