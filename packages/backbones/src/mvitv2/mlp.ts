import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { canRunFusedKernel, runFusedKernel } from '../layers/fused-kernels';
import { linear, type LinearParameters } from './linear';

/** timm `Mlp` weights: `fc1` (in -> hidden) and `fc2` (hidden -> out). */
export interface MlpParameters {
  fc1: LinearParameters;
  fc2: LinearParameters;
}

/**
 * PyTorch's default `nn.GELU` (exact form): `x * Φ(x)` with the normal CDF `Φ(x) = (1 + erf(x / sqrt(2))) / 2`, not
 * the tanh approximation. One differentiable op keeping `Φ(x)` for the backward pass,
 * `dx = dy * (Φ(x) + x * exp(-x² / 2) / sqrt(2π))`: fewer kernels than autodiff through erf. A backend's
 * fused GELU kernel runs instead where it has one.
 */
export function gelu<T extends tf.Tensor>(input: T): T {
  if (canRunFusedKernel(FUSED_KERNEL_NAMES.gelu, input)) return runFusedKernel(FUSED_KERNEL_NAMES.gelu, { x: input });
  const apply = tf.customGrad((x, save) => {
    const cumulative = tf.mul(tf.add(tf.erf(tf.mul(x as tf.Tensor, Math.SQRT1_2)), 1), 0.5);
    (save as tf.GradSaveFunc)([x as tf.Tensor, cumulative]);
    return {
      value: tf.mul(x as tf.Tensor, cumulative),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedInput, savedCumulative] = saved as [tf.Tensor, tf.Tensor];
        const density = tf.mul(tf.exp(tf.mul(tf.square(savedInput), -0.5)), 1 / Math.sqrt(2 * Math.PI));
        return tf.mul(dy, tf.add(savedCumulative, tf.mul(savedInput, density)));
      },
    };
  });
  return apply(input) as T;
}

/** timm `Mlp` as MViTv2 uses it: fc1 -> exact GELU -> fc2 (dropout 0). */
export function mlp<T extends tf.Tensor>(input: T, parameters: MlpParameters): T {
  return tf.tidy(() => linear(gelu(linear(input, parameters.fc1)), parameters.fc2));
}
