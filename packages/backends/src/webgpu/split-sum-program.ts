import type { WebGpuProgram } from './webgpu-program';

const WORKGROUP = 64;

/**
 * Sums `splits` partial results laid out as [splits, size] into `outputShape` (size elements): one thread per
 * output element, reading the partials `size` apart so neighbouring threads read neighbouring addresses.
 * Uniform: splits.
 */
export function createSplitSumProgram(outputShape: number[]): WebGpuProgram {
  const size = outputShape.reduce((product, extent) => product * extent, 1);
  return {
    variableNames: ['partials'],
    uniforms: 'splits : i32,',
    outputShape,
    shaderKey: 'spinedxSplitSum',
    dispatchLayout: { x: outputShape.map((_, index) => index) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `
  fn main(index : i32) {
    if (index < uniforms.size) {
      var sum = 0.0;
      for (var split = 0; split < uniforms.splits; split++) {
        sum += partials[split * uniforms.size + index];
      }
      setOutputAtIndex(index, sum);
    }
  }
  `,
  };
}
