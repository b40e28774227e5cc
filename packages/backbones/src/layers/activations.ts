import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { canRunFusedKernel, hasFusedKernel, runFusedKernel } from './fused-kernels';

/**
 * SiLU / swish, `x * sigmoid(x)` (PyTorch `nn.SiLU`, timm's `swish`), as one differentiable op: the backward pass
 * is `dy * (y + s * (1 - y))` with `s = sigmoid(x)`, `y = x * s` (four kernels instead of autodiff's six). Where the
 * backend has the fused SiLU kernel (`FUSED_KERNEL_NAMES.silu`, with its gradient) that one kernel runs instead.
 */
export function silu<T extends tf.Tensor>(input: T): T {
  if (canRunFusedKernel(FUSED_KERNEL_NAMES.silu, input)) return runFusedKernel(FUSED_KERNEL_NAMES.silu, { x: input });
  const swish = tf.customGrad((x, save) => {
    const sigmoid = tf.sigmoid(x as tf.Tensor);
    const output = tf.mul(x as tf.Tensor, sigmoid);
    (save as tf.GradSaveFunc)([sigmoid, output]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedSigmoid, savedOutput] = saved as [tf.Tensor, tf.Tensor];
        return tf.mul(dy, tf.add(savedOutput, tf.mul(savedSigmoid, tf.sub(1, savedOutput))));
      },
    };
  });
  return swish(input) as T;
}

/**
 * ReLU. While gradients are recorded on a backend with the fused ReLU gradient kernel
 * (`FUSED_KERNEL_NAMES.reluGradient`), the backward pass is that one kernel, `dy * step(y)` from the saved output,
 * instead of tfjs's step and multiply; otherwise this is `tf.relu`.
 */
export function relu<T extends tf.Tensor>(input: T): T {
  if (tf.engine().state.gradientDepth === 0 || !hasFusedKernel(FUSED_KERNEL_NAMES.reluGradient, input)) return tf.relu(input);
  const rectify = tf.customGrad((x, save) => {
    const output = tf.relu(x as tf.Tensor);
    (save as tf.GradSaveFunc)([output]);
    return {
      value: output,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => runFusedKernel<tf.Tensor>(FUSED_KERNEL_NAMES.reluGradient, { dy, y: saved[0]! }),
    };
  });
  return rectify(input) as T;
}

/**
 * `relu(a + b)`, the end of a residual block. While no gradient is recorded, on a backend with the fused kernel
 * (`FUSED_KERNEL_NAMES.addRelu`), one kernel instead of an add and a ReLU; otherwise `relu(tf.add(a, b))`.
 */
export function addRelu<T extends tf.Tensor>(a: T, b: T): T {
  if (tf.engine().state.gradientDepth === 0 && a.shape.join() === b.shape.join() && hasFusedKernel(FUSED_KERNEL_NAMES.addRelu, a, b)) {
    return runFusedKernel(FUSED_KERNEL_NAMES.addRelu, { a, b });
  }
  return tf.tidy(() => relu(tf.add(a, b)));
}
