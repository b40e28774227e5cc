import * as tf from '@tensorflow/tfjs-core';
import { rotateFilter180 } from './rotate-filter';
import { fromChannelsLast, insertZeros, padOrCropSpatial, toChannelsLast } from './spatial-layout';

/**
 * Input gradient of a 2-D convolution as one forward convolution (the backend's fast kernel): dy with
 * stride − 1 zeros inserted, padded by filter − 1 − pad, convolved with the filter rotated by 180° and its
 * channel axes swapped ([kh, kw, Co, Ci]), written in one JS pass over the filter (rotateFilter180). `backend` is
 * the one running the kernel (it reads the filter).
 */
export function conv2dBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: tf.Conv2DBackpropInputAttrs, backend: tf.KernelBackend): tf.Tensor4D {
  if (dy.size === 0) return tf.zeros(attrs.inputShape);
  return tf.tidy(() => {
    const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape as [number, number, number, number], filter.shape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, dataFormat);
    const isChannelsFirst = info.dataFormat === 'channelsFirst';
    const { filterHeight, filterWidth, strideHeight, strideWidth, inHeight, inWidth, padInfo } = info;
    const spread = insertZeros(toChannelsLast(dy, isChannelsFirst), strideHeight, strideWidth);
    // dx[h] = Σ_kh spread[h + top − kh] · W[kh]: pad so that a 'valid' conv with the flipped filter lands on h.
    const top = filterHeight - 1 - padInfo.top;
    const left = filterWidth - 1 - padInfo.left;
    const padded = padOrCropSpatial(spread, top, inHeight + filterHeight - 1 - top - spread.shape[1], left, inWidth + filterWidth - 1 - left - spread.shape[2]);
    const flipped = rotateFilter180(filter, backend, true);
    return fromChannelsLast(tf.conv2d(padded, flipped, 1, 'valid'), isChannelsFirst);
  });
}
