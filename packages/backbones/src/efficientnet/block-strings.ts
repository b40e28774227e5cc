import { InvalidArgumentError } from '@spinedx/core';

/** One decoded timm block string, e.g. `ir_r2_k3_s2_e6_c24_se0.25`. */
export interface BlockArgs {
  /** `ds`: DepthwiseSeparableConv, `ir`: InvertedResidual (MBConv). */
  type: 'ds' | 'ir';
  repeats: number;
  kernelSize: number;
  stride: number;
  expansion: number;
  outChannels: number;
  seRatio: number;
}

/**
 * Decodes a timm EfficientNet block string (`_decode_block_str`) for the options EfficientNet-B0..B3 use:
 * type `ds`/`ir`, then `r` repeats, `k` kernel, `s` stride, `e` expansion, `c` output channels, `se` ratio.
 */
export function decodeBlockString(blockString: string): BlockArgs {
  const [type, ...options] = blockString.split('_');
  if (type !== 'ds' && type !== 'ir') {
    throw new InvalidArgumentError(`decodeBlockString: expected block type 'ds' or 'ir', received '${type}' in '${blockString}'`, { code: 'INVALID_BLOCK_STRING' });
  }
  const values: Record<string, number> = { r: 1, k: 3, s: 1, e: 1, se: 0 };
  for (const option of options) {
    const match = /^(se|[rksec])(\d+(?:\.\d+)?)$/.exec(option);
    if (match === null) throw new InvalidArgumentError(`decodeBlockString: cannot read option '${option}' of '${blockString}'`, { code: 'INVALID_BLOCK_STRING' });
    values[match[1]!] = Number(match[2]);
  }
  if (values.c === undefined) throw new InvalidArgumentError(`decodeBlockString: '${blockString}' has no output channels (c)`, { code: 'INVALID_BLOCK_STRING' });
  return { type, repeats: values.r!, kernelSize: values.k!, stride: values.s!, expansion: values.e!, outChannels: values.c, seRatio: values.se! };
}

/** timm `make_divisible`: nearest multiple of `divisor`, never below `0.9 * value`. */
export function makeDivisible(value: number, divisor = 8, roundLimit = 0.9): number {
  let rounded = Math.max(divisor, Math.floor((value + divisor / 2) / divisor) * divisor);
  if (rounded < roundLimit * value) rounded += divisor;
  return rounded;
}

/** timm `round_channels`: channels scaled by the width multiplier, made divisible by 8. */
export function roundChannels(channels: number, multiplier: number, divisor = 8): number {
  return multiplier ? makeDivisible(channels * multiplier, divisor) : channels;
}

/** Python's `round()` (half to even), which timm uses for squeeze-excitation widths. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const difference = value - floor;
  if (difference > 0.5) return floor + 1;
  if (difference < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** timm `_scale_stage_depth` with `depth_trunc='ceil'` for a stage of one block string. */
export function scaleStageDepth(repeats: number, depthMultiplier: number): number {
  return Math.ceil(repeats * depthMultiplier);
}
