import { describe, expect, it } from 'vitest';
import { generateCohort, type CohortOptions } from './cohort-plan';
import { PhantomError } from './phantom-error';
import { DEFAULT_SITES } from './site-profile';
import { VERTEBRAL_LEVELS } from './vertebral-levels';

const levelIndex = (level: string): number => VERTEBRAL_LEVELS.indexOf(level as (typeof VERTEBRAL_LEVELS)[number]);

describe('generateCohort', () => {
  it('should mirror the paper by default: 121 patients, per-site counts, roles and a balanced class split per site', () => {
    const cohort = generateCohort();
    const summary = cohort.sites.map((site) => {
      const patients = cohort.patients.filter((patient) => patient.site === site.id);
      return [site.id, site.role, patients.length, patients.filter((patient) => patient.label === 'STB').length, new Set(patients.map((patient) => patient.role)).size];
    });
    expect([cohort.patients.length, summary]).toEqual([
      121,
      [
        ['site-a', 'development', 40, 20, 1],
        ['site-b', 'development', 44, 22, 1],
        ['site-c', 'external', 19, 10, 1],
        ['site-d', 'external', 18, 9, 1],
      ],
    ]);
  });

  it('should give unique patient ids and seeds', () => {
    const cohort = generateCohort({ seed: 5 });
    expect([new Set(cohort.patients.map((patient) => patient.id)).size, new Set(cohort.patients.map((patient) => patient.seed)).size]).toEqual([121, 121]);
  });

  it('should plan contiguous levels for typical tuberculosis and adjacent pairs for metastasis mimics, all within two levels of the view centre', () => {
    const problems: string[] = [];
    for (const seed of [1, 2, 3]) {
      for (const patient of generateCohort({ seed }).patients) {
        const indices = patient.lesionLevels.map(levelIndex);
        const contiguous = indices.every((value, index) => index === 0 || value === indices[index - 1]! + 1);
        const centre = levelIndex(patient.centreLevel);
        if (indices.some((index) => Math.abs(index - centre) > 2)) problems.push(`${patient.id} out of view`);
        if (patient.label === 'STB' && patient.presentation === 'typical' && !(indices.length >= 2 && contiguous)) problems.push(`${patient.id} STB ${patient.lesionLevels.join(',')}`);
        if (patient.label === 'STB' && patient.presentation === 'mimic' && indices.length !== 1) problems.push(`${patient.id} STB mimic`);
        if (patient.label === 'SM' && patient.presentation === 'mimic' && !(indices.length === 2 && contiguous)) problems.push(`${patient.id} SM mimic`);
        if (patient.label === 'SM' && (indices.length < 1 || indices.length > 4)) problems.push(`${patient.id} SM count`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('should be deterministic for a seed and differ between seeds', () => {
    const first = generateCohort({ seed: 42 });
    const again = generateCohort({ seed: 42 });
    const other = generateCohort({ seed: 43 });
    const labels = (cohort: typeof first): string => cohort.patients.map((patient) => `${patient.label}${patient.lesionLevels.join('')}${patient.seed}`).join('|');
    expect([labels(again) === labels(first), labels(other) === labels(first)]).toEqual([true, false]);
  });

  it('should spread a requested patient count over the sites by largest remainder', () => {
    const cohort = generateCohort({ patients: 10 });
    expect(cohort.sites.map((site) => cohort.patients.filter((patient) => patient.site === site.id).length)).toEqual([3, 4, 2, 1]);
  });

  it('should honour an unbalanced class weighting within every site', () => {
    const cohort = generateCohort({ classBalance: { STB: 3, SM: 1 } });
    expect(cohort.sites.map((site) => cohort.patients.filter((patient) => patient.site === site.id && patient.label === 'STB').length)).toEqual([30, 33, 14, 14]);
  });

  it.each<[string, CohortOptions, string]>([
    ['a fractional seed', { seed: 1.5 }, 'INVALID_SEED'],
    ['zero patients', { patients: 0 }, 'INVALID_PATIENT_COUNT'],
    ['no sites', { sites: [] }, 'INVALID_SITES'],
    ['a negative class weight', { classBalance: { STB: -1, SM: 1 } }, 'INVALID_CLASS_BALANCE'],
    ['zero slices', { slicesPerSeries: 0 }, 'INVALID_SLICE_COUNT'],
    ['a mimic fraction above 1', { mimicFraction: 2 }, 'INVALID_OPTION'],
    ['an unknown transfer syntax', { sites: [{ ...DEFAULT_SITES[0]!, scanner: { ...DEFAULT_SITES[0]!.scanner, transferSyntax: 'gif' as never } }] }, 'INVALID_SITES'],
    ['an acquisition matrix above the display matrix', { sites: [{ ...DEFAULT_SITES[0]!, scanner: { ...DEFAULT_SITES[0]!.scanner, acquisitionMatrix: [400, 400] } }] }, 'INVALID_SITES'],
  ])('should reject %s with a PhantomError', (_, options, code) => {
    let caught: unknown;
    try {
      generateCohort(options);
    } catch (error) {
      caught = error;
    }
    expect([caught instanceof PhantomError, (caught as PhantomError).code, (caught as Error).message.startsWith('generateCohort:')]).toEqual([true, code, true]);
  });
});
