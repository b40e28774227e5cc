// Direct, loop-by-loop float64 implementations of the PyTorch ops (NCHW, PyTorch weight layouts), written from the
// PyTorch documentation formulas. Tests compare the tfjs layers and blocks against these.

/** An NCHW array. */
export interface Nchw {
  shape: [number, number, number, number];
  data: Float64Array;
}

/** A PyTorch-layout parameter. */
export interface Weight {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export function conv2dReference(input: Nchw, weight: Weight, options: { stride?: number; padding: number; groups?: number; bias?: Weight }): Nchw {
  const [batch, inChannels, height, width] = input.shape;
  const [outChannels, groupChannels, kernelHeight, kernelWidth] = weight.shape as [number, number, number, number];
  const stride = options.stride ?? 1;
  const groups = options.groups ?? 1;
  const { padding } = options;
  const outHeight = Math.floor((height + 2 * padding - kernelHeight) / stride) + 1;
  const outWidth = Math.floor((width + 2 * padding - kernelWidth) / stride) + 1;
  const out = new Float64Array(batch * outChannels * outHeight * outWidth);
  const outPerGroup = outChannels / groups;
  for (let n = 0; n < batch; n++)
    for (let o = 0; o < outChannels; o++) {
      const group = Math.floor(o / outPerGroup);
      for (let y = 0; y < outHeight; y++)
        for (let x = 0; x < outWidth; x++) {
          let sum = options.bias ? options.bias.data[o]! : 0;
          for (let i = 0; i < groupChannels; i++) {
            const channel = group * groupChannels + i;
            for (let ky = 0; ky < kernelHeight; ky++) {
              const sourceY = y * stride - padding + ky;
              if (sourceY < 0 || sourceY >= height) continue;
              for (let kx = 0; kx < kernelWidth; kx++) {
                const sourceX = x * stride - padding + kx;
                if (sourceX < 0 || sourceX >= width) continue;
                sum += input.data[((n * inChannels + channel) * height + sourceY) * width + sourceX]! * weight.data[((o * groupChannels + i) * kernelHeight + ky) * kernelWidth + kx]!;
              }
            }
          }
          out[((n * outChannels + o) * outHeight + y) * outWidth + x] = sum;
        }
    }
  return { shape: [batch, outChannels, outHeight, outWidth], data: out };
}

function perChannel(input: Nchw, fn: (value: number, channel: number) => number): Nchw {
  const [, channels, height, width] = input.shape;
  const plane = height * width;
  return { shape: input.shape, data: input.data.map((value, index) => fn(value, Math.floor(index / plane) % channels)) };
}

export function batchNormReference(input: Nchw, weights: { weight: Weight; bias: Weight; mean: Weight; variance: Weight }, epsilon = 1e-5): Nchw {
  return perChannel(
    input,
    (value, c) => ((value - weights.mean.data[c]!) / Math.sqrt(weights.variance.data[c]! + epsilon)) * weights.weight.data[c]! + weights.bias.data[c]!,
  );
}

export const reluReference = (input: Nchw): Nchw => ({ shape: input.shape, data: input.data.map((value) => Math.max(0, value)) });
export const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));
export const siluReference = (input: Nchw): Nchw => ({ shape: input.shape, data: input.data.map((value) => value * sigmoid(value)) });
export const addReference = (a: Nchw, b: Nchw): Nchw => ({ shape: a.shape, data: a.data.map((value, index) => value + b.data[index]!) });

export function maxPoolReference(input: Nchw, kernel: number, stride: number, padding: number): Nchw {
  const [batch, channels, height, width] = input.shape;
  const outHeight = Math.floor((height + 2 * padding - kernel) / stride) + 1;
  const outWidth = Math.floor((width + 2 * padding - kernel) / stride) + 1;
  const out = new Float64Array(batch * channels * outHeight * outWidth);
  for (let nc = 0; nc < batch * channels; nc++)
    for (let y = 0; y < outHeight; y++)
      for (let x = 0; x < outWidth; x++) {
        let best = -Infinity;
        for (let ky = 0; ky < kernel; ky++)
          for (let kx = 0; kx < kernel; kx++) {
            const sourceY = y * stride - padding + ky;
            const sourceX = x * stride - padding + kx;
            if (sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width) best = Math.max(best, input.data[(nc * height + sourceY) * width + sourceX]!);
          }
        out[(nc * outHeight + y) * outWidth + x] = best;
      }
  return { shape: [batch, channels, outHeight, outWidth], data: out };
}

/** Spatial mean, keeping `[N, C, 1, 1]`. */
export function spatialMeanReference(input: Nchw): Nchw {
  const [batch, channels, height, width] = input.shape;
  const plane = height * width;
  const out = new Float64Array(batch * channels);
  for (let nc = 0; nc < batch * channels; nc++) {
    let sum = 0;
    for (let p = 0; p < plane; p++) sum += input.data[nc * plane + p]!;
    out[nc] = sum / plane;
  }
  return { shape: [batch, channels, 1, 1], data: out };
}

/** timm SqueezeExcite: x * sigmoid(expand(silu(reduce(mean(x))))). */
export function squeezeExciteReference(input: Nchw, reduce: Weight, reduceBias: Weight, expand: Weight, expandBias: Weight): Nchw {
  const gate = conv2dReference(siluReference(conv2dReference(spatialMeanReference(input), reduce, { padding: 0, bias: reduceBias })), expand, { padding: 0, bias: expandBias });
  const [, channels, height, width] = input.shape;
  const plane = height * width;
  return { shape: input.shape, data: input.data.map((value, index) => value * sigmoid(gate.data[Math.floor(index / plane / channels) * channels + (Math.floor(index / plane) % channels)]!)) };
}

/** NHWC float32 data (as tfjs holds it) to NCHW. */
export function nhwcToNchw(data: ArrayLike<number>, shape: readonly number[]): Nchw {
  const [batch, height, width, channels] = shape as [number, number, number, number];
  const out = new Float64Array(batch * channels * height * width);
  for (let n = 0; n < batch; n++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++) out[((n * channels + c) * height + y) * width + x] = data[((n * height + y) * width + x) * channels + c]!;
  return { shape: [batch, channels, height, width], data: out };
}

/** Largest |a - b| over all elements. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDifference: ${a.length} vs ${b.length} values`);
  let worst = 0;
  for (let index = 0; index < a.length; index++) worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return worst;
}
