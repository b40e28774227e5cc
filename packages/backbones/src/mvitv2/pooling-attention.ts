import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@spinedx/core';
import { layerNorm, type LayerNormParameters } from './layer-norm';
import { linear, type LinearParameters } from './linear';
import type { MultiScaleBlockLayout } from './mvitv2-layout';
import { decomposedRelativePositionBias } from './relative-position';

/** Weights of timm's `MultiScaleAttention` (`mode='conv'`), tfjs layouts. */
export interface PoolingAttentionParameters {
  /** `qkv`: `[dim, 3 * attentionDim]`. */
  qkv: LinearParameters;
  /** `proj`: `[attentionDim, attentionDim]`. */
  proj: LinearParameters;
  /** Depthwise pooling filters `[kh, kw, headDim, 1]` (shared by the heads) and the LayerNorms after them. */
  poolQ: tf.Tensor4D;
  poolK: tf.Tensor4D;
  poolV: tf.Tensor4D;
  normQ: LayerNormParameters;
  normK: LayerNormParameters;
  normV: LayerNormParameters;
  /** `rel_pos_h`, `rel_pos_w`: `[length, headDim]`. */
  relPosH: tf.Tensor2D;
  relPosW: tf.Tensor2D;
}

/** Shape facts the attention needs: a subset of the block layout. */
export type PoolingAttentionLayout = Pick<
  MultiScaleBlockLayout,
  'numHeads' | 'headDim' | 'attentionDim' | 'kernel' | 'strideQ' | 'strideKv' | 'inputGrid' | 'queryGrid' | 'keyGrid' | 'relativeIndexHeight' | 'relativeIndexWidth'
>;

/** Behaviour switches of the attention. */
export interface PoolingAttentionOptions {
  numPrefixTokens: number;
  residualPooling: boolean;
  normEps: number;
}

/**
 * Pools one of q, k, v (timm `reshape_pre_pool` -> depthwise conv -> `reshape_post_pool` -> LayerNorm):
 * `[batch * heads, prefix + h * w, headDim]` to `[batch * heads, prefix + h' * w', headDim]`. Class tokens skip the
 * convolution but are normalised with the pooled tokens.
 */
export function poolTokens(
  tokens: tf.Tensor3D,
  grid: readonly [number, number],
  filter: tf.Tensor4D,
  stride: readonly [number, number],
  norm: LayerNormParameters,
  options: { numPrefixTokens: number; normEps: number },
): tf.Tensor3D {
  return tf.tidy(() => {
    const [batchHeads, , headDim] = tokens.shape;
    const { numPrefixTokens } = options;
    const spatial = numPrefixTokens > 0 ? tf.slice(tokens, [0, numPrefixTokens, 0], [-1, -1, -1]) : tokens;
    const image = tf.reshape(spatial, [batchHeads, grid[0], grid[1], headDim]) as tf.Tensor4D;
    const [kernelHeight, kernelWidth] = [filter.shape[0], filter.shape[1]];
    const padding: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [Math.floor(kernelHeight / 2), Math.floor(kernelHeight / 2)],
      [Math.floor(kernelWidth / 2), Math.floor(kernelWidth / 2)],
      [0, 0],
    ];
    const pooled = tf.depthwiseConv2d(image, filter, [stride[0], stride[1]], padding);
    let flat = tf.reshape(pooled, [batchHeads, pooled.shape[1] * pooled.shape[2], headDim]) as tf.Tensor3D;
    if (numPrefixTokens > 0) flat = tf.concat([tf.slice(tokens, [0, 0, 0], [-1, numPrefixTokens, -1]), flat], 1);
    return layerNorm(flat, norm, options.normEps);
  });
}

/**
 * timm's `MultiScaleAttention` forward (`mode='conv'`, spatial relative positions): qkv projection, per-head
 * depthwise-conv pooling of q (query stride) and k, v (key/value stride), `softmax(q k^T / sqrt(d) + rel-pos bias) v`,
 * plus the pooled query (residual pooling), then the output projection. Input `[batch, prefix + h * w, dim]`, output
 * `[batch, prefix + h' * w', attentionDim]` on the query grid. matMul and softmax only, so gradients flow for training and Grad-CAM.
 */
export function poolingAttention(
  input: tf.Tensor3D,
  parameters: PoolingAttentionParameters,
  layout: PoolingAttentionLayout,
  options: PoolingAttentionOptions,
): tf.Tensor3D {
  const [batch, tokens] = input.shape;
  const { numHeads, headDim, attentionDim, inputGrid, queryGrid, keyGrid } = layout;
  const { numPrefixTokens } = options;
  if (tokens !== numPrefixTokens + inputGrid[0] * inputGrid[1]) {
    throw new ShapeError(`poolingAttention: expected ${numPrefixTokens} + ${inputGrid[0]} x ${inputGrid[1]} tokens, received ${tokens}`);
  }
  return tf.tidy(() => {
    // [B, N, 3 * C] -> [3, B * heads, N, headDim], as timm's reshape(B, N, 3, heads, -1).permute(2, 0, 3, 1, 4).
    const qkv = tf.reshape(tf.transpose(tf.reshape(linear(input, parameters.qkv), [batch, tokens, 3, numHeads, headDim]), [2, 0, 3, 1, 4]), [3, batch * numHeads, tokens, headDim]);
    const [queryRaw, keyRaw, valueRaw] = tf.unstack(qkv) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
    const poolOptions = { numPrefixTokens, normEps: options.normEps };
    const query = poolTokens(queryRaw, inputGrid, parameters.poolQ, layout.strideQ, parameters.normQ, poolOptions);
    const key = poolTokens(keyRaw, inputGrid, parameters.poolK, layout.strideKv, parameters.normK, poolOptions);
    const value = poolTokens(valueRaw, inputGrid, parameters.poolV, layout.strideKv, parameters.normV, poolOptions);
    const logits = tf.matMul(tf.mul(query, headDim ** -0.5), key, false, true);
    const bias = decomposedRelativePositionBias({
      query,
      queryGrid,
      keyGrid,
      tableHeight: parameters.relPosH,
      tableWidth: parameters.relPosW,
      indexHeight: layout.relativeIndexHeight,
      indexWidth: layout.relativeIndexWidth,
      numPrefixTokens,
    });
    let attended = tf.matMul(tf.softmax(tf.add(logits, bias)), value);
    if (options.residualPooling) attended = tf.add(attended, query);
    const queryTokens = query.shape[1];
    const merged = tf.reshape(tf.transpose(tf.reshape(attended, [batch, numHeads, queryTokens, headDim]), [0, 2, 1, 3]), [batch, queryTokens, attentionDim]) as tf.Tensor3D;
    return linear(merged, parameters.proj);
  });
}
