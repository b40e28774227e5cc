import type { ImageArray } from '@spinedx/core';

/** A pure image transform. */
export type Transform = (image: ImageArray) => ImageArray;

/** Chains transforms left to right: `compose([a, b])(image) === b(a(image))`. */
export function compose(transforms: readonly Transform[]): Transform {
  const steps = [...transforms];
  return (image) => steps.reduce((current, step) => step(current), image);
}
