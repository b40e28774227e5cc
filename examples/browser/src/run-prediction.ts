import type { Prediction, SpineClassifier } from '@spinedx/classifier';
import { selectSlices, type SliceSelection } from '@spinedx/transforms';
import * as tf from '@tensorflow/tfjs-core';
import { heatmapOnSlice } from './cam-geometry';
import type { CamMap } from '@spinedx/gradcam';
import type { LoadedSlice } from './open-dicom-files';

/** Which slices the user asked the model to read. */
export type SliceChoice = 'all' | 'central' | 'current';

/** A finished prediction: which slices it covered, the result, each slice's heat map on the slice, timing. */
export interface PredictionRun {
  sliceIndices: number[];
  prediction: Prediction;
  /** Heat maps carried back to slice pixels (with the pixels the model saw), by slice index in the series. */
  cams: Map<number, CamMap & { covered: Uint8Array }>;
  /** Wall time of `predict` (preprocessing, forward pass, Grad-CAM) in milliseconds. */
  milliseconds: number;
  backend: string;
}

/** Slice indices for a choice: all, the central five (fewer in short series), or the one on screen. */
export function chooseSliceIndices(count: number, choice: SliceChoice, current: number): number[] {
  const indices = Array.from({ length: count }, (_, index) => index);
  const selection: SliceSelection =
    choice === 'all' ? { mode: 'all' } : choice === 'central' ? { mode: 'central', count: Math.min(5, count) } : { mode: 'range', start: current, end: current };
  return selectSlices(indices, selection);
}

/** Runs the classifier with Grad-CAM on the chosen slices of a series and maps each heat map onto its slice. */
export async function runPrediction(classifier: SpineClassifier, slices: readonly LoadedSlice[], sliceIndices: number[], options: { tta: boolean }): Promise<PredictionRun> {
  const started = performance.now();
  const prediction = await classifier.predict(
    sliceIndices.map((index) => slices[index]!.pixels),
    { gradcam: true, tta: options.tta },
  );
  const milliseconds = performance.now() - started;
  const geometry = {
    inputSize: classifier.config.inputSize,
    fit: classifier.config.preprocessing.fit ?? 'crop',
    cropPct: classifier.backbone.config.cropPct,
  } as const;
  const cams: PredictionRun['cams'] = new Map();
  prediction.slices.forEach((result, position) => {
    const index = sliceIndices[position]!;
    const slice = slices[index]!;
    if (result.cam) cams.set(index, heatmapOnSlice(result.cam.heatmap, slice.pixels.height, slice.pixels.width, geometry));
  });
  return { sliceIndices, prediction, cams, milliseconds, backend: tf.getBackend() };
}
