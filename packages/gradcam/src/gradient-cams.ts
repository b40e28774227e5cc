import * as tf from '@tensorflow/tfjs-core';

/** The CAM methods computed from activations and their gradients. */
export type GradientCamMethod = 'gradcam' | 'gradcam++' | 'xgradcam' | 'layercam' | 'hirescam';

/** True for the methods {@link gradientCam} computes. */
export function isGradientMethod(method: string): method is GradientCamMethod {
  return method === 'gradcam' || method === 'gradcam++' || method === 'xgradcam' || method === 'layercam' || method === 'hirescam';
}

/**
 * Raw CAM `[N, h, w]` from activations `A` and gradients `G = d score / d A` (both NHWC), with the formulas of
 * pytorch-grad-cam (grad_cam.py, grad_cam_plusplus.py, xgrad_cam.py, layer_cam.py, hirescam.py); every map ends
 * in a ReLU as in its BaseCAM. Call inside `tf.tidy`.
 */
export function gradientCam(method: GradientCamMethod, activations: tf.Tensor4D, gradients: tf.Tensor4D): tf.Tensor3D {
  const spatial = [1, 2];
  let weighted: tf.Tensor4D;
  switch (method) {
    case 'gradcam':
      weighted = tf.mul(tf.mean(gradients, spatial, true), activations);
      break;
    case 'hirescam':
      weighted = tf.mul(gradients, activations);
      break;
    case 'layercam':
      weighted = tf.mul(tf.relu(gradients), activations);
      break;
    case 'xgradcam': {
      const sums = tf.add(tf.sum(activations, spatial, true), 1e-7);
      weighted = tf.mul(tf.div(tf.sum(tf.mul(gradients, activations), spatial, true), sums), activations);
      break;
    }
    case 'gradcam++': {
      const squared = tf.square(gradients);
      const cubed = tf.mul(squared, gradients);
      const activationSums = tf.sum(activations, spatial, true);
      const alpha = tf.div(squared, tf.add(tf.add(tf.mul(squared, 2), tf.mul(activationSums, cubed)), 1e-6));
      const alphaWhereGradient = tf.where(tf.notEqual(gradients, 0), alpha, tf.zerosLike(alpha));
      const weights = tf.sum(tf.mul(tf.relu(gradients), alphaWhereGradient), spatial, true);
      weighted = tf.mul(weights, activations);
      break;
    }
  }
  return tf.relu(tf.sum(weighted, 3)) as tf.Tensor3D;
}
