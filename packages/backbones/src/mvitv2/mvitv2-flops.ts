import type { MultiScaleVitConfig } from './mvitv2-configs';
import type { MultiScaleVitLayout } from './mvitv2-layout';

/** Multiply-accumulate counts of one MViTv2 forward pass for one image, by part. */
export interface Mvitv2MacCount {
  patchEmbed: number;
  /** qkv, proj, shortcut projections, MLP and head: every dense layer. */
  linear: number;
  /** Depthwise q/k/v pooling convolutions. */
  pooling: number;
  /** q k^T and attention @ v. */
  attention: number;
  /** The two relative-position matMuls. */
  relativePosition: number;
  total: number;
}

/**
 * Counts the multiply-accumulates of one image's forward pass analytically from the shape plan (the convention
 * behind timm's published GMACs: one MAC per multiply-add of a convolution, dense layer or matMul; norms,
 * softmax, GELU and pooling maxima are left out). FLOPs are about twice the total.
 */
export function countMvitv2Macs(config: MultiScaleVitConfig, layout: MultiScaleVitLayout, inChannels: number, numClasses: number): Mvitv2MacCount {
  const prefix = layout.numPrefixTokens;
  const [patchHeight, patchWidth] = layout.patchGrid;
  const patchEmbed = patchHeight * patchWidth * config.embedDims[0]! * inChannels * config.patchKernel[0] * config.patchKernel[1];
  let linear = 0;
  let pooling = 0;
  let attention = 0;
  let relativePosition = 0;
  for (const block of layout.blocks) {
    const inputTokens = prefix + block.inputGrid[0] * block.inputGrid[1];
    const queryTokens = prefix + block.queryGrid[0] * block.queryGrid[1];
    const keyTokens = prefix + block.keyGrid[0] * block.keyGrid[1];
    const kernelArea = block.kernel[0] * block.kernel[1];
    linear += inputTokens * block.dim * 3 * block.attentionDim;
    linear += queryTokens * block.attentionDim * block.attentionDim;
    if (block.hasShortcutProjectionAttention) linear += inputTokens * block.dim * block.dimOut;
    if (block.hasShortcutProjectionMlp) linear += queryTokens * block.dim * block.dimOut;
    linear += queryTokens * (block.attentionDim * block.mlpHidden + block.mlpHidden * block.dimOut);
    pooling += block.numHeads * block.headDim * kernelArea * (queryTokens - prefix + 2 * (keyTokens - prefix));
    attention += 2 * block.numHeads * queryTokens * keyTokens * block.headDim;
    relativePosition += block.numHeads * block.queryGrid[0] * block.queryGrid[1] * (block.keyGrid[0] + block.keyGrid[1]) * block.headDim;
  }
  linear += layout.numFeatures * numClasses;
  return { patchEmbed, linear, pooling, attention, relativePosition, total: patchEmbed + linear + pooling + attention + relativePosition };
}
