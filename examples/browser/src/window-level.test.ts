import { describe, expect, it } from 'vitest';
import { dragWindow, greyToRgba, presetWindow, windowSlice } from './window-level';

// A 10 x 10 ramp 0..99 in real units.
const ramp = { data: Float32Array.from({ length: 100 }, (_, index) => index), height: 10, width: 10, channels: 1 };

describe('presetWindow', () => {
  it('should span the minimum to the maximum for the full range', () => {
    expect(presetWindow('full', ramp)).toEqual({ center: 49.5, width: 99 });
  });

  it('should span the 1st to the 99th percentile for contrast', () => {
    // Nearest ranks: round(0.01 * 99) = 1 and round(0.99 * 99) = 98.
    expect(presetWindow('contrast', ramp)).toEqual({ center: 49.5, width: 97 });
  });

  it('should fall back to the full range when there is no DICOM window', () => {
    expect(presetWindow('file', ramp)).toEqual({ center: 49.5, width: 99 });
  });
});

describe('dragWindow', () => {
  it('should widen to the right and move the centre with the vertical drag, keeping the width at least 1', () => {
    expect(dragWindow({ center: 100, width: 50 }, 10, -4, 2)).toEqual({ center: 92, width: 70 });
    expect(dragWindow({ center: 100, width: 50 }, -100, 0, 2).width).toBe(1);
  });
});

describe('windowSlice', () => {
  it('should map the window linearly to [0, 1] and clamp outside it (PS3.3 C.11.2.1.2)', () => {
    const grey = windowSlice(ramp, { center: 50.5, width: 21 });
    // LINEAR: x <= c - 0.5 - (w-1)/2 = 40 -> 0; x > c - 0.5 + (w-1)/2 = 60 -> 1; 50 -> (50 - 50)/20 + 0.5.
    expect([grey.data[40], grey.data[50], grey.data[61]]).toEqual([0, 0.5, 1]);
  });
});

describe('greyToRgba', () => {
  it('should write opaque grey pixels', () => {
    const rgba = greyToRgba({ data: Float32Array.from([0, 0.5, 1]), height: 1, width: 3, channels: 1 });
    expect(Array.from(rgba.data)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });
});
