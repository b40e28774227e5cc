import type { WebGpuProgram } from './webgpu-program';

/** Channels per workgroup (one thread each, so neighbouring threads read neighbouring addresses of NHWC rows). */
const CHANNEL_LANES = 64;
/** Threads per channel, each summing every fourth row of the workgroup's chunk. */
const ROW_LANES = 4;
/** Rows per workgroup: each thread adds up at most 256 values in float32. */
const ROWS_PER_WORKGROUP = 1024;
/** WebGPU's guaranteed limit of workgroups along one dispatch dimension. */
const MAX_WORKGROUPS = 65_535;

/** How a per-channel reduction over `rows` rows splits into workgroups. */
export interface ChannelSumsPlan {
  /** Rows each workgroup sums (a multiple of the row lanes). */
  chunk: number;
  /** Workgroups along the rows: the number of partial sums per channel. */
  splits: number;
  dispatch: [number, number, number];
}

export function planChannelSums(rows: number, channels: number): ChannelSumsPlan {
  const chunk = Math.max(ROWS_PER_WORKGROUP, Math.ceil(rows / MAX_WORKGROUPS / ROW_LANES) * ROW_LANES);
  const splits = Math.ceil(rows / chunk);
  return { chunk, splits, dispatch: [Math.ceil(channels / CHANNEL_LANES), splits, 1] };
}

/**
 * What a pass of {@link createChannelSumsProgram} adds up per channel `c` over the rows of a [rows, C] tensor:
 * - `statistics`: `Σ (x − x₀)` and `Σ (x − x₀)²` with `x₀` the channel's first value (the shift keeps float32 sums
 *   of a channel whose mean is large against its spread from cancelling);
 * - `gradient`: `Σ dy` and `Σ dy · (x − mean)`;
 * - `layerNormGradient`: `Σ dy` and `Σ dy · x̂` with x̂ from each row's statistics (`[rows, 3]`: shift, mean
 *   offset from it, 1 / σ).
 */
export type ChannelSumsKind = 'statistics' | 'gradient' | 'layerNormGradient';

const SUMMANDS: Record<ChannelSumsKind, { inputs: string[]; setup: string; body: string }> = {
  statistics: {
    inputs: ['x'],
    setup: 'let shift = x[channel];',
    body: 'let deviation = x[offset] - shift; let firstTerm = deviation; let secondTerm = deviation * deviation;',
  },
  gradient: {
    inputs: ['dy', 'x', 'meanValues'],
    setup: 'let center = meanValues[channel];',
    body: 'let firstTerm = dy[offset]; let secondTerm = firstTerm * (x[offset] - center);',
  },
  layerNormGradient: {
    inputs: ['dy', 'x', 'rowStatistics'],
    setup: '',
    body: 'let firstTerm = dy[offset]; let secondTerm = firstTerm * ((x[offset] - rowStatistics[row * 3]) - rowStatistics[row * 3 + 1]) * rowStatistics[row * 3 + 2];',
  },
};

/**
 * Two sums per channel of a [rows, C] tensor (the NHWC batch, flattened), in partial sums laid out as
 * [splits, 2, C]: workgroup (i, j) takes channels 64·i… and rows j·chunk…, 64×4 threads each adding every fourth
 * row, then the four row lanes are added in workgroup memory. Uniforms: rows, channels, chunk.
 */
export function createChannelSumsProgram(kind: ChannelSumsKind, plan: ChannelSumsPlan, channels: number): WebGpuProgram {
  const { inputs, setup, body } = SUMMANDS[kind];
  return {
    variableNames: inputs,
    uniforms: 'rows : i32, channels : i32, chunk : i32,',
    outputShape: [plan.splits, 2, channels],
    shaderKey: `spinedxChannelSums_${kind}`,
    // Not flat: tfjs calls main() without an index and the shader places its own results.
    dispatchLayout: { x: [], y: [0], z: [] },
    dispatch: plan.dispatch,
    workgroupSize: [CHANNEL_LANES, ROW_LANES, 1],
    size: false,
    getUserCode: () => `
  var<workgroup> firstSums : array<array<f32, ${CHANNEL_LANES}>, ${ROW_LANES}>;
  var<workgroup> secondSums : array<array<f32, ${CHANNEL_LANES}>, ${ROW_LANES}>;

  fn main() {
    let lane = i32(localId.x);
    let rowLane = i32(localId.y);
    let channel = i32(workgroupId.x) * ${CHANNEL_LANES} + lane;
    let split = i32(workgroupId.y);
    let start = split * uniforms.chunk;
    let end = min(start + uniforms.chunk, uniforms.rows);
    var first = 0.0;
    var second = 0.0;
    // Compensated (Kahan) sums: a lane adds up to chunk / ${ROW_LANES} terms, and plain float32 sums of that many lost
    // about 1e-5 of a channel's variance.
    var firstError = 0.0;
    var secondError = 0.0;
    if (channel < uniforms.channels) {
      ${setup}
      for (var row = start + rowLane; row < end; row += ${ROW_LANES}) {
        let offset = row * uniforms.channels + channel;
        ${body}
        let firstCorrected = firstTerm - firstError;
        let firstNext = first + firstCorrected;
        firstError = (firstNext - first) - firstCorrected;
        first = firstNext;
        let secondCorrected = secondTerm - secondError;
        let secondNext = second + secondCorrected;
        secondError = (secondNext - second) - secondCorrected;
        second = secondNext;
      }
    }
    firstSums[rowLane][lane] = first;
    secondSums[rowLane][lane] = second;
    workgroupBarrier();
    if (rowLane == 0 && channel < uniforms.channels) {
      var firstTotal = 0.0;
      var secondTotal = 0.0;
      for (var index = 0; index < ${ROW_LANES}; index++) {
        firstTotal += firstSums[index][lane];
        secondTotal += secondSums[index][lane];
      }
      let base = split * 2 * uniforms.channels + channel;
      result[base] = firstTotal;
      result[base + uniforms.channels] = secondTotal;
    }
  }
  `,
  };
}

/**
 * The per-channel results finished from the partial sums (`first`, `second`: the two sums over all splits; `count`:
 * the number of rows):
 * - `mean`: `x₀ + first / count`;
 * - `variance`: `second / count − (first / count)²` (biased, at least 0);
 * - `offsetGradient`: `first` (Σ dy);
 * - `scaleGradient`: `second / sqrt(variance + epsilon)` (Σ dy · x̂);
 * - `secondSum`: `second` (Σ dy · x̂ of LayerNorm, x̂ already in the sums).
 */
export type ChannelResult = 'mean' | 'variance' | 'offsetGradient' | 'scaleGradient' | 'secondSum';

const FINISHES: Record<ChannelResult, { inputs: string[]; value: string }> = {
  mean: { inputs: ['partials', 'x'], value: 'x[channel] + first / uniforms.count' },
  variance: { inputs: ['partials'], value: 'max(second / uniforms.count - (first / uniforms.count) * (first / uniforms.count), 0.0)' },
  offsetGradient: { inputs: ['partials'], value: 'first' },
  scaleGradient: { inputs: ['partials', 'varianceValues'], value: 'second * inverseSqrt(varianceValues[channel] + uniforms.epsilon)' },
  secondSum: { inputs: ['partials'], value: 'second' },
};

/** One [C] result from [splits, 2, C] partial sums, one thread per channel. Uniforms: splits, count, epsilon. */
export function createChannelFinishProgram(result: ChannelResult, channels: number): WebGpuProgram {
  const { inputs, value } = FINISHES[result];
  return {
    variableNames: inputs,
    uniforms: 'splits : i32, count : f32, epsilon : f32,',
    outputShape: [channels],
    shaderKey: `spinedxChannelFinish_${result}`,
    dispatchLayout: { x: [0] },
    dispatch: [Math.ceil(channels / CHANNEL_LANES), 1, 1],
    workgroupSize: [CHANNEL_LANES, 1, 1],
    size: true,
    getUserCode: () => `
  fn main(channel : i32) {
    if (channel < uniforms.size) {
      var first = 0.0;
      var second = 0.0;
      for (var split = 0; split < uniforms.splits; split++) {
        first += partials[split * 2 * uniforms.size + channel];
        second += partials[(split * 2 + 1) * uniforms.size + channel];
      }
      setOutputAtIndex(channel, ${value});
    }
  }
  `,
  };
}
