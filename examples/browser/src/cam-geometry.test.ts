import { describe, expect, it } from 'vitest';
import { heatmapOnSlice } from './cam-geometry';

// A 4 x 4 heat map whose value is its column / 3: 0, 1/3, 2/3, 1.
const columns = Float32Array.from({ length: 16 }, (_, index) => (index % 4) / 3);

describe('heatmapOnSlice', () => {
  it('should return the heat map itself when the slice is the input size and nothing is cropped', () => {
    const { cam } = heatmapOnSlice(columns, 4, 4, { inputSize: 4, fit: 'crop', cropPct: 1 });
    expect(Array.from(cam)).toEqual(Array.from(columns));
  });

  it('should sample a 2x larger slice at pixel centres (bilinear, edges clamped)', () => {
    const { cam } = heatmapOnSlice(columns, 8, 8, { inputSize: 4, fit: 'crop', cropPct: 1 });
    // Slice x -> input (x + 0.5) / 2 - 0.5: x = 0 -> -0.25 (clamped to column 0), x = 3 -> 1.25 -> 1/3 + 0.25/3.
    expect(cam[0]).toBeCloseTo(0, 6);
    expect(cam[3]).toBeCloseTo(1.25 / 3, 6);
    expect(cam[7]).toBeCloseTo(1, 6);
  });

  it('should leave the cropped-off border of a wide slice at 0', () => {
    // 4 x 8 slice, crop 4: shortest edge stays 4, width 8, centre crop keeps columns 2..5.
    const ones = new Float32Array(16).fill(1);
    const { cam, covered } = heatmapOnSlice(ones, 4, 8, { inputSize: 4, fit: 'crop', cropPct: 1 });
    expect(Array.from(cam.subarray(0, 8))).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
    expect(Array.from(covered.subarray(0, 8))).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
  });

  it('should undo the letterbox padding of a tall slice', () => {
    // 8 x 4 slice into 4: scale 0.5 -> 4 x 2, padded left 1 and right 1; the columns 1 and 2 of the heat map cover it.
    const { cam } = heatmapOnSlice(columns, 8, 4, { inputSize: 4, fit: 'letterbox', cropPct: 1 });
    // Slice x = 0 -> input (0.5) * 0.5 - 0.5 + 1 = 0.75 -> 0.25 * 0 + ... = 0.75 / 3.
    expect(cam[0]).toBeCloseTo(0.75 / 3, 6);
    expect(cam[3]).toBeCloseTo(2.25 / 3, 6);
  });
});
