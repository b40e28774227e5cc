// The deterministic weights of fixtures/golden/SPEC.md: every value is a function of the PyTorch parameter name,
// the element's flat index in PyTorch layout and a seed, so any implementation can rebuild timm's exact weights.

const encoder = new TextEncoder();

function fnv1a32(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

function fmix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** `v` of SPEC.md: a uniform value in [-1, 1) for element `index` of tensor `name`. */
export function goldenUniform(nameHash: number, index: number, seed: number): number {
  const mixed = fmix32((index + Math.imul(seed, 0x9e3779b9)) >>> 0);
  const bits = fmix32((nameHash ^ mixed) >>> 0);
  return (bits >>> 8) / 8388608 - 1;
}

/** The scale rule of SPEC.md for a parameter; null for tensors that are not generated (num_batches_tracked). */
function valueRule(name: string, shape: readonly number[]): ((v: number) => number) | null {
  if (name.endsWith('num_batches_tracked')) return null;
  if (name.endsWith('running_var')) return (v) => 1 + 0.5 * v;
  if (name.endsWith('running_mean')) return (v) => 0.1 * v;
  if (shape.length === 1 && name.endsWith('weight')) return (v) => 1 + 0.1 * v;
  if (shape.length === 1 && name.endsWith('bias')) return (v) => 0.05 * v;
  if (shape.length >= 2 && name.endsWith('weight')) {
    const fanIn = shape.slice(1).reduce((product, size) => product * size, 1);
    const parts = name.split('.');
    const isEfficientNetConv = (parts[parts.length - 2] ?? '').startsWith('conv_');
    const scale = Math.sqrt((isEfficientNetConv ? 6 : 3) / fanIn);
    return (v) => v * scale;
  }
  return (v) => 0.02 * v;
}

/** One tensor of a state dict: PyTorch shape and row-major float32 data in PyTorch layout. */
export interface GoldenTensor {
  shape: number[];
  data: Float32Array;
}

/** Generates one parameter of SPEC.md, or null when the spec skips it. */
export function goldenParameter(name: string, shape: readonly number[], seed: number): GoldenTensor | null {
  const rule = valueRule(name, shape);
  if (rule === null) return null;
  const size = shape.reduce((product, dimension) => product * dimension, 1);
  const hash = fnv1a32(encoder.encode(name));
  const data = new Float32Array(size);
  for (let index = 0; index < size; index++) data[index] = Math.fround(rule(goldenUniform(hash, index, seed)));
  return { shape: [...shape], data };
}

/** Generates a whole state dict from a golden file's `params` list (name and PyTorch shape). */
export function goldenStateDict(params: ReadonlyArray<readonly [string, readonly number[]]>, seed: number): Map<string, GoldenTensor> {
  const weights = new Map<string, GoldenTensor>();
  for (const [name, shape] of params) {
    const tensor = goldenParameter(name, shape, seed);
    if (tensor !== null) weights.set(name, tensor);
  }
  return weights;
}

/**
 * The golden input of SPEC.md, converted to NHWC: element (n, y, x, c) reads NCHW flat index
 * `((n * C + c) * H + y) * W + x` of the tensor named `input`.
 */
export function goldenInputNhwc(nchwShape: readonly [number, number, number, number], seed: number): { shape: [number, number, number, number]; data: Float32Array } {
  const [batch, channels, height, width] = nchwShape;
  const hash = fnv1a32(encoder.encode('input'));
  const data = new Float32Array(batch * channels * height * width);
  let out = 0;
  for (let n = 0; n < batch; n++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++) data[out++] = goldenUniform(hash, ((n * channels + c) * height + y) * width + x, seed);
  return { shape: [batch, height, width, channels], data };
}

/** SPEC.md's tolerance: |got - want| <= 1e-3 * max|want| + 1e-5, element-wise. Returns the worst excess (<= 0 passes). */
export function goldenExcess(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) throw new Error(`goldenExcess: got ${got.length} values, want ${want.length}`);
  let maxAbs = 0;
  for (let index = 0; index < want.length; index++) maxAbs = Math.max(maxAbs, Math.abs(want[index]!));
  const tolerance = 1e-3 * maxAbs + 1e-5;
  let worst = -Infinity;
  for (let index = 0; index < want.length; index++) worst = Math.max(worst, Math.abs(got[index]! - want[index]!) - tolerance);
  return worst;
}
