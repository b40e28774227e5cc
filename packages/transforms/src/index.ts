/**
 * @packageDocumentation
 * Pure, composable preprocessing and seeded augmentation on `ImageArray`s. No TensorFlow.js in this entry.
 */
export type { Transform } from './compose';
export { compose } from './compose';
