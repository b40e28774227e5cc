/** Min-max normalises a CAM to [0, 1]; a constant map becomes all zeros (never inverted, never NaN). */
export function normalizeMinMax(cam: Float32Array): Float32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const value of cam) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const range = max - min;
  const out = new Float32Array(cam.length);
  if (!(range > 0)) return out;
  for (let index = 0; index < cam.length; index++) out[index] = (cam[index]! - min) / range;
  return out;
}

/**
 * Divides a CAM by its maximum, keeping zero at zero (so a weak map stays weak, unlike min-max); a map whose
 * maximum is not positive becomes all zeros (never inverted, never NaN).
 */
export function normalizeByMax(cam: Float32Array): Float32Array {
  let max = -Infinity;
  for (const value of cam) if (value > max) max = value;
  const out = new Float32Array(cam.length);
  if (!(max > 0)) return out;
  for (let index = 0; index < cam.length; index++) out[index] = Math.max(0, cam[index]!) / max;
  return out;
}
