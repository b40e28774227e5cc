/** Output tile of one workgroup of the filter-gradient GEMM: rows of dW as [kh·kw·Ci, Co], and its columns. */
export const FILTER_GRADIENT_TILE = Object.freeze({ rows: 64, columns: 64, depth: 16 });

/** Workgroups to aim for: enough to fill a large GPU (132 SMs × 8 workgroups of 256 threads) without tiny chunks. */
const TARGET_WORKGROUPS = 1024;
/** Each split reduces at least this many tile steps (8 × 16 = 128 output positions), so partials stay cheap. */
const MIN_STEPS_PER_SPLIT = 8;
/** Partial results are kept under this many floats (128 MB). */
const MAX_PARTIAL_FLOATS = 32 * 1024 * 1024;

/** How the filter-gradient GEMM is cut: the [rows × columns] output in tiles, the reduction in `splits` chunks. */
export interface FilterGradientPlan {
  /** kh·kw·Ci. */
  rows: number;
  /** Co. */
  columns: number;
  /** N·Ho·Wo, the length of the reduction. */
  reduction: number;
  /** Chunks of the reduction, each summed by its own workgroups into a partial result. */
  splits: number;
  /** Reduction positions per split, a multiple of the tile depth. */
  chunk: number;
  /** Workgroup counts [column tiles, row tiles, splits]. */
  dispatch: [number, number, number];
}

/**
 * Cuts dW = Σ_r A[m, r]·B[r, n] (A the implicit im2col of x, B = dy) into workgroups. A ResNet layer has few output
 * tiles (56×56, 64→64: a 576×64 result, 9 tiles) but a long reduction (N·56·56), so the reduction is split
 * ("split-K") until about `TARGET_WORKGROUPS` workgroups run; the partials are then summed by a second pass.
 */
export function planFilterGradient(rows: number, columns: number, reduction: number): FilterGradientPlan {
  const tilesRows = Math.ceil(rows / FILTER_GRADIENT_TILE.rows);
  const tilesColumns = Math.ceil(columns / FILTER_GRADIENT_TILE.columns);
  const steps = Math.max(1, Math.ceil(reduction / FILTER_GRADIENT_TILE.depth));
  const wanted = Math.ceil(TARGET_WORKGROUPS / (tilesRows * tilesColumns));
  const bySteps = Math.max(1, Math.floor(steps / MIN_STEPS_PER_SPLIT));
  const byMemory = Math.max(1, Math.floor(MAX_PARTIAL_FLOATS / (rows * columns)));
  const requested = Math.max(1, Math.min(wanted, bySteps, byMemory));
  const chunk = Math.ceil(steps / requested) * FILTER_GRADIENT_TILE.depth;
  // Recount so that no split is empty.
  const splits = Math.max(1, Math.ceil(reduction / chunk));
  return { rows, columns, reduction, splits, chunk, dispatch: [tilesColumns, tilesRows, splits] };
}
