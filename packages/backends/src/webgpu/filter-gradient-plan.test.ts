import { describe, expect, it } from 'vitest';
import { FILTER_GRADIENT_TILE, planFilterGradient } from './filter-gradient-plan';

describe('planFilterGradient', () => {
  it.each([
    // [rows, columns, reduction]: ResNet34 layers at batch 32 (stem, stage 1, strided stage 2, stage 4), tiny and odd ones.
    [7 * 7 * 3, 64, 32 * 112 * 112],
    [3 * 3 * 64, 64, 32 * 56 * 56],
    [3 * 3 * 64, 128, 32 * 28 * 28],
    [3 * 3 * 512, 512, 32 * 7 * 7],
    [1, 1, 1],
    [81, 70, 11],
    [30, 7, 3663],
  ])('should cover a %i×%i result over %i positions exactly once', (rows, columns, reduction) => {
    const plan = planFilterGradient(rows, columns, reduction);
    expect(plan.chunk % FILTER_GRADIENT_TILE.depth).toBe(0);
    // Every position is in one split, and no split is empty.
    expect(plan.splits * plan.chunk).toBeGreaterThanOrEqual(reduction);
    expect((plan.splits - 1) * plan.chunk).toBeLessThan(reduction);
    expect(plan.dispatch).toEqual([Math.ceil(columns / 64), Math.ceil(rows / 64), plan.splits]);
  });

  it('should split a long reduction with few output tiles and keep a short one whole', () => {
    // 56×56, 64→64 at batch 32: 9 output tiles, so the 6,272 tile steps go to ~114 splits of 56 steps: 112 chunks of 896 positions.
    expect(planFilterGradient(576, 64, 100_352).splits).toBe(112);
    // 4608×512 (576 tiles) over 100 positions: 7 steps, too few to split.
    expect(planFilterGradient(4608, 512, 100).splits).toBe(1);
  });
});
