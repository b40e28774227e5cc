import { encode } from 'fast-png';
import type { CohortPlan, PatientPlan, PhantomLabel } from './cohort-plan';
import { PhantomError } from './phantom-error';
import { renderPatient } from './render-patient';
import { resampleBilinear, resampleNearest } from './scanner-effects';

/** Options of {@link renderMontage}. */
export interface MontageOptions {
  /** Side of each square cell in pixels (64-1024). Default 256. */
  cellSize?: number;
  /** Draw the lesion mask's outline in red. Default true. */
  outline?: boolean;
}

/** Which patient each montage cell shows. */
export interface MontageCell {
  row: number;
  column: number;
  label: PhantomLabel;
  site: string;
  patientId: string | null;
}

/** An RGB PNG montage and its layout. */
export interface Montage {
  png: Uint8Array;
  width: number;
  height: number;
  cells: MontageCell[];
}

const LABELS: readonly PhantomLabel[] = ['STB', 'SM'];
const GAP = 4;
// Class colour bar at the top of each cell: orange for tuberculosis, cyan for metastasis.
const CLASS_COLOURS: Record<PhantomLabel, [number, number, number]> = { STB: [255, 150, 0], SM: [0, 200, 255] };

/**
 * Renders a montage of example middle slices: one row per class (STB, then SM), one column per site, each
 * the first typical patient of that class and site, windowed to its 0.5-99.5 percentile range, with a class
 * colour bar (orange STB, cyan SM) and the lesion outline in red. Empty cells stay black.
 */
export function renderMontage(cohort: CohortPlan, options: MontageOptions = {}): Montage {
  const cellSize = options.cellSize ?? 256;
  if (!Number.isInteger(cellSize) || cellSize < 64 || cellSize > 1024) {
    throw new PhantomError(`renderMontage: cellSize must be an integer in [64, 1024], received ${String(cellSize)}`, 'INVALID_OPTION');
  }
  const outline = options.outline ?? true;
  const width = cohort.sites.length * (cellSize + GAP) + GAP;
  const height = LABELS.length * (cellSize + GAP) + GAP;
  const rgb = new Uint8Array(width * height * 3);
  const cells: MontageCell[] = [];
  LABELS.forEach((label, row) => {
    cohort.sites.forEach((site, column) => {
      const candidates = cohort.patients.filter((patient) => patient.site === site.id && patient.label === label);
      const patient = candidates.find((candidate) => candidate.presentation === 'typical') ?? candidates[0];
      cells.push({ row, column, label, site: site.id, patientId: patient?.id ?? null });
      if (patient !== undefined) drawCell(rgb, width, GAP + column * (cellSize + GAP), GAP + row * (cellSize + GAP), cellSize, patient, outline);
    });
  });
  return { png: encode({ width, height, data: rgb, channels: 3, depth: 8 }), width, height, cells };
}

function drawCell(rgb: Uint8Array, width: number, left: number, top: number, size: number, plan: PatientPlan, outline: boolean): void {
  const middle = Math.floor(plan.slices / 2);
  const slice = renderPatient(plan, { sliceIndices: [middle] }).slices[0]!;
  const { data, height: rows, width: columns } = slice.image;
  const sorted = Float32Array.from(data).sort();
  const low = sorted[Math.floor(sorted.length * 0.005)]!;
  const high = sorted[Math.floor(sorted.length * 0.995)]!;
  // Keep the aspect ratio: fit the longer side, centre the shorter one.
  const scale = size / Math.max(rows, columns);
  const cellRows = Math.round(rows * scale);
  const cellColumns = Math.round(columns * scale);
  const image = resampleBilinear(data, rows, columns, cellRows, cellColumns);
  const mask = resampleNearest(slice.mask, rows, columns, cellRows, cellColumns);
  const offsetY = top + Math.floor((size - cellRows) / 2);
  const offsetX = left + Math.floor((size - cellColumns) / 2);
  for (let y = 0; y < cellRows; y++) {
    for (let x = 0; x < cellColumns; x++) {
      const value = Math.max(0, Math.min(255, Math.round(((image[y * cellColumns + x]! - low) / (high - low)) * 255)));
      const target = ((offsetY + y) * width + offsetX + x) * 3;
      const edge = outline && mask[y * cellColumns + x]! > 0 && isEdge(mask, cellRows, cellColumns, y, x);
      rgb[target] = edge ? 255 : value;
      rgb[target + 1] = edge ? 40 : value;
      rgb[target + 2] = edge ? 40 : value;
    }
  }
  const colour = CLASS_COLOURS[plan.label];
  for (let y = top; y < top + 6; y++) {
    for (let x = left; x < left + size; x++) rgb.set(colour, (y * width + x) * 3);
  }
}

function isEdge(mask: Uint8Array, rows: number, columns: number, y: number, x: number): boolean {
  if (y === 0 || x === 0 || y === rows - 1 || x === columns - 1) return true;
  const index = y * columns + x;
  return mask[index - 1] === 0 || mask[index + 1] === 0 || mask[index - columns] === 0 || mask[index + columns] === 0;
}
