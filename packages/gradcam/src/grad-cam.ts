import { InvalidArgumentError, ShapeError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import type { CamMethod, CamModel, CamResult, CamTarget, GradCamOptions } from './cam-types';
import { eigenCam } from './eigen-cam';
import { gradientCam, isGradientMethod } from './gradient-cams';
import { scoreCamWeights } from './score-cam';
import { classTarget, predictedClasses, resolveClassIndices } from './targets';

const methods: readonly CamMethod[] = ['gradcam', 'gradcam++', 'xgradcam', 'layercam', 'hirescam', 'eigencam', 'scorecam'];

/** Every method {@link gradCam} accepts. */
export function listCamMethods(): CamMethod[] {
  return [...methods];
}

const asFeatureMap = (features: tf.Tensor): tf.Tensor4D => features as tf.Tensor4D;

/**
 * Class activation maps of a batch, on the model's `forwardFeatures` / `forwardHead` split (no hooks): the
 * activations `A = forwardFeatures(input)` are computed once, and gradients are taken of the target with respect to
 * `A` through `forwardHead` only. Returns one RAW map per image at feature resolution (for `'gradcam'`:
 * `relu(sum_k mean_yx(d y_c / d A_k) * A_k)`), before any upsampling or normalisation.
 *
 * Gradients need the tfjs gradient registrations, which the full `@tensorflow/tfjs` package (or a bundle of it)
 * installs. The caller keeps ownership of `input`; no tensor is left behind.
 */
export async function gradCam(model: CamModel, input: tf.Tensor4D, options: GradCamOptions = {}): Promise<CamResult[]> {
  const method = options.method ?? 'gradcam';
  const batchSize = options.batchSize ?? 16;
  validateArguments(model, input, method, batchSize);
  const reshape = options.reshape ?? asFeatureMap;

  const [features, logits] = tf.tidy(() => {
    const raw = model.forwardFeatures(input);
    return [raw, model.forwardHead(raw)] as const;
  });
  let activations: tf.Tensor4D | undefined;
  try {
    const numImages = input.shape[0];
    if (logits.rank !== 2 || logits.shape[0] !== numImages) {
      throw new ShapeError(`gradCam: forwardHead must return logits [${numImages}, K], received [${logits.shape.join(', ')}]`);
    }
    activations = tf.tidy(() => reshape(features));
    if (activations.rank !== 4 || activations.shape[0] !== numImages) {
      throw new ShapeError(
        `gradCam: the feature map must be NHWC [${numImages}, h, w, C] (pass options.reshape for token models), received [${activations.shape.join(', ')}]`,
      );
    }
    const numClasses = logits.shape[1];
    const classes =
      options.classIndex === undefined
        ? predictedClasses((await logits.data()) as Float32Array, numImages, numClasses)
        : resolveClassIndices(options.classIndex, numImages, numClasses, 'gradCam');
    const target = options.target ?? classTarget(classes);
    const imageIndices = Array.from({ length: numImages }, (_, index) => index);
    checkTarget(target, logits, imageIndices);

    const [, height, width, channels] = activations.shape;
    let cams: Float32Array;
    if (method === 'eigencam') {
      cams = eigenCam((await activations.data()) as Float32Array, numImages, height, width, channels);
    } else {
      const featureMap = activations;
      const camTensor = isGradientMethod(method)
        ? tf.tidy(() => {
            const gradientOf = tf.grad((raw: tf.Tensor) => tf.sum(target(model.forwardHead(raw), imageIndices)));
            return gradientCam(method, featureMap, reshape(gradientOf(features)));
          })
        : await scoreCam(model, input, featureMap, target, batchSize);
      cams = (await camTensor.data()) as Float32Array;
      camTensor.dispose();
    }
    const size = height * width;
    return classes.map((classIndex, image) => ({
      classIndex: options.target === undefined ? classIndex : null,
      height,
      width,
      cam: cams.slice(image * size, (image + 1) * size),
    }));
  } finally {
    features.dispose();
    logits.dispose();
    activations?.dispose();
  }
}

async function scoreCam(model: CamModel, input: tf.Tensor4D, activations: tf.Tensor4D, target: CamTarget, batchSize: number): Promise<tf.Tensor3D> {
  const weights = await scoreCamWeights(model, input, activations, target, batchSize);
  const cam = tf.tidy(() => tf.relu(tf.sum(tf.mul(activations, tf.reshape(weights, [weights.shape[0], 1, 1, weights.shape[1]])), 3)) as tf.Tensor3D);
  weights.dispose();
  return cam;
}

/** A custom target must give one score per row; checked once before any gradient is taken. */
function checkTarget(target: CamTarget, logits: tf.Tensor2D, imageIndices: number[]): void {
  const shape = tf.tidy(() => target(logits, imageIndices).shape);
  if (shape.length !== 1 || shape[0] !== logits.shape[0]) {
    throw new ShapeError(`gradCam: the target must return one score per image, [${logits.shape[0]}], received [${shape.join(', ')}]`, { code: 'INVALID_TARGET' });
  }
}

function validateArguments(model: CamModel, input: tf.Tensor4D, method: string, batchSize: number): void {
  if (model === null || typeof model !== 'object' || typeof model.forwardFeatures !== 'function' || typeof model.forwardHead !== 'function') {
    throw new InvalidArgumentError('gradCam: expected a model with forwardFeatures(x) and forwardHead(features) methods', { code: 'INVALID_MODEL' });
  }
  if (!(input instanceof tf.Tensor) || input.rank !== 4) {
    const received = input instanceof tf.Tensor ? `a rank-${input.rank} tensor [${input.shape.join(', ')}]` : typeof input;
    throw new ShapeError(`gradCam: expected an NHWC input tensor [N, H, W, C], received ${received}`);
  }
  if (input.isDisposed) throw new InvalidArgumentError('gradCam: the input tensor is disposed', { code: 'DISPOSED_TENSOR' });
  if (!methods.includes(method as CamMethod)) {
    throw new InvalidArgumentError(`gradCam: method must be one of ${methods.join(', ')}, received '${method}'`, { code: 'UNKNOWN_METHOD' });
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidArgumentError(`gradCam: batchSize must be a positive integer, received ${String(batchSize)}`);
  }
}
