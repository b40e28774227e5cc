import { DicomError } from './dicom-error';
import type { DicomImage, LookupTable, VoiLutFunction } from './dicom-image';

/** A window (PS3.3 C.11.2.1.2): centre, width and the VOI LUT function (LINEAR when omitted). */
export interface VoiWindow {
  center: number;
  width: number;
  function?: VoiLutFunction;
}

/** Output range of applyVoiLut; [0, 1] by default. */
export interface VoiOutputRange {
  outputMin?: number;
  outputMax?: number;
}

function isLookupTable(voi: VoiWindow | LookupTable): voi is LookupTable {
  return (voi as LookupTable).data !== undefined;
}

/**
 * Applies a VOI transformation (PS3.3 C.11.2.1.2 and C.11.2.1.3) to modality-LUT output, mapping to
 * [outputMin, outputMax] (default [0, 1]):
 * - LINEAR: x <= c - 0.5 - (w-1)/2 → min; x > c - 0.5 + (w-1)/2 → max; else ((x - (c - 0.5)) / (w-1) + 0.5) scaled (w >= 1);
 * - LINEAR_EXACT: x <= c - w/2 → min; x > c + w/2 → max; else ((x - c) / w + 0.5) scaled (w > 0);
 * - SIGMOID: (max - min) / (1 + exp(-4 (x - c) / w)) + min (w > 0);
 * - a VOI LUT Sequence item: the entry at x - firstValue (clamped), divided by 2^bitsPerEntry - 1, scaled.
 * Returns a new Float32Array.
 */
export function applyVoiLut(data: ArrayLike<number>, voi: VoiWindow | LookupTable, range: VoiOutputRange = {}): Float32Array {
  const low = range.outputMin ?? 0;
  const high = range.outputMax ?? 1;
  const span = high - low;
  const output = new Float32Array(data.length);
  if (isLookupTable(voi)) {
    const last = voi.length - 1;
    const scale = span / (2 ** voi.bitsPerEntry - 1);
    for (let index = 0; index < data.length; index++) {
      output[index] = voi.data[Math.min(last, Math.max(0, Math.round(data[index]!) - voi.firstValue))]! * scale + low;
    }
    return output;
  }
  const { center, width } = voi;
  const kind = voi.function ?? 'LINEAR';
  const minimumWidth = kind === 'LINEAR' ? 1 : Number.MIN_VALUE;
  if (!Number.isFinite(center) || !Number.isFinite(width) || width < minimumWidth) {
    throw new DicomError(`applyVoiLut: expected a finite centre and a width ${kind === 'LINEAR' ? '>= 1' : '> 0'} for ${kind}, received centre ${center}, width ${width}`, 'INVALID_ATTRIBUTE');
  }
  if (kind === 'SIGMOID') {
    for (let index = 0; index < data.length; index++) output[index] = span / (1 + Math.exp((-4 * (data[index]! - center)) / width)) + low;
    return output;
  }
  const exact = kind === 'LINEAR_EXACT';
  const lower = exact ? center - width / 2 : center - 0.5 - (width - 1) / 2;
  const upper = exact ? center + width / 2 : center - 0.5 + (width - 1) / 2;
  const offset = exact ? center : center - 0.5;
  const divisor = exact ? width : width - 1;
  for (let index = 0; index < data.length; index++) {
    const value = data[index]!;
    // LINEAR with width 1 is a threshold at the centre (divisor 0 never reached: lower === upper).
    output[index] = value <= lower ? low : value > upper ? high : ((value - offset) / divisor + 0.5) * span + low;
  }
  return output;
}

/**
 * The VOI transformation an image asks for first: its first window (WindowCenter/WindowWidth with its
 * VOILUTFunction), else its first VOI LUT Sequence item, else undefined.
 */
export function defaultVoi(image: DicomImage): VoiWindow | LookupTable | undefined {
  const center = image.windowCenter[0];
  const width = image.windowWidth[0];
  if (center !== undefined && width !== undefined) return { center, width, function: image.voiLutFunction };
  return image.voiLutSequence[0];
}
