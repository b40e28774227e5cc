/**
 * @packageDocumentation
 * The Grad-CAM family on any model split into `forwardFeatures` and `forwardHead`: raw maps, post-processing
 * (normalise, upsample, colour maps, overlay, PNG, ImageData, DICOM Secondary Capture) and explanation quality.
 */
export type { CamMap, CamMethod, CamModel, CamResult, CamTarget, GradCamOptions } from './cam-types';
export { gradCam, listCamMethods } from './grad-cam';
export { classTarget } from './targets';
export { tokensToFeatureMap } from './reshape-transforms';
export { normalizeByMax, normalizeMinMax } from './normalize';
export { upsampleBilinear } from './upsample';
