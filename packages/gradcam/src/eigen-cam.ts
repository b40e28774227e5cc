import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Eigen-CAM (pytorch-grad-cam's `get_2d_projection`): the activations of one image as a `[positions, channels]`
 * matrix, centred per channel, projected on their first principal direction `v`; then a ReLU. The SVD leaves the
 * sign of `v` free, so we fix it to make `sum(v) >= 0` (the map then follows the channels' common activation).
 *
 * Works in float64 on whichever Gram matrix is smaller (`X Xᵀ` or `Xᵀ X`). `activations` is NHWC data.
 */
export function eigenCam(activations: Float32Array, numImages: number, height: number, width: number, channels: number): Float32Array {
  const positions = height * width;
  const out = new Float32Array(numImages * positions);
  for (let image = 0; image < numImages; image++) {
    const centred = centredMatrix(activations.subarray(image * positions * channels, (image + 1) * positions * channels), positions, channels);
    const projection = firstComponentProjection(centred, positions, channels);
    for (let index = 0; index < positions; index++) out[image * positions + index] = Math.max(0, projection[index]!);
  }
  return out;
}

function centredMatrix(values: Float32Array, positions: number, channels: number): Float64Array {
  const centred = new Float64Array(positions * channels);
  for (let channel = 0; channel < channels; channel++) {
    let sum = 0;
    for (let position = 0; position < positions; position++) sum += values[position * channels + channel]!;
    const mean = sum / positions;
    for (let position = 0; position < positions; position++) centred[position * channels + channel] = values[position * channels + channel]! - mean;
  }
  return centred;
}

/** `X v` for the top right singular vector `v` of X (`[positions, channels]`), with `sum(v) >= 0`. */
function firstComponentProjection(centred: Float64Array, positions: number, channels: number): Float64Array {
  const x = new Matrix(positions, channels);
  for (let position = 0; position < positions; position++) for (let channel = 0; channel < channels; channel++) x.set(position, channel, centred[position * channels + channel]!);
  const usePositions = positions <= channels;
  const gram = usePositions ? x.mmul(x.transpose()) : x.transpose().mmul(x);
  const decomposition = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const eigenvalues = decomposition.realEigenvalues;
  let top = 0;
  for (let index = 1; index < eigenvalues.length; index++) if (eigenvalues[index]! > eigenvalues[top]!) top = index;
  const largest = eigenvalues[top]!;
  const projection = new Float64Array(positions);
  if (!(largest > 0)) return projection;
  const vector = decomposition.eigenvectorMatrix.getColumn(top);
  // v: the right singular vector; with the position Gram, v = Xᵀ u / sigma.
  let v: number[];
  if (usePositions) {
    const sigma = Math.sqrt(largest);
    v = new Array<number>(channels).fill(0);
    for (let position = 0; position < positions; position++) for (let channel = 0; channel < channels; channel++) v[channel]! += (centred[position * channels + channel]! * vector[position]!) / sigma;
  } else {
    v = vector;
  }
  const sign = v.reduce((sum, value) => sum + value, 0) >= 0 ? 1 : -1;
  for (let position = 0; position < positions; position++) {
    let dot = 0;
    for (let channel = 0; channel < channels; channel++) dot += centred[position * channels + channel]! * v[channel]!;
    projection[position] = sign * dot;
  }
  return projection;
}
