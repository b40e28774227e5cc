import { describe, expect, it } from 'vitest';
import { applyColormap, colormapLut } from './colormaps';

const entry = (name: Parameters<typeof colormapLut>[0], index: number): number[] => Array.from(colormapLut(name).slice(index * 3, index * 3 + 3));

describe('colormapLut', () => {
  // matplotlib values: viridis(0) = (0.267004, 0.004874, 0.329415), viridis(1) = (0.993248, 0.906157, 0.143936),
  // inferno(0) = (0.001462, 0.000466, 0.013866), inferno(1) = (0.988362, 0.998364, 0.644924), times 255, rounded.
  it.each([
    ['viridis', 0, [68, 1, 84]],
    ['viridis', 255, [253, 231, 37]],
    ['inferno', 0, [0, 0, 4]],
    ['inferno', 255, [252, 255, 164]],
    // jet by hand from matplotlib's segment data: at 0 blue is 0.5; at 127/255 = 0.498: red (0.498-0.35)/0.31,
    // green 1, blue 1 - (0.498-0.34)/0.31; at 1 red is 0.5.
    ['jet', 0, [0, 0, 128]],
    ['jet', 127, [122, 255, 125]],
    ['jet', 255, [128, 0, 0]],
    // Google's turbo polynomial at 0 and 1.
    ['turbo', 0, [35, 23, 27]],
    ['turbo', 255, [144, 12, 0]],
  ] as const)('should give %s entry %i = %j', (name, index, expected) => {
    expect(entry(name, index)).toEqual(expected);
  });

  it('should reject an unknown name with a typed error', () => {
    expect(() => colormapLut('hot' as never)).toThrow(expect.objectContaining({ code: 'UNKNOWN_COLORMAP' }));
  });
});

describe('applyColormap', () => {
  it('should pick entry floor(v * 256), clamped to 255', () => {
    const colored = applyColormap(new Float32Array([0, 1, 0.5]), 'viridis');
    expect(Array.from(colored)).toEqual([...entry('viridis', 0), ...entry('viridis', 255), ...entry('viridis', 128)]);
  });

  it('should refuse values outside [0, 1]', () => {
    expect(() => applyColormap(new Float32Array([0.5, 1.5]), 'jet')).toThrow(expect.objectContaining({ code: 'CAM_NOT_NORMALIZED' }));
    expect(() => applyColormap(new Float32Array([Number.NaN]), 'jet')).toThrow(/index 0/);
  });
});
