import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from '../layers/forward-context';
import { dropPath } from './drop-path';
import { layerNorm, type LayerNormParameters } from './layer-norm';
import { linear, type LinearParameters } from './linear';
import { mlp, type MlpParameters } from './mlp';
import type { MultiScaleBlockLayout } from './mvitv2-layout';
import { poolingAttention, type PoolingAttentionOptions, type PoolingAttentionParameters } from './pooling-attention';

/** Weights of timm's `MultiScaleBlock`. */
export interface MultiScaleBlockParameters {
  norm1: LayerNormParameters;
  /** `shortcut_proj_attn` (dim -> dimOut) at a stage's first block when attention expands. */
  shortcutProjAttn?: LinearParameters;
  attn: PoolingAttentionParameters;
  norm2: LayerNormParameters;
  /** `shortcut_proj_mlp` (dim -> dimOut) at a stage's last block when attention does not expand (mvitv2_large). */
  shortcutProjMlp?: LinearParameters;
  mlp: MlpParameters;
}

/**
 * timm `MultiScaleBlock._shortcut_pool`: max pooling (kernel stride + 1, padding kernel // 2, PyTorch's implicit
 * -inf padding) of the residual on the token grid, so it matches the query-strided attention output. Class tokens pass through.
 */
export function shortcutMaxPool(
  tokens: tf.Tensor3D,
  grid: readonly [number, number],
  pool: NonNullable<MultiScaleBlockLayout['shortcutPool']>,
  numPrefixTokens: number,
): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, , channels] = tokens.shape;
    const spatial = numPrefixTokens > 0 ? tf.slice(tokens, [0, numPrefixTokens, 0], [-1, -1, -1]) : tokens;
    const image = tf.reshape(spatial, [batch, grid[0], grid[1], channels]) as tf.Tensor4D;
    // tfjs pools only over in-bounds positions, which equals PyTorch's -inf padding; explicit pad keeps asymmetric kernels right.
    const padded = tf.pad(image, [[0, 0], [pool.padding[0], pool.padding[0]], [pool.padding[1], pool.padding[1]], [0, 0]], -Infinity);
    const pooled = tf.maxPool(padded, pool.kernel, pool.stride, 'valid');
    const flat = tf.reshape(pooled, [batch, pooled.shape[1] * pooled.shape[2], channels]) as tf.Tensor3D;
    return numPrefixTokens > 0 ? tf.concat([tf.slice(tokens, [0, 0, 0], [-1, numPrefixTokens, -1]), flat], 1) : flat;
  });
}

/**
 * timm's `MultiScaleBlock.forward`: `x = shortcut + attn(norm1(x))`, then `x = shortcut + mlp(norm2(x))`. As in the
 * original implementation the attention shortcut is the un-normalised input unless it needs a projection, in which
 * case it is `shortcut_proj_attn(norm1(x))`; either way it is max-pooled when the query is strided.
 */
export function multiScaleBlock(
  input: tf.Tensor3D,
  parameters: MultiScaleBlockParameters,
  layout: MultiScaleBlockLayout,
  options: PoolingAttentionOptions & { context: ForwardContext },
): tf.Tensor3D {
  return tf.tidy(() => {
    const normalised = layerNorm(input, parameters.norm1, options.normEps);
    let shortcut = parameters.shortcutProjAttn === undefined ? input : linear(normalised, parameters.shortcutProjAttn);
    if (layout.shortcutPool !== null) shortcut = shortcutMaxPool(shortcut, layout.inputGrid, layout.shortcutPool, options.numPrefixTokens);
    const attended = poolingAttention(normalised, parameters.attn, layout, options);
    const afterAttention = tf.add(shortcut, dropPath(attended, layout.dropPathRate, options.context));
    const normalised2 = layerNorm(afterAttention, parameters.norm2, options.normEps);
    const mlpShortcut = parameters.shortcutProjMlp === undefined ? afterAttention : linear(normalised2, parameters.shortcutProjMlp);
    return tf.add(mlpShortcut, dropPath(mlp(normalised2, parameters.mlp), layout.dropPathRate, options.context));
  });
}
