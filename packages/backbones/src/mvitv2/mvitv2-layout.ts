import { InvalidArgumentError } from '@spinedx/core';
import { convOutputSize } from '../conv-output-size';
import type { MultiScaleVitConfig } from './mvitv2-configs';
import { relativePositionIndices } from './relative-position';

/** Shape facts of one multi-scale block, worked out once from the config and the input size. */
export interface MultiScaleBlockLayout {
  /** timm name prefix, e.g. `stages.1.blocks.0`. */
  prefix: string;
  dim: number;
  dimOut: number;
  /** Width inside attention and the MLP input: `dimOut` when attention expands, else `dim`. */
  attentionDim: number;
  numHeads: number;
  headDim: number;
  mlpHidden: number;
  kernel: readonly [number, number];
  strideQ: readonly [number, number];
  strideKv: readonly [number, number];
  /** Token grid entering the block and the (query-pooled) grid leaving it, as the forward pass computes them. */
  inputGrid: readonly [number, number];
  queryGrid: readonly [number, number];
  keyGrid: readonly [number, number];
  /** Rows of `rel_pos_h` / `rel_pos_w`, sized as timm sizes them (from `img_size // patch_stride`). */
  relativePositionLength: number;
  /** Row of the table for each (query, key) pair, `[queryGrid[0] * keyGrid[0]]` and `[queryGrid[1] * keyGrid[1]]`. */
  relativeIndexHeight: Int32Array;
  relativeIndexWidth: Int32Array;
  hasShortcutProjectionAttention: boolean;
  hasShortcutProjectionMlp: boolean;
  /** Max pooling of the attention shortcut (kernel stride + 1), or null when the query is not strided. */
  shortcutPool: { kernel: [number, number]; stride: [number, number]; padding: [number, number] } | null;
  /** Stochastic depth rate in training. */
  dropPathRate: number;
}

/** The whole network's shape plan. */
export interface MultiScaleVitLayout {
  patchGrid: readonly [number, number];
  blocks: MultiScaleBlockLayout[];
  /** Channels of the final token map. */
  numFeatures: number;
  /** Final token grid (7 x 7 for a 224 input). */
  featureGrid: readonly [number, number];
  numPrefixTokens: number;
}

const isStrided = (stride: readonly [number, number]): boolean => stride[0] * stride[1] > 1;

/**
 * Plans every block as timm's `MultiScaleVit.__init__` does: stage widths and heads, which block carries the
 * query stride and the channel expansion, and the relative-position table sizes, which timm derives from
 * `img_size // patch_stride` and `size // stride` while the forward pass uses convolution output sizes.
 * Input sizes for which the two disagree so much that a table index falls outside the table (timm would fail
 * there with an index error) throw an `InvalidArgumentError`, as do non-square inputs (timm asserts square grids).
 */
export function planMultiScaleVit(config: MultiScaleVitConfig, inputSize: readonly [number, number], dropPathRate = 0, caller = 'createMvitv2'): MultiScaleVitLayout {
  const [height, width] = inputSize;
  if (height !== width) {
    throw new InvalidArgumentError(`${caller}: MViTv2's spatial relative positions need a square input, received ${height} x ${width}`, { code: 'NON_SQUARE_INPUT' });
  }
  const stageCount = config.depths.length;
  const totalDepth = config.depths.reduce((sum, depth) => sum + depth, 0);
  let tableSize = Math.floor(height / config.patchStride[0]);
  let grid: [number, number] = [
    convOutputSize(height, config.patchKernel[0], config.patchStride[0], config.patchPadding[0]),
    convOutputSize(width, config.patchKernel[1], config.patchStride[1], config.patchPadding[1]),
  ];
  const patchGrid = grid;
  let dim = config.embedDims[0]!;
  let blockIndex = 0;
  const blocks: MultiScaleBlockLayout[] = [];
  for (let stage = 0; stage < stageCount; stage++) {
    const stageDimOut = config.expandAttention ? config.embedDims[stage]! : config.embedDims[Math.min(stage + 1, stageCount - 1)]!;
    const depth = config.depths[stage]!;
    const numHeads = config.numHeads[stage]!;
    for (let index = 0; index < depth; index++) {
      const dimOut = config.expandAttention || index === depth - 1 ? stageDimOut : dim;
      const attentionDim = config.expandAttention ? dimOut : dim;
      const strideQ = index === 0 ? config.strideQ[stage]! : ([1, 1] as const);
      const strideKv = config.strideKv[stage]!;
      const kernel = config.kernelQkv;
      const padding = [Math.floor(kernel[0] / 2), Math.floor(kernel[1] / 2)] as const;
      const queryTable = Math.floor(tableSize / strideQ[1]);
      const keyTable = Math.floor(tableSize / strideKv[1]);
      const relativePositionLength = 2 * Math.max(queryTable, keyTable) - 1;
      const queryGrid: [number, number] = [convOutputSize(grid[0], kernel[0], strideQ[0], padding[0]), convOutputSize(grid[1], kernel[1], strideQ[1], padding[1])];
      const keyGrid: [number, number] = [convOutputSize(grid[0], kernel[0], strideKv[0], padding[0]), convOutputSize(grid[1], kernel[1], strideKv[1], padding[1])];
      const prefix = `stages.${stage}.blocks.${index}`;
      const relativeIndexHeight = relativePositionIndices(queryGrid[0], keyGrid[0]);
      const relativeIndexWidth = relativePositionIndices(queryGrid[1], keyGrid[1]);
      const largestIndex = Math.max(...relativeIndexHeight, ...relativeIndexWidth);
      if (queryTable < 1 || largestIndex >= relativePositionLength) {
        throw new InvalidArgumentError(
          `${caller}: input ${height} x ${width} does not fit MViTv2's relative-position tables at ${prefix} ` +
            `(timm sizes the table for a ${queryTable}-token query grid, ${relativePositionLength} rows; the forward grid ${queryGrid.join(' x ')} needs row ${largestIndex}); use a multiple of 32`,
          { code: 'UNSUPPORTED_INPUT_SIZE' },
        );
      }
      const shortcutPool = isStrided(strideQ)
        ? {
            kernel: [strideQ[0] > 1 ? strideQ[0] + 1 : strideQ[0], strideQ[1] > 1 ? strideQ[1] + 1 : strideQ[1]] as [number, number],
            stride: [strideQ[0], strideQ[1]] as [number, number],
            padding: [0, 0] as [number, number],
          }
        : null;
      if (shortcutPool !== null) shortcutPool.padding = [Math.floor(shortcutPool.kernel[0] / 2), Math.floor(shortcutPool.kernel[1] / 2)];
      blocks.push({
        prefix,
        dim,
        dimOut,
        attentionDim,
        numHeads,
        headDim: attentionDim / numHeads,
        mlpHidden: Math.floor(attentionDim * config.mlpRatio),
        kernel,
        strideQ,
        strideKv,
        inputGrid: grid,
        queryGrid,
        keyGrid,
        relativePositionLength,
        relativeIndexHeight,
        relativeIndexWidth,
        hasShortcutProjectionAttention: dim !== dimOut && config.expandAttention,
        hasShortcutProjectionMlp: dim !== dimOut && !config.expandAttention,
        shortcutPool,
        // timm's calculate_drop_path_rates: linspace(0, rate, total depth), one rate per block.
        dropPathRate: totalDepth > 1 ? (dropPathRate * blockIndex) / (totalDepth - 1) : 0,
      });
      dim = dimOut;
      grid = queryGrid;
      if (index === 0) tableSize = Math.floor(tableSize / strideQ[0]);
      blockIndex += 1;
    }
  }
  return { patchGrid, blocks, numFeatures: dim, featureGrid: grid, numPrefixTokens: config.useClassToken ? 1 : 0 };
}
