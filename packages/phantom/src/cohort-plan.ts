import { createRandom, type Random } from '@spinedx/core';
import { PhantomError } from './phantom-error';
import { DEFAULT_SITES, type ScannerProfile, type SiteSpec } from './site-profile';
import { VERTEBRAL_LEVELS, type VertebralLevel } from './vertebral-levels';
import { validateSites } from './validate-sites';

/** The two diagnoses: spinal tuberculosis and spinal metastasis. */
export type PhantomLabel = 'STB' | 'SM';

/**
 * How a patient's disease shows: `typical` has the textbook features of its class, `mimic` borrows the
 * pattern of the other class (single-level tuberculosis without abscess, metastasis at two adjacent endplates).
 */
export type Presentation = 'typical' | 'mimic';

/** Relative weights of the two classes; each site gets exactly its share (largest remainder rounding). */
export interface ClassBalance {
  STB: number;
  SM: number;
}

/** Everything needed to render one patient, cheap to hold for a whole cohort. */
export interface PatientPlan {
  /** Patient ID, e.g. `'PHX-A-007'`. */
  id: string;
  /** Position in the cohort (0-based). */
  index: number;
  /** Site id. */
  site: string;
  /** InstitutionName of the site. */
  institutionName: string;
  role: 'development' | 'external';
  label: PhantomLabel;
  presentation: Presentation;
  /** Seed of everything rendered for this patient (anatomy, lesion shapes, noise, UIDs). */
  seed: number;
  sex: 'M' | 'F';
  age: number;
  /** StudyDate (YYYYMMDD), fixed per seed. */
  studyDate: string;
  /** The vertebra at the centre of the field of view. */
  centreLevel: VertebralLevel;
  /** Vertebral bodies carrying disease, top to bottom. */
  lesionLevels: VertebralLevel[];
  /** Number of sagittal slices in the series. */
  slices: number;
  /** The site's scanner. */
  scanner: ScannerProfile;
}

/** A whole synthetic study: sites and patient plans, no pixels. */
export interface CohortPlan {
  seed: number;
  sites: SiteSpec[];
  classBalance: ClassBalance;
  slicesPerSeries: number;
  patients: PatientPlan[];
}

/** Options of {@link generateCohort}; every field has a default mirroring the paper. */
export interface CohortOptions {
  /** Seed of the whole cohort (integer). Default 2023. */
  seed?: number;
  /** Total patient count, spread over the sites in proportion to their `patients`. Default: the sites' own counts (121). */
  patients?: number;
  /** Institutions. Default {@link DEFAULT_SITES}. */
  sites?: readonly SiteSpec[];
  /** Class weights. Default `{ STB: 1, SM: 1 }` (balanced within every site). */
  classBalance?: ClassBalance;
  /** Sagittal slices per series (1-64). Default 11. */
  slicesPerSeries?: number;
  /** Fraction of patients of each class with a mimic presentation (0-1). Default 0.2. */
  mimicFraction?: number;
}

const DEFAULT_SEED = 2023;
const DEFAULT_SLICES = 11;
const DEFAULT_MIMIC_FRACTION = 0.2;
// The field of view is centred between T11 and L3; lesions lie within two levels of the centre so they are always in view.
const CENTRE_RANGE: [VertebralLevel, VertebralLevel] = ['T11', 'L3'];
const LESION_RANGE: [VertebralLevel, VertebralLevel] = ['T8', 'L5'];

/**
 * Plans a synthetic cohort: which patient comes from which site, their class, disease levels and seed.
 * Cheap and deterministic (no pixels); render patients one at a time with `renderPatient`.
 */
export function generateCohort(options: CohortOptions = {}): CohortPlan {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) {
    throw new PhantomError(`generateCohort: seed must be a safe integer, received ${String(seed)}`, 'INVALID_SEED');
  }
  const sites = validateSites('generateCohort', options.sites ?? DEFAULT_SITES);
  const slicesPerSeries = options.slicesPerSeries ?? DEFAULT_SLICES;
  if (!Number.isInteger(slicesPerSeries) || slicesPerSeries < 1 || slicesPerSeries > 64) {
    throw new PhantomError(`generateCohort: slicesPerSeries must be an integer in [1, 64], received ${String(slicesPerSeries)}`, 'INVALID_SLICE_COUNT');
  }
  const classBalance = options.classBalance ?? { STB: 1, SM: 1 };
  if (!isWeight(classBalance.STB) || !isWeight(classBalance.SM) || classBalance.STB + classBalance.SM <= 0) {
    throw new PhantomError(
      `generateCohort: classBalance must be two non-negative finite weights with a positive sum, received ${JSON.stringify(classBalance)}`,
      'INVALID_CLASS_BALANCE',
    );
  }
  const mimicFraction = options.mimicFraction ?? DEFAULT_MIMIC_FRACTION;
  if (!(mimicFraction >= 0 && mimicFraction <= 1)) {
    throw new PhantomError(`generateCohort: mimicFraction must be in [0, 1], received ${String(mimicFraction)}`, 'INVALID_OPTION');
  }
  const counts = siteCounts(sites, options.patients);
  const random = createRandom(seed);
  const patients: PatientPlan[] = [];
  sites.forEach((site, siteIndex) => {
    const count = counts[siteIndex]!;
    const stbCount = Math.round((count * classBalance.STB) / (classBalance.STB + classBalance.SM));
    const labels: PhantomLabel[] = [...Array<PhantomLabel>(stbCount).fill('STB'), ...Array<PhantomLabel>(count - stbCount).fill('SM')];
    shuffle(labels, random);
    labels.forEach((label, siteIndexOfPatient) => {
      const patientRandom = random.fork();
      patients.push(planPatient(site, label, patients.length, siteIndexOfPatient, slicesPerSeries, mimicFraction, patientRandom));
    });
  });
  return { seed, sites: sites.map((site) => ({ ...site, scanner: { ...site.scanner } })), classBalance: { ...classBalance }, slicesPerSeries, patients };
}

function planPatient(
  site: SiteSpec,
  label: PhantomLabel,
  index: number,
  indexInSite: number,
  slices: number,
  mimicFraction: number,
  random: Random,
): PatientPlan {
  const seed = Math.floor(random.next() * 2 ** 31);
  const presentation: Presentation = random.next() < mimicFraction ? 'mimic' : 'typical';
  const centre = random.integer(levelIndex(CENTRE_RANGE[0]), levelIndex(CENTRE_RANGE[1]));
  const lesionLevels = chooseLesionLevels(label, presentation, centre, random).map((position) => VERTEBRAL_LEVELS[position]!);
  // Spinal tuberculosis peaks in younger adults, metastasis in older ones; the ranges overlap on purpose.
  const age = label === 'STB' ? random.integer(20, 80) : random.integer(30, 85);
  const day = random.integer(0, 364);
  const date = new Date(Date.UTC(2022, 0, 1 + day));
  return {
    id: `PHX-${site.code}-${String(indexInSite + 1).padStart(3, '0')}`,
    index,
    site: site.id,
    institutionName: site.institutionName,
    role: site.role,
    label,
    presentation,
    seed,
    sex: random.next() < 0.55 ? 'M' : 'F',
    age,
    studyDate: date.toISOString().slice(0, 10).replaceAll('-', ''),
    centreLevel: VERTEBRAL_LEVELS[centre]!,
    lesionLevels,
    slices,
    scanner: { ...site.scanner },
  };
}

function chooseLesionLevels(label: PhantomLabel, presentation: Presentation, centre: number, random: Random): number[] {
  const low = Math.max(levelIndex(LESION_RANGE[0]), centre - 2);
  const high = Math.min(levelIndex(LESION_RANGE[1]), centre + 2);
  const span = (length: number): number[] => {
    const start = random.integer(low, high - length + 1);
    return Array.from({ length }, (_, offset) => start + offset);
  };
  if (label === 'STB') {
    // Tuberculous spondylodiscitis: two or three contiguous bodies around destroyed discs; the mimic is one body.
    if (presentation === 'mimic') return span(1);
    return span(random.next() < 0.65 ? 2 : 3);
  }
  // Metastasis: one to four bodies anywhere in the window, skip lesions allowed; the mimic is two adjacent bodies.
  if (presentation === 'mimic') return span(2);
  const draw = random.next();
  const count = draw < 0.35 ? 1 : draw < 0.65 ? 2 : draw < 0.85 ? 3 : 4;
  const candidates = Array.from({ length: high - low + 1 }, (_, offset) => low + offset);
  shuffle(candidates, random);
  return candidates.slice(0, count).sort((a, b) => a - b);
}

function siteCounts(sites: readonly SiteSpec[], total: number | undefined): number[] {
  const own = sites.map((site) => site.patients);
  if (total === undefined) {
    if (own.reduce((sum, count) => sum + count, 0) < 1) {
      throw new PhantomError('generateCohort: the sites contribute no patients; expected at least 1 in total, received 0', 'INVALID_PATIENT_COUNT');
    }
    return own;
  }
  if (!Number.isInteger(total) || total < 1 || total > 100_000) {
    throw new PhantomError(`generateCohort: patients must be an integer in [1, 100000], received ${String(total)}`, 'INVALID_PATIENT_COUNT');
  }
  const weightSum = own.reduce((sum, count) => sum + count, 0);
  const weights = weightSum > 0 ? own : own.map(() => 1);
  const weightTotal = weightSum > 0 ? weightSum : own.length;
  const exact = weights.map((weight) => (total * weight) / weightTotal);
  const counts = exact.map(Math.floor);
  let remaining = total - counts.reduce((sum, count) => sum + count, 0);
  const order = exact.map((value, position) => ({ position, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.position - b.position);
  for (const { position } of order) {
    if (remaining === 0) break;
    counts[position]! += 1;
    remaining -= 1;
  }
  return counts;
}

function levelIndex(level: VertebralLevel): number {
  return VERTEBRAL_LEVELS.indexOf(level);
}

function isWeight(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function shuffle<T>(items: T[], random: Random): void {
  for (let index = items.length - 1; index > 0; index--) {
    const other = random.integer(0, index);
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
}
