/**
 * @packageDocumentation
 * Node-only helpers of `@spinedx/classifier` (bundles on disk, datasets from folders).
 */
export { DEFAULT_CLASS_NAMES } from './class-names';
