import type { WebGpuProgram } from './webgpu-program';

const WORKGROUP = 256;

/** WGSL functions a program's body may call, each added only to the programs that use it. */
const HELPERS = {
  isNotANumber: `
  fn isNotANumber(value : f32) -> bool {
    return (bitcast<u32>(value) & 0x7fffffffu) > 0x7f800000u;
  }`,
  // erf to 1.5e-7 (Abramowitz and Stegun 7.1.26, as tfjs's own Erf kernels): WGSL has no erf.
  errorFunction: `
  fn errorFunction(value : f32) -> f32 {
    let magnitude = abs(value);
    let t = 1.0 / (1.0 + 0.3275911 * magnitude);
    let polynomial = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t;
    return sign(value) * (1.0 - polynomial * exp(-magnitude * magnitude));
  }`,
  logistic: `
  fn logistic(value : f32) -> f32 {
    return 1.0 / (1.0 + exp(-value));
  }`,
} as const;

/** One thread per output element, `body` running with its flat `index`. */
function flatProgram(variableNames: string[], uniforms: string, outputShape: number[], shaderKey: string, body: string, helpers: (keyof typeof HELPERS)[] = []): WebGpuProgram {
  const size = outputShape.reduce((product, extent) => product * extent, 1);
  return {
    variableNames,
    uniforms,
    outputShape,
    shaderKey,
    dispatchLayout: { x: outputShape.map((_, index) => index) },
    // tfjs folds a dispatch over 65,535 workgroups into more dimensions and computes the flat index to match.
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    size: true,
    getUserCode: () => `${helpers.map((name) => HELPERS[name]).join('\n')}

  fn main(index : i32) {
    if (index < uniforms.size) {
      ${body}
    }
  }
  `,
  };
}

/**
 * ReLU's backward pass from its output, `dy · step(y)`: `dy` where y > 0, `dy · 0` elsewhere, NaN where y is NaN
 * (tfjs's step keeps NaN).
 */
export function createReluGradientProgram(outputShape: number[]): WebGpuProgram {
  return flatProgram(['dy', 'y'], '', outputShape, 'spinedxReluGradient', `
      let output = y[index];
      var value = dy[index] * select(0.0, 1.0, output > 0.0);
      if (isNotANumber(output)) {
        value = output;
      }
      setOutputAtIndex(index, value);`, ['isNotANumber']);
}

/**
 * A training batch norm's input gradient over NHWC (channel = index mod C), from the per-channel sums:
 * `scale / sqrt(variance + ε) · (dy − (Σdy + x̂ · Σdy·x̂) / n)`. Uniforms: channels, count (n), epsilon.
 */
export function createBatchNormInputGradientProgram(outputShape: number[]): WebGpuProgram {
  return flatProgram(['dy', 'x', 'meanValues', 'varianceValues', 'scaleValues', 'offsetGradient', 'scaleGradient'], 'channels : i32, count : f32, epsilon : f32,', outputShape, 'spinedxBatchNormInputGradient', `
      let channel = index % uniforms.channels;
      let inverseDeviation = inverseSqrt(varianceValues[channel] + uniforms.epsilon);
      let normalised = (x[index] - meanValues[channel]) * inverseDeviation;
      let correction = (offsetGradient[channel] + normalised * scaleGradient[channel]) / uniforms.count;
      setOutputAtIndex(index, scaleValues[channel] * inverseDeviation * (dy[index] - correction));`);
}

/** AdamW's scalars, in the order of `adamWSettings` (`fused-kernel-checks.ts`). */
const ADAM_W_UNIFORMS = 'beta1 : f32, oneMinusBeta1 : f32, beta2 : f32, oneMinusBeta2 : f32, epsilon : f32, decay : f32, learningRate : f32, correction1 : f32, rootCorrection2 : f32,';

/** The three passes of an AdamW step: each writes one of first', second', variable' (WebGPU programs have one output). */
export type AdamWPass = 'first' | 'second' | 'variable';

const ADAM_W_PASSES: Record<AdamWPass, { inputs: string[]; value: string }> = {
  first: { inputs: ['first', 'gradient'], value: 'first[index] * uniforms.beta1 + gradient[index] * uniforms.oneMinusBeta1' },
  second: { inputs: ['second', 'gradient'], value: 'second[index] * uniforms.beta2 + (gradient[index] * gradient[index]) * uniforms.oneMinusBeta2' },
  variable: {
    inputs: ['variable', 'first', 'second'],
    value: 'variable[index] * uniforms.decay - ((first[index] / uniforms.correction1) / (sqrt(second[index]) / uniforms.rootCorrection2 + uniforms.epsilon)) * uniforms.learningRate',
  },
};

/** One pass of AdamW's update (`FUSED_KERNEL_NAMES.adamW`); the variable pass reads the new first and second moments. */
export function createAdamWProgram(pass: AdamWPass, outputShape: number[]): WebGpuProgram {
  const { inputs, value } = ADAM_W_PASSES[pass];
  return flatProgram(inputs, ADAM_W_UNIFORMS, outputShape, `spinedxAdamW_${pass}`, `
      setOutputAtIndex(index, ${value});`);
}

/**
 * One running statistic's update (`FUSED_KERNEL_NAMES.runningStatistics`): `keep · running + factor · batch`, the
 * factor `momentum` for the mean and `momentum · n / (n − 1)` for the variance. Uniforms: keep, factor.
 */
export function createRunningStatisticProgram(channels: number): WebGpuProgram {
  return flatProgram(['running', 'batch'], 'keep : f32, factor : f32,', [channels], 'spinedxRunningStatistic', `
      setOutputAtIndex(index, running[index] * uniforms.keep + batch[index] * uniforms.factor);`);
}

/** The element-wise activations of `FUSED_KERNEL_NAMES` and their gradient kernels (`FUSED_GRADIENT_KERNEL_NAMES`). */
export type ActivationPass = 'gelu' | 'geluGradient' | 'silu' | 'siluGradient';

type Helper = keyof typeof HELPERS;

const ACTIVATIONS: Record<ActivationPass, { inputs: string[]; helper: Helper; body: string }> = {
  // x · Φ(x), Φ(x) = (1 + erf(x / √2)) / 2.
  gelu: { inputs: ['x'], helper: 'errorFunction', body: 'let value = x[index]; setOutputAtIndex(index, 0.5 * value * (1.0 + errorFunction(value * 0.7071067811865476)));' },
  // dy · (Φ(x) + x · φ(x)), φ(x) = exp(−x² / 2) / √(2π).
  geluGradient: {
    inputs: ['dy', 'x'],
    helper: 'errorFunction',
    body: 'let value = x[index]; let cumulative = 0.5 * (1.0 + errorFunction(value * 0.7071067811865476)); let density = 0.3989422804014327 * exp(-0.5 * value * value); setOutputAtIndex(index, dy[index] * (cumulative + value * density));',
  },
  // x · σ(x).
  silu: { inputs: ['x'], helper: 'logistic', body: 'let value = x[index]; setOutputAtIndex(index, value * logistic(value));' },
  // dy · σ(x) · (1 + x · (1 − σ(x))).
  siluGradient: { inputs: ['dy', 'x'], helper: 'logistic', body: 'let value = x[index]; let s = logistic(value); setOutputAtIndex(index, dy[index] * s * (1.0 + value * (1.0 - s)));' },
};

export function createActivationProgram(pass: ActivationPass, outputShape: number[]): WebGpuProgram {
  const { inputs, helper, body } = ACTIVATIONS[pass];
  return flatProgram(inputs, '', outputShape, `spinedxActivation_${pass}`, `
      ${body}`, [helper]);
}

/** `relu(a + b)` in one pass (`FUSED_KERNEL_NAMES.addRelu`), NaN kept as tfjs's ReLU keeps it. */
export function createAddReluProgram(outputShape: number[]): WebGpuProgram {
  return flatProgram(['a', 'b'], '', outputShape, 'spinedxAddRelu', `
      let sum = a[index] + b[index];
      setOutputAtIndex(index, select(sum, 0.0, sum < 0.0));`);
}
