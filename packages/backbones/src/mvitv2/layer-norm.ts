import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { canRunFusedKernel, runFusedKernel } from '../layers/fused-kernels';

/** Scale and shift of a LayerNorm (`weight`, `bias` of PyTorch's `nn.LayerNorm`), both `[channels]`. */
export interface LayerNormParameters {
  weight: tf.Tensor1D;
  bias: tf.Tensor1D;
}

/**
 * PyTorch `nn.LayerNorm` over the last axis: `(x - mean) / sqrt(var + eps) * weight + bias` with the biased
 * variance. MViTv2 uses eps 1e-6 (timm's `norm_eps`), not PyTorch's default 1e-5.
 *
 * One differentiable op with the closed-form backward pass, where `xhat = (x - mean) / sqrt(var + eps)`,
 * `g = dy * weight` and the means run over the last axis: `dbias = Σ dy`, `dweight = Σ dy * xhat`,
 * `dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + eps)`. Autodiff through the forward formula runs about
 * twice as many kernels over the full tensor. A backend's fused LayerNorm kernel runs instead where it has one.
 */
export function layerNorm<T extends tf.Tensor>(input: T, parameters: LayerNormParameters, eps = 1e-6): T {
  if (canRunFusedKernel(FUSED_KERNEL_NAMES.layerNorm, input, parameters.weight, parameters.bias)) {
    return runFusedKernel(FUSED_KERNEL_NAMES.layerNorm, { x: input, weight: parameters.weight, bias: parameters.bias }, { epsilon: eps });
  }
  const axis = input.rank - 1;
  const outerAxes = Array.from({ length: axis }, (_, index) => index);
  const normalise = tf.customGrad((x, weight, bias, save) => {
    const saveTensors = save as tf.GradSaveFunc;
    const centered = tf.sub(x as tf.Tensor, tf.mean(x as tf.Tensor, axis, true));
    const inverseDeviation = tf.rsqrt(tf.add(tf.mean(tf.square(centered), axis, true), eps));
    const normalised = tf.mul(centered, inverseDeviation);
    saveTensors([normalised, inverseDeviation, weight as tf.Tensor]);
    return {
      value: tf.add(tf.mul(normalised, weight as tf.Tensor), bias as tf.Tensor),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedNormalised, savedInverseDeviation, savedWeight] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const scaled = tf.mul(dy, savedWeight);
        const correction = tf.add(tf.mean(scaled, axis, true), tf.mul(savedNormalised, tf.mean(tf.mul(scaled, savedNormalised), axis, true)));
        return [tf.mul(tf.sub(scaled, correction), savedInverseDeviation), tf.sum(tf.mul(dy, savedNormalised), outerAxes), tf.sum(dy, outerAxes)];
      },
    };
  });
  return normalise(input, parameters.weight, parameters.bias) as T;
}
