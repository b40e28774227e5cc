/**
 * Kernels beyond TensorFlow.js's own that a backend may register and that models call, through
 * `tf.engine().runKernel`, when the active backend has them: each replaces a chain of element-wise kernels (a pass
 * over memory apiece). Whoever registers one also registers its gradient (`tf.registerGradient`); while gradients are
 * recorded without one, models keep their differentiable composite ops. Gradient kernels (the `...Gradient` names)
 * run inside gradient functions and need no gradient themselves. `@spinedx/backends/native` registers them all,
 * for the wasm and cpu backends.
 */
export const FUSED_KERNEL_NAMES = {
  /**
   * PyTorch `nn.LayerNorm` over the last axis: `(x - mean) / sqrt(var + epsilon) * weight + bias`, biased variance.
   * Inputs `{ x, weight, bias }` (float32 `[..., C]`, `[C]`, `[C]`), attributes `{ epsilon }`, one output shaped like x.
   */
  layerNorm: 'SpinedxLayerNorm',
  /** Exact GELU, `x * (1 + erf(x / sqrt(2))) / 2`. Input `{ x }` (float32), one output shaped like x. */
  gelu: 'SpinedxGelu',
  /**
   * The backward pass of a training batch norm over the last axis (NHWC), called from a gradient function, so it needs
   * no gradient itself. With `xhat = (x - mean) / sqrt(variance + epsilon)` and `n` rows: outputs
   * `[dx, dscale, doffset]` = `[scale / sqrt(variance + epsilon) * (dy - (doffset + xhat * dscale) / n), Σ dy * xhat, Σ dy]`.
   * Inputs `{ dy, x, mean, variance, scale }` (float32 `[..., C]` twice, then `[C]` three times), attributes `{ epsilon }`.
   */
  batchNormGradient: 'SpinedxBatchNormGrad',
  /**
   * The batch statistics of a training batch norm over every axis but the last: input `{ x }` (float32 `[..., C]`),
   * outputs `[mean, variance]` (`[C]` each, biased variance). Called inside a differentiable op's forward function,
   * so it needs no gradient.
   */
  batchNormStatistics: 'SpinedxBatchNormStatistics',
  /**
   * PyTorch `BatchNorm2d`'s running-statistics update after a training batch: inputs
   * `{ runningMean, runningVariance, mean, variance }` (float32 `[C]` each; the batch variance biased), attributes
   * `{ momentum, count }` (count: the rows the batch statistics came from), outputs
   * `[(1 - momentum) * runningMean + momentum * mean, (1 - momentum) * runningVariance + momentum * variance * n / (n - 1)]`
   * (the unbiased batch variance; the factor is 1 when count is 1). Outside any gradient, so it needs none.
   */
  runningStatistics: 'SpinedxRunningStatistics',
  /** SiLU, `x * sigmoid(x)`. Input `{ x }` (float32), one output shaped like x. */
  silu: 'SpinedxSilu',
  /**
   * A residual block's end in inference, `relu(a + b)`: inputs `{ a, b }` (float32, one shape), one output. Called
   * only while no gradient is recorded, so it needs none.
   */
  addRelu: 'SpinedxAddRelu',
  /** ReLU's backward pass from its output, `dy * step(y)`: inputs `{ dy, y }` of one shape. */
  reluGradient: 'SpinedxReluGrad',
  /**
   * One AdamW step for one parameter, PyTorch `torch.optim.AdamW`'s update in float32: inputs
   * `{ variable, gradient, first, second }` (float32, one shape), attributes
   * `{ learningRate, beta1, beta2, epsilon, weightDecay, biasCorrection1, biasCorrection2 }` (the corrections
   * `1 - beta ** step`, computed by the caller), outputs `[variable', first', second']`:
   * `first' = beta1 * first + (1 - beta1) * gradient`, `second' = beta2 * second + (1 - beta2) * gradient²`,
   * `variable' = variable * (1 - learningRate * weightDecay)
   *   - learningRate * (first' / biasCorrection1) / (sqrt(second') / sqrt(biasCorrection2) + epsilon)`.
   * An optimizer step, outside any gradient, so it needs no gradient.
   */
  adamW: 'SpinedxAdamW',
} as const;
