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
export type { ColormapName } from './colormaps';
export { applyColormap, colormapLut } from './colormaps';
export type { OverlayOptions } from './overlay';
export { overlay } from './overlay';
export { encodePng } from './png';
export { toImageData } from './image-data';
export type { PointingGameResult } from './localization-metrics';
export { energyInsideMask, pointingGame } from './localization-metrics';
export type { DeletionInsertionOptions, FaithfulnessCurve } from './faithfulness';
export { deletionInsertion } from './faithfulness';
export type { OverlaySecondaryCaptureOptions } from './secondary-capture';
export { overlayToSecondaryCapture } from './secondary-capture';
