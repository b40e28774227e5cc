import * as tf from '@tensorflow/tfjs-core';
import { FUSED_KERNEL_NAMES, InvalidArgumentError } from '@spinedx/core';

/** Optimizer settings. Weight decay is decoupled (AdamW, and SGD's classic L2 form) and skips 1-D parameters. */
export interface OptimizerOptions {
  kind: 'adamw' | 'sgd';
  weightDecay?: number;
  /** SGD momentum (default 0.9) with Nesterov off. */
  momentum?: number;
  /** AdamW betas (default [0.9, 0.999]) and epsilon (default 1e-8), as PyTorch. */
  betas?: readonly [number, number];
  epsilon?: number;
}

/**
 * An optimizer over named variables whose whole state (moments and step count) can be saved and restored exactly,
 * which resumable training needs. Updates follow PyTorch's `AdamW` and `SGD` formulas.
 */
export interface Optimizer {
  /** Applies one update with learning rate `learningRate`; `gradients` maps variable names to gradients. */
  step(variables: ReadonlyMap<string, tf.Variable>, gradients: Readonly<Record<string, tf.Tensor>>, learningRate: number): void;
  /** Copies of the state tensors, by name, plus the step count. */
  getState(): { step: number; tensors: Map<string, tf.Tensor> };
  /** Restores a state saved by {@link Optimizer.getState}. */
  setState(state: { step: number; tensors: ReadonlyMap<string, tf.Tensor> }): void;
  dispose(): void;
}

/**
 * Whether the active backend registered the fused AdamW kernel (`FUSED_KERNEL_NAMES.adamW`: one pass on the native
 * CPU kernels, three dispatches on WebGPU) and the tensors are float32; otherwise the update runs as composite ops.
 */
function hasFusedAdamW(variable: tf.Tensor, gradient: tf.Tensor): boolean {
  return variable.dtype === 'float32' && gradient.dtype === 'float32' && variable.size > 0 && tf.getKernel(FUSED_KERNEL_NAMES.adamW, tf.getBackend()) !== undefined;
}

/** Creates an AdamW or SGD optimizer. */
export function createOptimizer(options: OptimizerOptions): Optimizer {
  const { kind, weightDecay = kind === 'adamw' ? 0.05 : 0, momentum = 0.9, betas = [0.9, 0.999], epsilon = 1e-8 } = options;
  if (kind !== 'adamw' && kind !== 'sgd') throw new InvalidArgumentError(`createOptimizer: kind must be 'adamw' or 'sgd', received '${String(kind)}'`);
  if (!(weightDecay >= 0)) throw new InvalidArgumentError(`createOptimizer: weightDecay must be >= 0, received ${weightDecay}`);
  const slots = new Map<string, tf.Variable>();
  let stepCount = 0;
  const slot = (name: string, like: tf.Tensor): tf.Variable => {
    let variable = slots.get(name);
    if (!variable) {
      variable = tf.variable(tf.zerosLike(like), false);
      slots.set(name, variable);
    }
    return variable;
  };
  const [beta1, beta2] = betas;
  return {
    step(variables, gradients, learningRate) {
      stepCount += 1;
      const biasCorrection1 = 1 - beta1 ** stepCount;
      const biasCorrection2 = 1 - beta2 ** stepCount;
      tf.tidy(() => {
        for (const [name, gradient] of Object.entries(gradients)) {
          const variable = variables.get(name);
          if (!variable) throw new InvalidArgumentError(`optimizer.step: gradient for unknown variable '${name}'`);
          const decays = weightDecay > 0 && variable.rank > 1;
          if (kind === 'adamw') {
            const first = slot(`${name}/m`, variable);
            const second = slot(`${name}/v`, variable);
            if (hasFusedAdamW(variable, gradient)) {
              const attributes = { learningRate, beta1, beta2, epsilon, weightDecay: decays ? weightDecay : 0, biasCorrection1, biasCorrection2 };
              const [nextVariable, nextFirst, nextSecond] = tf.engine().runKernel(FUSED_KERNEL_NAMES.adamW, { variable, gradient, first, second }, attributes) as tf.Tensor[];
              first.assign(nextFirst!);
              second.assign(nextSecond!);
              variable.assign(nextVariable!);
              continue;
            }
            first.assign(tf.add(tf.mul(first, beta1), tf.mul(gradient, 1 - beta1)));
            second.assign(tf.add(tf.mul(second, beta2), tf.mul(tf.square(gradient), 1 - beta2)));
            const denominator = tf.add(tf.div(tf.sqrt(second), Math.sqrt(biasCorrection2)), epsilon);
            const update = tf.div(tf.div(first, biasCorrection1), denominator);
            const decayed = decays ? tf.mul(variable, 1 - learningRate * weightDecay) : variable;
            variable.assign(tf.sub(decayed, tf.mul(update, learningRate)));
          } else {
            const withDecay = decays ? tf.add(gradient, tf.mul(variable, weightDecay)) : gradient;
            let direction: tf.Tensor = withDecay;
            if (momentum > 0) {
              const buffer = slot(`${name}/momentum`, variable);
              buffer.assign(stepCount === 1 ? withDecay : tf.add(tf.mul(buffer, momentum), withDecay));
              direction = buffer;
            }
            variable.assign(tf.sub(variable, tf.mul(direction, learningRate)));
          }
        }
      });
    },
    getState() {
      return { step: stepCount, tensors: new Map([...slots].map(([name, variable]) => [name, tf.clone(variable)])) };
    },
    setState(state) {
      for (const variable of slots.values()) variable.dispose();
      slots.clear();
      for (const [name, tensor] of state.tensors) slots.set(name, tf.variable(tensor, false));
      stepCount = state.step;
    },
    dispose() {
      for (const variable of slots.values()) variable.dispose();
      slots.clear();
    },
  };
}
