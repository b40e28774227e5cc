import { describe, expect, it } from 'vitest';
import { SMALL_SITES } from './__fixtures__/small-sites';
import { generateCohort, type PatientPlan } from './cohort-plan';
import { MASK_LABELS } from './lesion-model';
import { PhantomError } from './phantom-error';
import { renderPatient } from './render-patient';

const cohort = generateCohort({ seed: 11, sites: SMALL_SITES.map((site) => ({ ...site, patients: 6 })), slicesPerSeries: 7, mimicFraction: 0.3 });
const find = (label: 'STB' | 'SM', presentation: 'typical' | 'mimic'): PatientPlan => cohort.patients.find((patient) => patient.label === label && patient.presentation === presentation)!;

describe('renderPatient', () => {
  it('should mark destroyed discs and diseased bone in typical tuberculosis', () => {
    const labels = new Set<number>();
    for (const slice of renderPatient(find('STB', 'typical')).slices) for (const value of slice.mask) labels.add(value);
    expect([labels.has(MASK_LABELS.bone), labels.has(MASK_LABELS.disc)]).toEqual([true, true]);
  });

  it('should preserve the discs in metastasis: no disc label in any slice of any metastasis patient', () => {
    const discPixels = cohort.patients
      .filter((patient) => patient.label === 'SM')
      .slice(0, 6)
      .map((plan) => renderPatient(plan).slices.reduce((sum, slice) => sum + slice.mask.filter((value) => value === MASK_LABELS.disc).length, 0));
    expect(discPixels).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('should have a non-empty mask on the middle slice of every patient (lesions cross the midline)', () => {
    const empty = cohort.patients.filter((plan) => renderPatient(plan, { sliceIndices: [3] }).slices[0]!.lesionPixels === 0).map((plan) => plan.id);
    expect(empty).toEqual([]);
  });

  it('should store real values as stored × RescaleSlope + RescaleIntercept and count lesion pixels', () => {
    const plan = cohort.patients.find((patient) => patient.scanner.rescaleSlope !== 1)!;
    const slice = renderPatient(plan, { sliceIndices: [2] }).slices[0]!;
    const mismatches = slice.stored.filter((value, index) => Math.abs(value * plan.scanner.rescaleSlope + plan.scanner.rescaleIntercept - slice.image.data[index]!) > 1e-3).length;
    expect([mismatches, slice.lesionPixels, slice.image.spacing]).toEqual([0, slice.mask.filter((value) => value > 0).length, plan.scanner.pixelSpacing]);
  });

  it('should render a slice identically whether alone or with the whole series, and differently for another patient', () => {
    const plan = find('SM', 'typical');
    const all = renderPatient(plan);
    const alone = renderPatient(plan, { sliceIndices: [4] }).slices[0]!;
    const other = renderPatient({ ...plan, seed: plan.seed + 1 }, { sliceIndices: [4] }).slices[0]!;
    expect([Buffer.from(alone.stored.buffer).equals(Buffer.from(all.slices[4]!.stored.buffer)), Buffer.from(other.stored.buffer).equals(Buffer.from(alone.stored.buffer))]).toEqual([true, false]);
  });

  it('should lay slices out sagittally, evenly spaced from patient left to right', () => {
    const plan = find('STB', 'mimic');
    const rendered = renderPatient(plan);
    const steps = rendered.slices.slice(1).map((slice, index) => +(rendered.slices[index]!.position[0] - slice.position[0]).toFixed(6));
    expect([rendered.geometry.imageOrientationPatient, new Set(steps).size, steps[0], rendered.slices[3]!.position[0]]).toEqual([
      [0, 1, 0, 0, 0, -1],
      1,
      +(plan.scanner.sliceThickness + plan.scanner.sliceGap).toFixed(6),
      0,
    ]);
  });

  it('should list the lesion levels among the visible levels', () => {
    const missing = cohort.patients.slice(0, 8).flatMap((plan) => {
      const visible = renderPatient(plan, { sliceIndices: [0] }).visibleLevels;
      return plan.lesionLevels.filter((level) => !visible.includes(level));
    });
    expect(missing).toEqual([]);
  });

  it.each([
    ['a slice index out of range', { sliceIndices: [7] }],
    ['a fractional slice index', { sliceIndices: [1.5] }],
  ])('should reject %s', (_, options) => {
    expect(() => renderPatient(cohort.patients[0]!, options)).toThrow(PhantomError);
  });

  it('should reject a plan that is not one', () => {
    expect(() => renderPatient({ ...cohort.patients[0]!, label: 'TB' as never })).toThrow(/renderPatient: plan.label must be 'STB' or 'SM', received TB/);
  });
});
