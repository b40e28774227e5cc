import * as tf from '@tensorflow/tfjs';
import { goldenParameter } from '@spinedx/test-utils';
import { createParameterReader, type ParameterReader } from '../src/layers/parameter-reader';
import type { ParameterDeclaration } from '../src/layers/parameter-declarations';
import { tfjsShapeOf, toTfjsLayout, type StateDictTensor } from '../src/weights/parameter-spec';
import { nhwcToNchw, type Nchw } from './reference-ops';

/** Variables for a list of declarations filled with SPEC.md values (by name and seed), plus the PyTorch-layout tensors. */
export function blockWeights(declarations: readonly ParameterDeclaration[], seed: number): { parameters: ParameterReader; pytorch: (name: string) => StateDictTensor; dispose(): void } {
  const variables = new Map<string, tf.Variable>();
  const pytorch = new Map<string, StateDictTensor>();
  for (const declaration of declarations) {
    const tensor = goldenParameter(declaration.name, declaration.pytorchShape, seed)!;
    pytorch.set(declaration.name, tensor);
    variables.set(declaration.name, tf.variable(tf.tensor(toTfjsLayout(declaration, tensor.data), tfjsShapeOf(declaration)), declaration.trainable ?? true));
  }
  return {
    parameters: createParameterReader(variables, 'test'),
    pytorch: (name) => pytorch.get(name)!,
    dispose: () => variables.forEach((variable) => variable.dispose()),
  };
}

/** A deterministic NHWC input and its NCHW copy. */
export function blockInput(shape: [number, number, number, number], seed: number): { tensor: tf.Tensor4D; nchw: Nchw } {
  const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, index) => Math.sin(index * 0.731 + seed) * 1.5);
  return { tensor: tf.tensor4d(data, shape), nchw: nhwcToNchw(data, shape) };
}

/** Runs a tfjs block inside tidy and returns its output as NCHW data. */
export function runNchw(fn: () => tf.Tensor4D): Nchw {
  const { data, shape } = tf.tidy(() => {
    const output = fn();
    return { data: output.dataSync(), shape: output.shape };
  });
  return nhwcToNchw(data, shape);
}
