import { describe, expect, it } from 'vitest';
import { eigenCam } from './eigen-cam';

// Hand derivation: rank-one activations A[p, k] = u[p] * w[k]. Centred over positions, X = (u - mean u) wᵀ, whose
// first right singular vector is ±w / |w|; with sum(v) >= 0 the projection is (u - mean u) * |w| * sign(sum w).
function rankOne(u: number[], w: number[]): Float32Array {
  return new Float32Array(u.flatMap((value) => w.map((weight) => value * weight)));
}

describe('eigenCam', () => {
  const u = [1, 2, 3, 6]; // centred: [-2, -1, 0, 3]

  it.each([
    ['more channels than positions', [1, 2, 0, 1, 1, 1]],
    ['fewer channels than positions', [1, 2, 1]],
  ])('should project on the first principal direction with %s', (_, w) => {
    const norm = Math.hypot(...w);
    const cam = eigenCam(rankOne(u, w), 1, 2, 2, w.length);
    expect(Array.from(cam).map((value) => Number(value.toFixed(4)))).toEqual([0, 0, 0, 3 * norm].map((value) => Number(value.toFixed(4))));
  });

  it('should fix the sign by the channel loadings, not by the data', () => {
    const w = [-1, -2, 0, -1, -1, -1];
    const norm = Math.hypot(...w);
    const cam = eigenCam(rankOne(u, w), 1, 2, 2, w.length);
    expect(Array.from(cam).map((value) => Number(value.toFixed(4)))).toEqual([2 * norm, norm, 0, 0].map((value) => Number(value.toFixed(4))));
  });

  it('should give zeros for activations that do not vary over positions', () => {
    expect(Array.from(eigenCam(new Float32Array(4 * 3).fill(2), 1, 2, 2, 3))).toEqual([0, 0, 0, 0]);
  });
});
