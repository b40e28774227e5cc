import { describe, expect, it } from 'vitest';
import { smallCases } from './__fixtures__/tiny-net';
import { upsampleBilinear } from './upsample';

describe('upsampleBilinear', () => {
  it('should match a hand-derived 2x2 to 4x4 resize (half-pixel centres, edges clamped)', () => {
    // Source x for output 0..3: max(0, -0.25) = 0, 0.25, 0.75, 1.25 -> clamped to the last column with weight 0.25.
    const { cam } = upsampleBilinear({ height: 1, width: 2, cam: new Float32Array([0, 4]) }, 1, 4);
    expect(Array.from(cam)).toEqual([0, 1, 3, 4]);
  });

  it.each(smallCases.upsample.cases.map((entry) => [entry.size.join('x'), entry] as const))(
    'should match PyTorch F.interpolate(bilinear, align_corners=False) for 3x4 to %s',
    (_, entry) => {
      const { source } = smallCases.upsample;
      const result = upsampleBilinear({ height: source.size[0], width: source.size[1], cam: new Float32Array(source.values) }, entry.size[0], entry.size[1]);
      expect([result.height, result.width]).toEqual(entry.size);
      const worst = entry.values.reduce((max, value, index) => Math.max(max, Math.abs(result.cam[index]! - value)), 0);
      expect(worst).toBeLessThan(1e-6);
    },
  );

  it('should throw typed errors for a bad size or inconsistent data', () => {
    const map = { height: 2, width: 2, cam: new Float32Array(4) };
    expect(() => upsampleBilinear(map, 0, 3)).toThrow(expect.objectContaining({ code: 'INVALID_DIMENSIONS' }));
    expect(() => upsampleBilinear({ ...map, cam: new Float32Array(3) }, 4, 4)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});
