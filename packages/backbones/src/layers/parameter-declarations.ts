import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '@spinedx/core';
import { InvalidArgumentError } from '@spinedx/core';
import { tfjsShapeOf, type ParameterLayout, type ParameterSpec } from '../weights/parameter-spec';

/** How a parameter starts before any weights are loaded (timm's init schemes, drawn from a seeded generator). */
export type ParameterInit =
  | { kind: 'constant'; value: number }
  | { kind: 'normal'; std: number }
  | { kind: 'truncatedNormal'; std: number }
  | { kind: 'uniform'; bound: number };

/** One state-dict entry to create: its timm name, PyTorch shape, layout and initial values. */
export interface ParameterDeclaration {
  name: string;
  pytorchShape: readonly number[];
  layout: ParameterLayout;
  init: ParameterInit;
  /** False for buffers (batch-norm running statistics). Default true. */
  trainable?: boolean;
}

/** The specs (state-dict order) and variables (tfjs layout, by timm name) built from declarations. */
export interface CreatedParameters {
  specs: ParameterSpec[];
  variables: Map<string, tf.Variable>;
}

function fillInit(init: ParameterInit, size: number, random: Random): Float32Array {
  const data = new Float32Array(size);
  switch (init.kind) {
    case 'constant':
      data.fill(init.value);
      break;
    case 'normal':
      for (let index = 0; index < size; index++) data[index] = random.normal(0, init.std);
      break;
    case 'truncatedNormal':
      // timm's trunc_normal_ cuts at +-2 (absolute) which is +-2 std for the std values used with it.
      for (let index = 0; index < size; index++) {
        let value: number;
        do value = random.normal(0, init.std);
        while (Math.abs(value) > 2 * init.std);
        data[index] = value;
      }
      break;
    case 'uniform':
      for (let index = 0; index < size; index++) data[index] = random.uniform(-init.bound, init.bound);
      break;
  }
  return data;
}

/**
 * Builds the variables of a backbone from a declarative list. Names must be unique; values are drawn in
 * declaration order from `random`, so the same seed gives the same initial weights. Initial values are i.i.d.
 * (or constant), so they are generated directly in tfjs layout.
 */
export function createParameters(declarations: readonly ParameterDeclaration[], random: Random): CreatedParameters {
  const specs: ParameterSpec[] = [];
  const variables = new Map<string, tf.Variable>();
  try {
    for (const declaration of declarations) {
      if (variables.has(declaration.name)) {
        throw new InvalidArgumentError(`createParameters: duplicate parameter name '${declaration.name}'`, { code: 'DUPLICATE_PARAMETER' });
      }
      const spec: ParameterSpec = {
        name: declaration.name,
        pytorchShape: [...declaration.pytorchShape],
        layout: declaration.layout,
        trainable: declaration.trainable ?? true,
      };
      const shape = tfjsShapeOf(spec);
      const size = shape.reduce((product, dimension) => product * dimension, 1);
      const initial = tf.tensor(fillInit(declaration.init, size, random), shape, 'float32');
      // Unnamed variables: tfjs names must be unique per process, and two backbones share timm names.
      variables.set(declaration.name, tf.variable(initial, spec.trainable));
      initial.dispose();
      specs.push(spec);
    }
  } catch (error) {
    for (const variable of variables.values()) variable.dispose();
    throw error;
  }
  return { specs, variables };
}

/** Declarations of a bias-free or biased 2-D convolution `name.weight` (`[out, in, k, k]`) and `name.bias`. */
export function convParameters(
  name: string,
  options: { inChannels: number; outChannels: number; kernelSize: number; depthwise?: boolean; bias?: boolean; init: ParameterInit; biasInit?: ParameterInit },
): ParameterDeclaration[] {
  const { inChannels, outChannels, kernelSize, depthwise = false, bias = false } = options;
  if (depthwise && inChannels !== outChannels) {
    throw new InvalidArgumentError(`convParameters(${name}): a depthwise convolution needs inChannels === outChannels, received ${inChannels} and ${outChannels}`);
  }
  const declarations: ParameterDeclaration[] = [
    {
      name: `${name}.weight`,
      pytorchShape: [outChannels, depthwise ? 1 : inChannels, kernelSize, kernelSize],
      layout: depthwise ? 'depthwise' : 'conv2d',
      init: options.init,
    },
  ];
  if (bias) declarations.push({ name: `${name}.bias`, pytorchShape: [outChannels], layout: 'vector', init: options.biasInit ?? { kind: 'constant', value: 0 } });
  return declarations;
}

/** Declarations of a PyTorch `BatchNorm2d` (`weight`, `bias`, and the `running_mean`/`running_var` buffers). */
export function batchNormParameters(name: string, channels: number, options: { weightInit?: number } = {}): ParameterDeclaration[] {
  return [
    { name: `${name}.weight`, pytorchShape: [channels], layout: 'vector', init: { kind: 'constant', value: options.weightInit ?? 1 } },
    { name: `${name}.bias`, pytorchShape: [channels], layout: 'vector', init: { kind: 'constant', value: 0 } },
    { name: `${name}.running_mean`, pytorchShape: [channels], layout: 'vector', init: { kind: 'constant', value: 0 }, trainable: false },
    { name: `${name}.running_var`, pytorchShape: [channels], layout: 'vector', init: { kind: 'constant', value: 1 }, trainable: false },
  ];
}

/** Declarations of a PyTorch `Linear` (`weight` `[out, in]`, `bias` `[out]`). */
export function linearParameters(
  name: string,
  options: { inFeatures: number; outFeatures: number; init: ParameterInit; biasInit?: ParameterInit; bias?: boolean },
): ParameterDeclaration[] {
  const declarations: ParameterDeclaration[] = [{ name: `${name}.weight`, pytorchShape: [options.outFeatures, options.inFeatures], layout: 'linear', init: options.init }];
  if (options.bias ?? true) {
    declarations.push({ name: `${name}.bias`, pytorchShape: [options.outFeatures], layout: 'vector', init: options.biasInit ?? { kind: 'constant', value: 0 } });
  }
  return declarations;
}
