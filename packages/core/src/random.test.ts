import { describe, expect, it } from 'vitest';
import { createRandom } from './random';

describe('createRandom', () => {
  it('should repeat the same sequence for the same seed and differ for another seed', () => {
    const take = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('should give integers within inclusive bounds and roughly uniform', () => {
    const random = createRandom(1);
    const counts = [0, 0, 0];
    for (let index = 0; index < 30_000; index++) counts[random.integer(0, 2)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('should give standard normal samples with mean near 0 and variance near 1', () => {
    const random = createRandom(3);
    const samples = Array.from({ length: 20_000 }, () => random.normal());
    const mean = samples.reduce((sum, value) => sum + value, 0) / samples.length;
    const variance = samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});
