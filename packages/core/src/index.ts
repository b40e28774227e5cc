/**
 * @packageDocumentation
 * Shared types and errors of SpineDx: the image array that flows between packages, the typed error base class and the
 * names of the fused kernels backends may provide.
 */
export type { ImageArray, TypedArray } from './image-array';
export { assertImage, createImage } from './image-array';
export type { SpineDxErrorOptions } from './errors';
export { InvalidArgumentError, ShapeError, SpineDxError } from './errors';
export { FUSED_KERNEL_NAMES } from './fused-kernels';
export type { Random } from './random';
export { createRandom } from './random';
