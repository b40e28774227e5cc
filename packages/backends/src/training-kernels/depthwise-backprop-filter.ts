import * as tf from '@tensorflow/tfjs-core';
import { padOrCropSpatial } from './spatial-layout';

/**
 * Filter gradient of a depthwise convolution, one filter tap at a time:
 * dW[kh,kw,c,j] = Σ_{n,oh,ow} x[n, oh·s+kh·d−p, ow·s+kw·d−p, c] · dy[n,oh,ow,c·m+j], each tap a strided slice of
 * the padded input times dy, summed over batch and space (elementwise kernels, SIMD on wasm).
 */
export function depthwiseConv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: tf.DepthwiseConv2dNativeBackpropFilterAttrs): tf.Tensor4D {
  if (dy.size === 0) return tf.zeros(attrs.filterShape);
  return tf.tidy(() => {
    const filterShape = attrs.filterShape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
    const { batchSize, effectiveFilterHeight, effectiveFilterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, outHeight, outWidth, inHeight, inWidth, padInfo } = info;
    const [filterHeight, filterWidth, channels, multiplier] = filterShape;
    const neededHeight = (outHeight - 1) * strideHeight + effectiveFilterHeight;
    const neededWidth = (outWidth - 1) * strideWidth + effectiveFilterWidth;
    const padded = padOrCropSpatial(x, padInfo.top, neededHeight - inHeight - padInfo.top, padInfo.left, neededWidth - inWidth - padInfo.left);
    const gradient = tf.reshape(dy, [batchSize, outHeight, outWidth, channels, multiplier]);
    const taps: tf.Tensor[] = [];
    for (let row = 0; row < filterHeight; row++) {
      for (let column = 0; column < filterWidth; column++) {
        const begin = [0, row * dilationHeight, column * dilationWidth, 0];
        const end = [batchSize, begin[1]! + (outHeight - 1) * strideHeight + 1, begin[2]! + (outWidth - 1) * strideWidth + 1, channels];
        const window = tf.reshape(tf.stridedSlice(padded, begin, end, [1, strideHeight, strideWidth, 1]), [batchSize, outHeight, outWidth, channels, 1]);
        taps.push(tf.sum(tf.mul(window, gradient), [0, 1, 2]));
      }
    }
    return tf.reshape(tf.stack(taps), filterShape);
  });
}
