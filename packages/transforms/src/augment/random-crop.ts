import { InvalidArgumentError, type ImageArray, type Random } from '@spinedx/core';
import { crop } from '../geometry/crop';
import { assertFiniteImage, assertPositiveInteger } from '../image-checks';

/** Options of {@link randomCrop}. */
export interface RandomCropOptions {
  height: number;
  width: number;
}

/** Crops a `height x width` window at a uniformly random position inside the image. */
export function randomCrop(image: ImageArray, random: Random, options: RandomCropOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomCrop');
  const { height, width } = options;
  assertPositiveInteger('randomCrop', 'height', height);
  assertPositiveInteger('randomCrop', 'width', width);
  if (height > image.height || width > image.width) {
    throw new InvalidArgumentError(`randomCrop: crop ${height}x${width} must fit inside the ${image.height}x${image.width} image`, { code: 'OUT_OF_BOUNDS' });
  }
  const top = random.integer(0, image.height - height);
  const left = random.integer(0, image.width - width);
  return crop(image, { top, left, height, width });
}
