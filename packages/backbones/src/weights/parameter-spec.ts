/**
 * How a parameter is laid out in PyTorch and in TensorFlow.js. Transposes between the two happen only in
 * `weights/` (timm `[out, in, kh, kw]` convolutions become tfjs `[kh, kw, in, out]`, and so on).
 *
 * - `conv2d`: PyTorch `[out, in, kh, kw]` ↔ tfjs `[kh, kw, in, out]`
 * - `depthwise`: PyTorch `[channels * multiplier, 1, kh, kw]` ↔ tfjs `[kh, kw, channels, multiplier]`
 * - `linear`: PyTorch `[out, in]` ↔ tfjs `[in, out]`
 * - `vector`, `raw`: same shape and order on both sides (norm scales, biases, running statistics, tables, tokens)
 */
export type ParameterLayout = 'conv2d' | 'depthwise' | 'linear' | 'vector' | 'raw';

/** One entry of a backbone's state dict, under its timm name. */
export interface ParameterSpec {
  /** timm `state_dict` key, e.g. `layer1.0.conv1.weight`. */
  name: string;
  /** Shape in PyTorch layout. */
  pytorchShape: readonly number[];
  layout: ParameterLayout;
  /** False for buffers such as batch-norm running statistics. */
  trainable: boolean;
}

/** A tensor in PyTorch layout, as read from a state dict or safetensors file. */
export interface StateDictTensor {
  shape: readonly number[];
  data: Float32Array;
}

/** Converts a PyTorch-layout shape to the tfjs shape of the same parameter. */
export function tfjsShapeOf(spec: Pick<ParameterSpec, 'pytorchShape' | 'layout'>): number[] {
  const shape = spec.pytorchShape;
  switch (spec.layout) {
    case 'conv2d':
      return [shape[2]!, shape[3]!, shape[1]!, shape[0]!];
    case 'depthwise':
      // Channel multiplier 1, the only one timm's depthwise convolutions use.
      return [shape[2]!, shape[3]!, shape[0]!, 1];
    case 'linear':
      return [shape[1]!, shape[0]!];
    default:
      return [...shape];
  }
}

/**
 * Copies `data` between PyTorch and tfjs layouts. Each element has one PyTorch flat index and one tfjs flat index;
 * `toTfjs` picks the direction. Linear `[out, in]` ↔ `[in, out]`; conv `[out, in, kh, kw]` ↔ `[kh, kw, in, out]`
 * (depthwise `[C*m, 1, kh, kw]` is read as a conv with in = 1: tfjs `[kh, kw, C, m]` has the element order of
 * `[kh, kw, 1, C*m]` because output channel o = c * m + k); other layouts are plain copies.
 */
function relayout(spec: Pick<ParameterSpec, 'pytorchShape' | 'layout'>, data: Float32Array, toTfjs: boolean): Float32Array {
  const shape = spec.pytorchShape;
  const result = new Float32Array(data.length);
  const move = (pytorchIndex: number, tfjsIndex: number): void => {
    if (toTfjs) result[tfjsIndex] = data[pytorchIndex]!;
    else result[pytorchIndex] = data[tfjsIndex]!;
  };
  if (spec.layout === 'linear') {
    const [out, inFeatures] = [shape[0]!, shape[1]!];
    for (let o = 0; o < out; o++) for (let i = 0; i < inFeatures; i++) move(o * inFeatures + i, i * out + o);
    return result;
  }
  if (spec.layout === 'conv2d' || spec.layout === 'depthwise') {
    const [out, inChannels, kernelHeight, kernelWidth] = [shape[0]!, shape[1]!, shape[2]!, shape[3]!];
    for (let o = 0; o < out; o++)
      for (let i = 0; i < inChannels; i++)
        for (let y = 0; y < kernelHeight; y++)
          for (let x = 0; x < kernelWidth; x++) move(((o * inChannels + i) * kernelHeight + y) * kernelWidth + x, ((y * kernelWidth + x) * inChannels + i) * out + o);
    return result;
  }
  result.set(data);
  return result;
}

/** Reorders PyTorch-layout data into the tfjs layout of `spec` (a copy; the input is untouched). */
export function toTfjsLayout(spec: Pick<ParameterSpec, 'pytorchShape' | 'layout'>, data: Float32Array): Float32Array {
  return relayout(spec, data, true);
}

/** Inverse of {@link toTfjsLayout}: tfjs-layout data back to PyTorch layout. */
export function toPytorchLayout(spec: Pick<ParameterSpec, 'pytorchShape' | 'layout'>, data: Float32Array): Float32Array {
  return relayout(spec, data, false);
}
