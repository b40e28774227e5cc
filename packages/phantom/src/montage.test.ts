import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { SMALL_SITES } from './__fixtures__/small-sites';
import { generateCohort } from './cohort-plan';
import { renderMontage } from './montage';
import { PhantomError } from './phantom-error';

describe('renderMontage', () => {
  it('should lay out one row per class and one column per site with class colour bars', () => {
    const cohort = generateCohort({ seed: 3, sites: SMALL_SITES, slicesPerSeries: 3 });
    const montage = renderMontage(cohort, { cellSize: 64 });
    const png = decode(montage.png);
    const pixel = (x: number, y: number): number[] => Array.from(png.data.slice((y * png.width + x) * 3, (y * png.width + x) * 3 + 3));
    expect({
      size: [png.width, png.height, png.channels],
      cells: montage.cells.map((cell) => `${cell.label}@${cell.site}:${cell.patientId === null ? 'none' : 'patient'}`),
      bars: [pixel(10, 5), pixel(10, 64 + 8 + 5)],
    }).toEqual({
      size: [4 * 68 + 4, 2 * 68 + 4, 3],
      cells: ['STB', 'SM'].flatMap((label) => cohort.sites.map((site) => `${label}@${site.id}:patient`)),
      bars: [
        [255, 150, 0],
        [0, 200, 255],
      ],
    });
  });

  it('should reject a cell size out of range', () => {
    expect(() => renderMontage(generateCohort({ sites: SMALL_SITES }), { cellSize: 8 })).toThrow(PhantomError);
  });
});
