/**
 * @packageDocumentation
 * The Grad-CAM family on any model split into `forwardFeatures` and `forwardHead`.
 */
export { normalizeMinMax } from './normalize';
