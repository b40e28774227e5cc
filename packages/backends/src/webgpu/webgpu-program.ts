import type * as tf from '@tensorflow/tfjs-core';

/**
 * The shape of a compute program as tfjs's WebGPU backend (4.22) runs it through `runWebGPUProgram`: it generates the
 * bindings, the `Uniforms` struct (`NAN`, `INFINITY`, each input's `…Shape`/`…ShapeStrides`, `outShape`,
 * `outShapeStrides`, `size` when asked, then `uniforms`) and `_start`, which calls our `main`. Declared here
 * structurally so that this package never imports the optional `@tensorflow/tfjs-backend-webgpu` peer.
 */
export interface WebGpuProgram {
  /** Input binding names, in the order of the inputs passed to `runWebGPUProgram`. */
  variableNames: string[];
  /** Extra uniform fields, WGSL struct syntax (`name : type, `). */
  uniforms: string;
  outputShape: number[];
  /** Cache key of the compiled pipeline; tfjs appends the input ranks and dtypes. */
  shaderKey: string;
  /** Which output dimensions map to the x, y, z of the dispatch (tfjs uses it to generate `getOutputCoords`). */
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  /** Workgroup counts [x, y, z]. */
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** Adds `uniforms.size` (the output's element count) and calls `main(index)` with a flat index. */
  size: boolean;
  /** WGSL source of `main` and its helpers. */
  getUserCode(): string;
}

/** One program-defined uniform value, in the order of `WebGpuProgram.uniforms`. */
export interface ProgramUniform {
  type: 'int32' | 'uint32' | 'float32';
  data: number[];
}

/** The members of tfjs's `WebGPUBackend` our kernels call. */
export interface WebGpuBackendLike {
  runWebGPUProgram(program: WebGpuProgram, inputs: tf.TensorInfo[], outputDtype: tf.DataType, uniforms?: ProgramUniform[], output?: tf.TensorInfo): tf.TensorInfo;
  makeTensorInfo(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}
