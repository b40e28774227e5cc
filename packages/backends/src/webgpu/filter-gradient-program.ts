import type { FilterGradientPlan } from './filter-gradient-plan';
import { FILTER_GRADIENT_TILE } from './filter-gradient-plan';
import type { WebGpuProgram } from './webgpu-program';

const { rows: TILE_ROWS, columns: TILE_COLUMNS, depth: TILE_DEPTH } = FILTER_GRADIENT_TILE;
/** 16×16 threads, each accumulating a 4×4 block of the 64×64 tile. */
const THREADS_PER_SIDE = 16;
const THREADS = THREADS_PER_SIDE * THREADS_PER_SIDE;

/**
 * WGSL of the filter gradient as a tiled GEMM over an implicit im2col (nothing is materialised):
 *
 *   dW[m, n] = Σ_{r in this split} x[b, oh·sh + kh − pt, ow·sw + kw − pl, ci] · dy[r, n]
 *
 * with m = (kh·kw_size + kw)·Ci + ci, r = (b·Ho + oh)·Wo + ow. Each step stages a 16-deep slab of both operands in
 * workgroup memory (coalesced along ci and co), then every thread does 16 rank-1 updates of its 4×4 block.
 * The loop count comes from a uniform (`chunk`), so the barriers sit in uniform control flow.
 */
function filterGradientSource(): string {
  return `
  var<workgroup> tileA : array<array<vec4<f32>, ${TILE_ROWS / 4}>, ${TILE_DEPTH}>;
  var<workgroup> tileB : array<array<vec4<f32>, ${TILE_COLUMNS / 4}>, ${TILE_DEPTH}>;

  fn main() {
    let localColumn = i32(localId.x);
    let localRow = i32(localId.y);
    let flatLocal = localRow * ${THREADS_PER_SIDE} + localColumn;
    let tileColumn = i32(workgroupId.x) * ${TILE_COLUMNS};
    let tileRow = i32(workgroupId.y) * ${TILE_ROWS};
    let split = i32(workgroupId.z);

    let inHeight = uniforms.xShape[1];
    let inWidth = uniforms.xShape[2];
    let inChannels = uniforms.xShape[3];
    let outHeight = uniforms.dyShape[1];
    let outWidth = uniforms.dyShape[2];
    let outChannels = uniforms.dyShape[3];
    let rows = uniforms.filterDims.x * uniforms.filterDims.y * inChannels;
    let reduction = uniforms.dyShape[0] * outHeight * outWidth;

    // The element of each slab this thread stages: one row of A and one column of B, four depths apart.
    let loadLane = flatLocal % ${TILE_ROWS};
    let loadDepth = flatLocal / ${TILE_ROWS};
    let loadRow = tileRow + loadLane;
    let rowValid = loadRow < rows;
    let channel = loadRow % inChannels;
    let tap = loadRow / inChannels;
    let rowOffset = tap / uniforms.filterDims.y - uniforms.pads.x;
    let columnOffset = tap % uniforms.filterDims.y - uniforms.pads.y;
    let loadColumn = tileColumn + loadLane;
    let columnValid = loadColumn < outChannels;

    var accumulator : array<vec4<f32>, 4>;
    for (var index = 0; index < 4; index++) {
      accumulator[index] = vec4<f32>(0.0);
    }

    let start = split * uniforms.chunk;
    let steps = uniforms.chunk / ${TILE_DEPTH};
    for (var stepIndex = 0; stepIndex < steps; stepIndex++) {
      for (var slab = 0; slab < ${(TILE_DEPTH * TILE_ROWS) / THREADS}; slab++) {
        let depth = loadDepth + slab * ${THREADS / TILE_ROWS};
        let position = start + stepIndex * ${TILE_DEPTH} + depth;
        var aValue = 0.0;
        var bValue = 0.0;
        if (position < reduction) {
          let outColumn = position % outWidth;
          let rest = position / outWidth;
          let outRow = rest % outHeight;
          let batch = rest / outHeight;
          let inRow = outRow * uniforms.strides.x + rowOffset;
          let inColumn = outColumn * uniforms.strides.y + columnOffset;
          if (rowValid && inRow >= 0 && inRow < inHeight && inColumn >= 0 && inColumn < inWidth) {
            aValue = x[((batch * inHeight + inRow) * inWidth + inColumn) * inChannels + channel];
          }
          if (columnValid) {
            bValue = dy[position * outChannels + loadColumn];
          }
        }
        tileA[depth][loadLane / 4][loadLane % 4] = aValue;
        tileB[depth][loadLane / 4][loadLane % 4] = bValue;
      }
      workgroupBarrier();
      for (var depth = 0; depth < ${TILE_DEPTH}; depth++) {
        let a = tileA[depth][localRow];
        let b = tileB[depth][localColumn];
        accumulator[0] = fma(vec4<f32>(a.x), b, accumulator[0]);
        accumulator[1] = fma(vec4<f32>(a.y), b, accumulator[1]);
        accumulator[2] = fma(vec4<f32>(a.z), b, accumulator[2]);
        accumulator[3] = fma(vec4<f32>(a.w), b, accumulator[3]);
      }
      workgroupBarrier();
    }

    for (var index = 0; index < 4; index++) {
      let row = tileRow + localRow * 4 + index;
      if (row < rows) {
        let base = (split * rows + row) * outChannels;
        for (var lane = 0; lane < 4; lane++) {
          let column = tileColumn + localColumn * 4 + lane;
          if (column < outChannels) {
            result[base + column] = accumulator[index][lane];
          }
        }
      }
    }
  }
  `;
}

/**
 * The split-K filter-gradient program. Inputs `x` [N, H, W, Ci] and `dy` [N, Ho, Wo, Co] (NHWC); output `plan.splits`
 * partial results laid out as [splits, kh·kw·Ci, Co] (with one split, that is the filter gradient itself).
 * Uniforms: pads (top, left), strides, filterDims (kh, kw), chunk.
 */
export function createFilterGradientProgram(plan: FilterGradientPlan, outputShape: number[]): WebGpuProgram {
  return {
    variableNames: ['x', 'dy'],
    uniforms: 'pads : vec2<i32>, strides : vec2<i32>, filterDims : vec2<i32>, chunk : i32,',
    outputShape,
    shaderKey: `spinedxFilterGradient_${TILE_ROWS}x${TILE_COLUMNS}x${TILE_DEPTH}`,
    // Not flat, so tfjs calls main() without an index; the output coordinates are computed in the shader.
    dispatchLayout: { x: [], y: [0], z: [] },
    dispatch: plan.dispatch,
    workgroupSize: [THREADS_PER_SIDE, THREADS_PER_SIDE, 1],
    size: false,
    getUserCode: filterGradientSource,
  };
}
