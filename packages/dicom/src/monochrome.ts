/**
 * Inverts MONOCHROME1 values so that higher means brighter, as in MONOCHROME2 (PS3.3 C.7.6.3.1.2):
 * `min + max - value`. `range` is the span to mirror in: pass [outputMin, outputMax] after applyVoiLut
 * (e.g. [0, 1]) or the stored-value range; without it the data's own minimum and maximum are used.
 * Returns a new Float32Array; decodeImage never inverts, so callers decide where inversion belongs.
 */
export function invertMonochrome1(data: ArrayLike<number>, range?: [number, number]): Float32Array {
  let minimum = range?.[0] ?? Number.POSITIVE_INFINITY;
  let maximum = range?.[1] ?? Number.NEGATIVE_INFINITY;
  if (range === undefined) {
    for (let index = 0; index < data.length; index++) {
      minimum = Math.min(minimum, data[index]!);
      maximum = Math.max(maximum, data[index]!);
    }
  }
  const output = new Float32Array(data.length);
  for (let index = 0; index < data.length; index++) output[index] = minimum + maximum - data[index]!;
  return output;
}
