import type { WebGpuProgram } from './webgpu-program';

const WORKGROUP = 64;

// A row's statistics from x: sums of deviations from the row's first value (exact where values are close), so that
// rows far from zero with a small spread keep them in float32: x − mean = (x − shift) − meanOffset.
const COMPUTED_STATISTICS = `
      let shift = x[start];
      var sum = 0.0;
      for (var c = 0; c < uniforms.channels; c++) {
        sum += x[start + c] - shift;
      }
      let meanOffset = sum / f32(uniforms.channels);
      var squares = 0.0;
      for (var c = 0; c < uniforms.channels; c++) {
        let deviation = (x[start + c] - shift) - meanOffset;
        squares += deviation * deviation;
      }
      let inverseDeviation = inverseSqrt(squares / f32(uniforms.channels) + uniforms.epsilon);`;

// The same three values read from {@link createRowStatisticsProgram}'s output (an input named rowStatistics).
const READ_STATISTICS = `
      let shift = rowStatistics[row * 3];
      let meanOffset = rowStatistics[row * 3 + 1];
      let inverseDeviation = rowStatistics[row * 3 + 2];`;

/**
 * One thread per row of a [rows, C] tensor (the last axis normalised), `body` running after the row's statistics.
 * Uniforms: rows, channels, epsilon.
 */
function rowProgram(variableNames: string[], outputShape: number[], rows: number, shaderKey: string, statistics: string, body: string): WebGpuProgram {
  return {
    variableNames,
    uniforms: 'rows : i32, channels : i32, epsilon : f32,',
    outputShape,
    shaderKey,
    // Not flat: main() runs once per thread and writes its row itself.
    dispatchLayout: { x: [], y: [0], z: [] },
    dispatch: [Math.ceil(rows / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: false,
    getUserCode: () => `
  fn main() {
    let row = i32(globalId.x);
    if (row < uniforms.rows) {
      let start = row * uniforms.channels;${statistics}
      ${body}
    }
  }
  `,
  };
}

/** `FUSED_KERNEL_NAMES.layerNorm` over the last axis: the row's statistics (two passes), then the output. */
export function createLayerNormProgram(outputShape: number[], rows: number): WebGpuProgram {
  return rowProgram(['x', 'weight', 'bias'], outputShape, rows, 'spinedxLayerNorm', COMPUTED_STATISTICS, `
      for (var c = 0; c < uniforms.channels; c++) {
        result[start + c] = ((x[start + c] - shift) - meanOffset) * inverseDeviation * weight[c] + bias[c];
      }`);
}

/**
 * Each row's shift (first value), mean offset from it and 1 / √(variance + ε), as [rows, 3], for the per-channel
 * sums of LayerNorm's backward pass.
 */
export function createRowStatisticsProgram(rows: number): WebGpuProgram {
  return rowProgram(['x'], [rows, 3], rows, 'spinedxRowStatistics', COMPUTED_STATISTICS, `
      result[row * 3] = shift;
      result[row * 3 + 1] = meanOffset;
      result[row * 3 + 2] = inverseDeviation;`);
}

/**
 * LayerNorm's input gradient per row, with g = dy · weight and x̂ = (x − mean) / √(var + ε):
 * `dx = (g − mean(g) − x̂ · mean(g · x̂)) / √(var + ε)`, the statistics read from {@link createRowStatisticsProgram}.
 */
export function createLayerNormInputGradientProgram(outputShape: number[], rows: number): WebGpuProgram {
  return rowProgram(['dy', 'x', 'weight', 'rowStatistics'], outputShape, rows, 'spinedxLayerNormInputGradient', READ_STATISTICS, `
      var scaledSum = 0.0;
      var projectedSum = 0.0;
      for (var c = 0; c < uniforms.channels; c++) {
        let scaled = dy[start + c] * weight[c];
        scaledSum += scaled;
        projectedSum += scaled * ((x[start + c] - shift) - meanOffset) * inverseDeviation;
      }
      let scaledMean = scaledSum / f32(uniforms.channels);
      let projectedMean = projectedSum / f32(uniforms.channels);
      for (var c = 0; c < uniforms.channels; c++) {
        let normalised = ((x[start + c] - shift) - meanOffset) * inverseDeviation;
        result[start + c] = (dy[start + c] * weight[c] - scaledMean - normalised * projectedMean) * inverseDeviation;
      }`);
}
