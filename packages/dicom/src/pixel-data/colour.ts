import type { StoredPixelArray } from './stored-values';

/** Rearranges planar samples (RRR..GGG..BBB) into interleaved (RGBRGB..), returning a new array of the same type. */
export function planarToInterleaved<T extends StoredPixelArray>(values: T, pixels: number, samplesPerPixel: number): T {
  const result = new (values.constructor as new (length: number) => T)(pixels * samplesPerPixel);
  for (let sample = 0; sample < samplesPerPixel; sample++) {
    const plane = sample * pixels;
    for (let pixel = 0; pixel < pixels; pixel++) result[pixel * samplesPerPixel + sample] = values[plane + pixel]!;
  }
  return result;
}

// pydicom's convert_color_space YBR_FULL → RGB matrix (float32), from ITU-R BT.601 / PS3.3 C.7.6.3.1.2.
const crToRed = Math.fround(1.402);
const cbToGreen = Math.fround((-0.114 * 1.772) / 0.587);
const crToGreen = Math.fround((-0.299 * 1.402) / 0.587);
const cbToBlue = Math.fround(1.772);

const clampRound = (value: number): number => Math.min(255, Math.max(0, Math.floor(Math.fround(value + 0.5))));

/** Converts interleaved 8-bit YBR_FULL samples to RGB in place, rounding like pydicom (`floor(x + 0.5)`, clipped). */
export function ybrFullToRgb(values: Uint8Array): void {
  for (let offset = 0; offset + 2 < values.length; offset += 3) {
    const luma = values[offset]!;
    const blue = values[offset + 1]! - 128;
    const red = values[offset + 2]! - 128;
    values[offset] = clampRound(Math.fround(luma + Math.fround(crToRed * red)));
    values[offset + 1] = clampRound(Math.fround(Math.fround(luma + Math.fround(cbToGreen * blue)) + Math.fround(crToGreen * red)));
    values[offset + 2] = clampRound(Math.fround(luma + Math.fround(cbToBlue * blue)));
  }
}

/** Expands native YBR_FULL_422 data (Y1 Y2 Cb Cr per pixel pair) to YBR_FULL (Y Cb Cr per pixel) by repetition. */
export function ybr422ToYbrFull(bytes: Uint8Array, pixels: number): Uint8Array {
  const result = new Uint8Array(pixels * 3);
  for (let pair = 0; 2 * pair < pixels; pair++) {
    const source = pair * 4;
    const target = pair * 6;
    const blue = bytes[source + 2]!;
    const red = bytes[source + 3]!;
    result[target] = bytes[source]!;
    result[target + 1] = blue;
    result[target + 2] = red;
    if (2 * pair + 1 < pixels) {
      result[target + 3] = bytes[source + 1]!;
      result[target + 4] = blue;
      result[target + 5] = red;
    }
  }
  return result;
}
