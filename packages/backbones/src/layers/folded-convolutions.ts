import * as tf from '@tensorflow/tfjs-core';
import { batchNormDefaults } from './batch-norm';
import type { ParameterReader } from './parameter-reader';

/** A convolution with its batch norm folded in: `bn(conv(x, w)) = conv(x, weight) + bias`. */
export interface FoldedConvolution {
  weight: tf.Tensor4D;
  bias: tf.Tensor1D;
}

/** Names of a convolution and the batch norm that follows it, as timm names them. */
export interface ConvBatchNormNames {
  /** The convolution's prefix (`layer1.0.conv1`); its weight is `${conv}.weight`. */
  conv: string;
  /** The batch norm's prefix (`layer1.0.bn1`). */
  norm: string;
  /** A depthwise convolution (`[kh, kw, channels, 1]`), whose output channel is the third axis. */
  depthwise?: boolean;
}

/**
 * Folds an evaluation-mode batch norm into the convolution before it:
 * `weight = w * gamma / sqrt(var + eps)` per output channel, `bias = beta - mean * gamma / sqrt(var + eps)`.
 */
export function foldBatchNorm(parameters: ParameterReader, names: ConvBatchNormNames, epsilon: number = batchNormDefaults.epsilon): FoldedConvolution {
  return tf.tidy(() => {
    const weight = parameters(`${names.conv}.weight`) as tf.Tensor4D;
    const mean = parameters(`${names.norm}.running_mean`);
    const scale = tf.mul(parameters(`${names.norm}.weight`), tf.rsqrt(tf.add(parameters(`${names.norm}.running_var`), epsilon))) as tf.Tensor1D;
    // A depthwise filter keeps its channels on axis 2 (`[kh, kw, C, 1]`); a dense one on axis 3.
    const broadcastScale = names.depthwise ? tf.reshape(scale, [1, 1, -1, 1]) : scale;
    return {
      weight: tf.mul(weight, broadcastScale) as tf.Tensor4D,
      bias: tf.sub(parameters(`${names.norm}.bias`), tf.mul(mean, scale)) as tf.Tensor1D,
    };
  });
}

/**
 * Folded convolutions of one backbone, computed once and reused by every evaluation pass.
 *
 * An entry remembers the `dataId` of each of its five source variables (conv weight, gamma, beta, running mean and
 * variance). `tf.Variable.assign` always installs a new `dataId`, so any write to a source (an optimizer step,
 * a training-mode running-statistics update, `loadTimmWeights`, `loadBackboneWeights`, a direct `assign`) makes the
 * entry stale, and the next pass folds again. The check is exact and costs five identity comparisons per layer.
 */
export interface FoldedConvolutionCache {
  /** The folded weight and bias of `names`, refolded when a source variable changed since the last fold. */
  get(parameters: ParameterReader, names: ConvBatchNormNames): FoldedConvolution;
  /** Number of folded layers held. */
  readonly size: number;
  /** Releases every folded tensor; the cache stays usable and refolds on demand. */
  dispose(): void;
}

interface CacheEntry {
  sources: tf.Variable[];
  dataIds: object[];
  folded: FoldedConvolution;
}

function sourcesOf(parameters: ParameterReader, names: ConvBatchNormNames): tf.Variable[] {
  return [`${names.conv}.weight`, `${names.norm}.weight`, `${names.norm}.bias`, `${names.norm}.running_mean`, `${names.norm}.running_var`].map((name) => parameters(name));
}

function isCurrent(entry: CacheEntry, sources: readonly tf.Variable[]): boolean {
  return sources.every((source, index) => source === entry.sources[index] && source.dataId === entry.dataIds[index]);
}

/** An empty {@link FoldedConvolutionCache}. */
export function createFoldedConvolutionCache(): FoldedConvolutionCache {
  const entries = new Map<string, CacheEntry>();
  return {
    get(parameters, names) {
      const sources = sourcesOf(parameters, names);
      const entry = entries.get(names.conv);
      if (entry !== undefined && isCurrent(entry, sources)) return entry.folded;
      if (entry !== undefined) tf.dispose([entry.folded.weight, entry.folded.bias]);
      // Kept: the folded tensors outlive the forward pass's tf.tidy; dispose() releases them.
      const folded = foldBatchNorm(parameters, names);
      tf.keep(folded.weight);
      tf.keep(folded.bias);
      entries.set(names.conv, { sources, dataIds: sources.map((source) => source.dataId), folded });
      return folded;
    },
    get size() {
      return entries.size;
    },
    dispose() {
      for (const entry of entries.values()) tf.dispose([entry.folded.weight, entry.folded.bias]);
      entries.clear();
    },
  };
}
