import * as tf from '@tensorflow/tfjs-core';

/**
 * SiLU / swish, `x * sigmoid(x)` (PyTorch `nn.SiLU`, timm's `swish`), as one differentiable op: the backward pass
 * is `dy * (y + s * (1 - y))` with `s = sigmoid(x)`, `y = x * s` (four kernels instead of autodiff's six).
 */
export function silu<T extends tf.Tensor>(input: T): T {
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
