import { describe, expect, it } from 'vitest';
import { energyInsideMask, pointingGame } from './localization-metrics';

// 3x3 mask with the lesion in the top-left 2x2 block.
const mask = { data: new Uint8Array([1, 1, 0, 1, 1, 0, 0, 0, 0]), height: 3, width: 3, channels: 1 };
const cam = (values: number[], height = 3, width = 3) => ({ height, width, cam: new Float32Array(values) });

describe('pointingGame', () => {
  it('should hit when the peak is on the lesion and miss when it is not', () => {
    expect(pointingGame(cam([0, 0, 0, 0, 5, 1, 0, 0, 0]), mask)).toEqual({ hit: true, peak: { y: 1, x: 1 } });
    expect(pointingGame(cam([0, 0, 0, 0, 1, 5, 0, 0, 0]), mask)).toEqual({ hit: false, peak: { y: 1, x: 2 } });
  });

  it('should count a peak within the tolerance as a hit', () => {
    expect(pointingGame(cam([0, 0, 0, 0, 0, 0, 0, 0, 9]), mask, { tolerance: 1 }).hit).toBe(false); // nearest lesion pixel is sqrt(2) away
    expect(pointingGame(cam([0, 0, 0, 0, 0, 0, 0, 0, 9]), mask, { tolerance: 1.5 }).hit).toBe(true);
  });

  it('should call a constant map a miss with no peak', () => {
    expect(pointingGame(cam(new Array(9).fill(2)), mask)).toEqual({ hit: false, peak: null });
  });

  it('should upsample a feature-resolution CAM to the mask first', () => {
    // A 1x3 map peaking in its last column: after the resize every row peaks at x = 2, first at (0, 2), off the lesion.
    expect(pointingGame(cam([0, 1, 3], 1, 3), mask)).toEqual({ hit: false, peak: { y: 0, x: 2 } });
  });

  it('should reject a multi-channel mask', () => {
    expect(() => pointingGame(cam(new Array(9).fill(0)), { ...mask, data: new Uint8Array(27), channels: 3 })).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});

describe('energyInsideMask', () => {
  it('should give the share of the CAM energy on the lesion', () => {
    expect(energyInsideMask(cam([1, 1, 0, 1, 1, 2, 0, 0, 2]), mask)).toBeCloseTo(4 / 8, 12);
  });

  it('should be NaN for an all-zero CAM and throw for a negative one', () => {
    expect(energyInsideMask(cam(new Array(9).fill(0)), mask)).toBeNaN();
    expect(() => energyInsideMask(cam([1, -1, 0, 0, 0, 0, 0, 0, 0]), mask)).toThrow(expect.objectContaining({ code: 'NEGATIVE_CAM' }));
  });
});
