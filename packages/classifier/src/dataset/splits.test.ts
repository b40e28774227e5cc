import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { groupShuffleSplit, siteHeldOutSplit, stratifiedGroupKFold } from './splits';

function randomSamples(seed: number) {
  const random = createRandom(seed);
  const samples: { patientId: string; label: number; site: string }[] = [];
  const patients = random.integer(6, 40);
  for (let patient = 0; patient < patients; patient++) {
    const label = random.integer(0, 1);
    const site = `site-${random.integer(0, 3)}`;
    for (let slice = random.integer(1, 5); slice > 0; slice--) samples.push({ patientId: `p${patient}`, label, site });
  }
  return samples;
}

const patientsOf = (samples: { patientId: string }[], indices: number[]) => new Set(indices.map((index) => samples[index]!.patientId));

describe('stratifiedGroupKFold', () => {
  it.each(Array.from({ length: 25 }, (_, seed) => seed))('should never put a patient on both sides (random cohort %i)', (seed) => {
    const samples = randomSamples(seed);
    const folds = stratifiedGroupKFold(samples, { folds: 3, seed });
    const testedPatients = new Map<string, number>();
    for (const fold of folds) {
      const train = patientsOf(samples, fold.train);
      const test = patientsOf(samples, fold.test);
      for (const patient of test) {
        expect(train.has(patient)).toBe(false);
        testedPatients.set(patient, (testedPatients.get(patient) ?? 0) + 1);
      }
      expect(fold.train.length + fold.test.length).toBe(samples.length);
    }
    expect([...testedPatients.values()].every((count) => count === 1)).toBe(true);
    expect(testedPatients.size).toBe(new Set(samples.map((sample) => sample.patientId)).size);
  });

  it('should balance classes across folds', () => {
    const samples = Array.from({ length: 30 }, (_, index) => ({ patientId: `p${index}`, label: index < 10 ? 1 : 0 }));
    const positives = stratifiedGroupKFold(samples, { folds: 5 }).map((fold) => fold.test.filter((index) => samples[index]!.label === 1).length);
    expect(positives).toEqual([2, 2, 2, 2, 2]);
  });

  it('should refuse a patient with two labels', () => {
    expect(() => stratifiedGroupKFold([{ patientId: 'a', label: 0 }, { patientId: 'a', label: 1 }, { patientId: 'b', label: 0 }], { folds: 2 })).toThrow(/labelled 0 and 1/);
  });
});

describe('siteHeldOutSplit', () => {
  it('should put exactly the test sites on the test side', () => {
    const samples = randomSamples(3).map((sample) => ({ ...sample, site: `site-${Number(sample.patientId.slice(1)) % 4}` }));
    const split = siteHeldOutSplit(samples, { testSites: ['site-2', 'site-3'] });
    expect(new Set(split.test.map((index) => samples[index]!.site))).toEqual(new Set(['site-2', 'site-3']));
    expect(split.train.every((index) => ['site-0', 'site-1'].includes(samples[index]!.site))).toBe(true);
  });
});

describe('groupShuffleSplit', () => {
  it.each([1, 2, 3, 4, 5])('should keep patients whole and hold out about the fraction (seed %i)', (seed) => {
    const samples = randomSamples(seed + 100);
    const split = groupShuffleSplit(samples, { validationFraction: 0.25, seed });
    const train = patientsOf(samples, split.train);
    for (const patient of patientsOf(samples, split.test)) expect(train.has(patient)).toBe(false);
  });
});
