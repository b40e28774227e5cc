/**
 * @packageDocumentation
 * Shared types and errors of SpineDx: the image array that flows between packages and the typed error base class.
 */
export type { ImageArray, TypedArray } from './image-array';
export { assertImage, createImage } from './image-array';
export type { SpineDxErrorOptions } from './errors';
export { InvalidArgumentError, ShapeError, SpineDxError } from './errors';
export type { Random } from './random';
export { createRandom } from './random';
