import { createRandom, type ImageArray } from '@spinedx/core';
import type { PatientPlan } from './cohort-plan';
import { sampleLesions, type LesionModel } from './lesion-model';
import { PhantomError } from './phantom-error';
import { applyScanner, resampleNearest } from './scanner-effects';
import { renderSliceSignal, type SliceGrid } from './slice-signal';
import { buildSpineAnatomy, type SpineAnatomy } from './spine-anatomy';
import type { ScannerProfile } from './site-profile';
import { validateSites } from './validate-sites';
import type { VertebralLevel } from './vertebral-levels';

/** Geometry of a rendered series, in DICOM patient coordinates (LPS, mm). */
export interface SeriesGeometry {
  rows: number;
  columns: number;
  /** PixelSpacing `[row, column]`. */
  pixelSpacing: [number, number];
  sliceThickness: number;
  spacingBetweenSlices: number;
  /** Sagittal: rows run posterior (+Y), columns run down (−Z). */
  imageOrientationPatient: [number, number, number, number, number, number];
}

/** One sagittal slice: its pixels in real units, as stored, and its lesion mask. */
export interface RenderedSlice {
  /** 0-based position in the series, patient left to right (along the slice normal). */
  index: number;
  /** InstanceNumber (index + 1). */
  instanceNumber: number;
  /** Real-world values (stored × RescaleSlope + RescaleIntercept), arbitrary MR units, with PixelSpacing. */
  image: ImageArray<Float32Array>;
  /** The stored 16-bit values written to PixelData. */
  stored: Uint16Array;
  /** Lesion mask, one byte per pixel: 0 none, 1 diseased bone, 2 destroyed disc, 3 abscess or soft-tissue mass. */
  mask: Uint8Array;
  /** ImagePositionPatient (centre of the first pixel). */
  position: [number, number, number];
  /** Lateral offset of the slice from the isocentre in mm (patient left positive). */
  lateralOffset: number;
  /** Number of non-zero mask pixels. */
  lesionPixels: number;
}

/** One patient's rendered series. */
export interface RenderedPatient {
  plan: PatientPlan;
  scanner: ScannerProfile;
  geometry: SeriesGeometry;
  /** Vertebrae whose body centre lies inside the field of view, top to bottom. */
  visibleLevels: VertebralLevel[];
  slices: RenderedSlice[];
}

/** Options of {@link renderPatient}. */
export interface RenderPatientOptions {
  /** Render only these slice indices (0-based), e.g. `[Math.floor(plan.slices / 2)]` for the middle one. Default: all. */
  sliceIndices?: readonly number[];
}

/**
 * Renders one patient's sagittal T2 series from its plan: anatomy, disease, scanner effects and lesion
 * masks. Deterministic for a plan (same plan, same values), independent of every other patient.
 */
export function renderPatient(plan: PatientPlan, options: RenderPatientOptions = {}): RenderedPatient {
  assertPlan(plan);
  const random = createRandom(plan.seed);
  const lesions: LesionModel = sampleLesions(plan, random.fork());
  const anatomy: SpineAnatomy = buildSpineAnatomy(plan, lesions, random.fork());
  const noiseSeed = Math.floor(random.next() * 2 ** 31);
  const coilShift = random.uniform(-0.08, 0.08);
  const { scanner } = plan;
  const [rows, columns] = scanner.matrix;
  const [rowSpacing, columnSpacing] = scanner.pixelSpacing;
  const spacingBetweenSlices = scanner.sliceThickness + scanner.sliceGap;
  const [acquiredRows, acquiredColumns] = scanner.acquisitionMatrix;
  // The acquisition grid covers the same field of view with coarser pixels.
  const acquiredRowSpacing = (rows * rowSpacing) / acquiredRows;
  const acquiredColumnSpacing = (columns * columnSpacing) / acquiredColumns;
  const grid: SliceGrid = {
    rows: acquiredRows,
    columns: acquiredColumns,
    rowSpacing: acquiredRowSpacing,
    columnSpacing: acquiredColumnSpacing,
    top: ((acquiredRows - 1) * acquiredRowSpacing) / 2,
    left: -((acquiredColumns - 1) * acquiredColumnSpacing) / 2,
  };
  const firstPixel: [number, number] = [-((columns - 1) * columnSpacing) / 2, ((rows - 1) * rowSpacing) / 2];
  const indices = options.sliceIndices ?? Array.from({ length: plan.slices }, (_, index) => index);
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= plan.slices) {
      throw new PhantomError(`renderPatient: sliceIndices must be integers in [0, ${plan.slices - 1}], received ${String(index)}`, 'INVALID_OPTION');
    }
  }
  const slices = indices.map((index): RenderedSlice => {
    // Instance 1 lies at the patient's left, so InstanceNumber increases along the slice normal (row × column = −X).
    const lateralOffset = ((plan.slices - 1) / 2 - index) * spacingBetweenSlices;
    const signal = renderSliceSignal(anatomy, lesions, grid, lateralOffset, scanner.fatSignal);
    const stored = applyScanner(signal.signal, scanner, (noiseSeed + index * 0x9e3779b1) >>> 0, coilShift);
    const mask = resampleNearest(signal.mask, acquiredRows, acquiredColumns, rows, columns);
    const data = new Float32Array(stored.length);
    for (let pixel = 0; pixel < stored.length; pixel++) data[pixel] = stored[pixel]! * scanner.rescaleSlope + scanner.rescaleIntercept;
    let lesionPixels = 0;
    for (let pixel = 0; pixel < mask.length; pixel++) if (mask[pixel] !== 0) lesionPixels++;
    return {
      index,
      instanceNumber: index + 1,
      image: { data, height: rows, width: columns, channels: 1, spacing: [rowSpacing, columnSpacing] },
      stored,
      mask,
      position: [lateralOffset, firstPixel[0], firstPixel[1]],
      lateralOffset,
      lesionPixels,
    };
  });
  return {
    plan,
    scanner: { ...scanner },
    geometry: {
      rows,
      columns,
      pixelSpacing: [rowSpacing, columnSpacing],
      sliceThickness: scanner.sliceThickness,
      spacingBetweenSlices,
      imageOrientationPatient: [0, 1, 0, 0, 0, -1],
    },
    visibleLevels: visibleLevels(anatomy, firstPixel[1], firstPixel[1] - (rows - 1) * rowSpacing),
    slices,
  };
}

function visibleLevels(anatomy: SpineAnatomy, top: number, bottom: number): VertebralLevel[] {
  return anatomy.levels
    .filter((level) => {
      const middle = (level.top + Math.min(level.bottom, level.top + 30)) / 2;
      const sample = Math.round((middle - anatomy.start) / anatomy.step);
      const z = anatomy.centreZ[sample]!;
      return z <= top && z >= bottom;
    })
    .map((level) => level.name);
}

function assertPlan(plan: PatientPlan): void {
  if (plan === null || typeof plan !== 'object' || typeof plan.id !== 'string') {
    throw new PhantomError(`renderPatient: expected a PatientPlan from generateCohort, received ${plan === null ? 'null' : typeof plan}`, 'INVALID_PLAN');
  }
  if (!Number.isSafeInteger(plan.seed)) throw new PhantomError(`renderPatient: plan.seed must be a safe integer, received ${String(plan.seed)}`, 'INVALID_PLAN');
  if (!Number.isInteger(plan.slices) || plan.slices < 1 || plan.slices > 64) {
    throw new PhantomError(`renderPatient: plan.slices must be an integer in [1, 64], received ${String(plan.slices)}`, 'INVALID_PLAN');
  }
  if (plan.label !== 'STB' && plan.label !== 'SM') throw new PhantomError(`renderPatient: plan.label must be 'STB' or 'SM', received ${String(plan.label)}`, 'INVALID_PLAN');
  validateSites('renderPatient', [{ id: plan.site, code: 'X', institutionName: plan.institutionName, role: plan.role, patients: 1, scanner: plan.scanner }]);
}
