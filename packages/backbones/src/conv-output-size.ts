/**
 * Output length of a convolution or pooling along one axis, PyTorch style (symmetric padding):
 * `floor((input + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1`.
 */
export function convOutputSize(input: number, kernel: number, stride = 1, padding = 0, dilation = 1): number {
  return Math.floor((input + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1;
}
