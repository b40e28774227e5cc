import { InvalidArgumentError, ShapeError } from '@spinedx/core';
import type { CamMap } from './cam-types';

/**
 * Resizes a map with bilinear interpolation exactly as PyTorch's `F.interpolate(mode='bilinear',
 * align_corners=False)` (no antialiasing): source coordinate `(dst + 0.5) * in / out - 0.5`, clamped at 0, and
 * the last row/column repeated at the far edge. Use it to bring a raw CAM to the input size.
 */
export function upsampleBilinear(map: CamMap, height: number, width: number): CamMap {
  for (const [name, value] of [['height', height], ['width', width]] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new InvalidArgumentError(`upsampleBilinear: ${name} must be a positive integer, received ${String(value)}`, { code: 'INVALID_DIMENSIONS' });
    }
  }
  if (map.cam.length !== map.height * map.width) {
    throw new ShapeError(`upsampleBilinear: a ${map.height}x${map.width} map needs ${map.height * map.width} values, received ${map.cam.length}`);
  }
  const rows = sourceTaps(map.height, height);
  const columns = sourceTaps(map.width, width);
  const cam = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    const top = rows.low[y]! * map.width;
    const bottom = rows.high[y]! * map.width;
    const rowWeight = rows.weight[y]!;
    for (let x = 0; x < width; x++) {
      const left = columns.low[x]!;
      const right = columns.high[x]!;
      const columnWeight = columns.weight[x]!;
      const upper = map.cam[top + left]! * (1 - columnWeight) + map.cam[top + right]! * columnWeight;
      const lower = map.cam[bottom + left]! * (1 - columnWeight) + map.cam[bottom + right]! * columnWeight;
      cam[y * width + x] = upper * (1 - rowWeight) + lower * rowWeight;
    }
  }
  return { height, width, cam };
}

/** For each output index: the two source indices and the weight of the second (PyTorch's area_pixel_compute_source_index). */
function sourceTaps(inSize: number, outSize: number): { low: Int32Array; high: Int32Array; weight: Float64Array } {
  const scale = inSize / outSize;
  const low = new Int32Array(outSize);
  const high = new Int32Array(outSize);
  const weight = new Float64Array(outSize);
  for (let index = 0; index < outSize; index++) {
    const source = Math.max(0, (index + 0.5) * scale - 0.5);
    const floor = Math.min(Math.floor(source), inSize - 1);
    low[index] = floor;
    high[index] = Math.min(floor + 1, inSize - 1);
    weight[index] = source - floor;
  }
  return { low, high, weight };
}
