import { ShapeError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A `reshape` for token models whose features are a sequence `[N, height * width, C]` in row-major `(y, x)` order
 * (no class token): it returns the NHWC map `[N, height, width, C]` (pytorch-grad-cam's `reshape_transform`).
 */
export function tokensToFeatureMap(height: number, width: number): (tokens: tf.Tensor) => tf.Tensor4D {
  return (tokens) => {
    const [batch, length, channels] = tokens.shape;
    if (tokens.rank !== 3 || length !== height * width) {
      throw new ShapeError(`tokensToFeatureMap: expected tokens [N, ${height * width}, C], received [${tokens.shape.join(', ')}]`);
    }
    return tf.reshape(tokens, [batch!, height, width, channels!]);
  };
}
