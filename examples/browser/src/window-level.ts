import type { ImageArray } from '@spinedx/core';
import { applyVoiLut, defaultVoi, type DicomImage } from '@spinedx/dicom';

/** A display window in the image's real units (VOI LUT function LINEAR, PS3.3 C.11.2.1.2). */
export interface DisplayWindow {
  center: number;
  width: number;
}

/** Named windows offered as presets (keys 1-4). */
export type WindowPresetName = 'file' | 'full' | 'contrast' | 'soft';

/** Presets in the order of their shortcut keys. */
export const WINDOW_PRESETS: readonly { name: WindowPresetName; label: string }[] = [
  { name: 'file', label: 'From file' },
  { name: 'full', label: 'Full range' },
  { name: 'contrast', label: 'Contrast (1–99 %)' },
  { name: 'soft', label: 'Soft (5–95 %)' },
];

/** Value at quantile `q` of `data` (nearest rank on a sorted copy of a strided sample, enough for a display window). */
function quantile(sorted: Float32Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

function sortedSample(data: Float32Array): Float32Array {
  const stride = Math.max(1, Math.floor(data.length / 65536));
  const sample = new Float32Array(Math.ceil(data.length / stride));
  for (let index = 0, out = 0; index < data.length; index += stride) sample[out++] = data[index]!;
  return sample.sort();
}

function windowBetween(low: number, high: number): DisplayWindow {
  const width = Math.max(1, high - low);
  return { center: low + width / 2, width };
}

/**
 * The window of a preset for one slice: `file` is the slice's own WindowCenter/Width (full range when it
 * has none), `full` its minimum to maximum, `contrast` and `soft` its 1-99 % and 5-95 % percentiles.
 */
export function presetWindow(name: WindowPresetName, pixels: ImageArray<Float32Array>, dicom?: DicomImage): DisplayWindow {
  const sorted = sortedSample(pixels.data);
  if (name === 'file' && dicom) {
    const voi = defaultVoi(dicom);
    if (voi !== undefined && 'center' in voi) return { center: voi.center, width: Math.max(1, voi.width) };
  }
  if (name === 'contrast') return windowBetween(quantile(sorted, 0.01), quantile(sorted, 0.99));
  if (name === 'soft') return windowBetween(quantile(sorted, 0.05), quantile(sorted, 0.95));
  return windowBetween(sorted[0]!, sorted[sorted.length - 1]!);
}

/**
 * A mouse drag applied to a window, as in most PACS viewers: right widens, up brightens (lowers the centre).
 * `sensitivity` is the real-unit change per pixel of drag; the width never falls below 1.
 */
export function dragWindow(window: DisplayWindow, deltaX: number, deltaY: number, sensitivity: number): DisplayWindow {
  return { center: window.center + deltaY * sensitivity, width: Math.max(1, window.width + deltaX * sensitivity) };
}

/** A slice windowed to grey levels in [0, 1] (one channel), ready for an overlay or a canvas. */
export function windowSlice(pixels: ImageArray<Float32Array>, window: DisplayWindow): ImageArray<Float32Array> {
  return { data: applyVoiLut(pixels.data, { center: window.center, width: window.width }), height: pixels.height, width: pixels.width, channels: 1 };
}

/** Grey levels in [0, 1] to opaque RGBA bytes. */
export function greyToRgba(grey: ImageArray<Float32Array>): ImageArray<Uint8ClampedArray> {
  const pixels = grey.height * grey.width;
  const rgba = new Uint8ClampedArray(pixels * 4);
  for (let pixel = 0; pixel < pixels; pixel++) {
    const level = Math.round(grey.data[pixel * grey.channels]! * 255);
    rgba[pixel * 4] = level;
    rgba[pixel * 4 + 1] = level;
    rgba[pixel * 4 + 2] = level;
    rgba[pixel * 4 + 3] = 255;
  }
  return { data: rgba, height: grey.height, width: grey.width, channels: 4 };
}
