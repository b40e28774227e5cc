import type { Random } from '@spinedx/core';
import type { PatientPlan } from './cohort-plan';
import type { LesionModel } from './lesion-model';
import { VERTEBRAL_LEVELS, isThoracic, levelDimensions, type VertebralLevel } from './vertebral-levels';

/** One vertebra and the disc below it, in spine coordinates (arc length `s` in mm, `d` in mm posterior of the body wall). */
export interface LevelGeometry {
  name: VertebralLevel;
  thoracic: boolean;
  /** Arc length of the upper endplate (posterior wall). */
  top: number;
  /** Arc length of the lower endplate. */
  bottom: number;
  /** Arc length of the next body's upper endplate (bottom + disc height). */
  nextTop: number;
  depth: number;
  halfWidth: number;
  /** Extra height lost anteriorly in mm (wedge). */
  anteriorLoss: number;
  /** Posterior wall bulge into the canal in mm. */
  posteriorBulge: number;
  /** T2 signal of the marrow relative to CSF. */
  marrowSignal: number;
  /** T2 signal of the disc nucleus below (degeneration darkens it). */
  nucleusSignal: number;
  /** Anteroposterior depth of the spinal canal. */
  canalDepth: number;
  canalHalfWidth: number;
  spinousLength: number;
  /** Caudal slope of the spinous process (mm along s per mm of d). */
  spinousSlope: number;
  spinousHalfHeight: number;
  /** Depth of the paraspinal muscles behind the laminae. */
  muscleDepth: number;
  /** Thickness of the psoas in front of/lateral to the body (0 in the thorax). */
  psoasDepth: number;
}

/** The normal (and disease-deformed) anatomy of one patient, shared by all slices. */
export interface SpineAnatomy {
  levels: LevelGeometry[];
  /** Centreline sampled every `step` mm of arc length from `start`: posterior body wall position and direction. */
  start: number;
  step: number;
  centreY: Float64Array;
  centreZ: Float64Array;
  sinAngle: Float64Array;
  cosAngle: Float64Array;
  /** Arc length where the cord ends (conus medullaris). */
  conus: number;
  /** Arc length where the thecal sac ends. */
  sacEnd: number;
  /** Arc length of the diaphragm at the anterior vertebral surface. */
  diaphragm: number;
  /** Arc length of the aortic bifurcation. */
  bifurcation: number;
  /** Lateral centre and radius of the aorta (mm, patient left positive). */
  aortaLateral: number;
  aortaRadius: number;
  /** Subcutaneous fat thickness over the back. */
  fatThickness: number;
  /** Distance from the posterior body wall to the anterior abdominal skin (positive mm). */
  abdomenDepth: number;
  /** Lateral offset of the patient's midline from the scanner isocentre (mm). */
  lateralShift: number;
  /** Per-patient seed for textures. */
  textureSeed: number;
}

const STEP = 0.5;
const MARGIN = 320;

/**
 * Samples a patient's spine: level sizes with individual variation, curvature (kyphosis, lordosis, gibbus),
 * canal, cord and surrounding tissues, then places the centreline so `plan.centreLevel` sits near the
 * centre of the field of view.
 */
export function buildSpineAnatomy(plan: PatientPlan, lesions: LesionModel, random: Random): SpineAnatomy {
  const size = random.uniform(0.9, 1.1);
  const kyphosis = random.uniform(0.5, 1.1);
  const lordosis = random.uniform(0.6, 1.1);
  const muscle = random.uniform(0.85, 1.15);
  // Marrow signal varies widely between adults (fat conversion, anaemia); not tied to the diagnosis.
  const marrowBase = random.uniform(0.38, 0.62);
  const levels: LevelGeometry[] = [];
  let s = 0;
  VERTEBRAL_LEVELS.forEach((name, index) => {
    const dimensions = levelDimensions(name);
    const change = lesions.changes[index]!;
    const thoracic = isThoracic(name);
    const height = dimensions.bodyHeight * size * random.uniform(0.95, 1.05) * (1 - change.heightLoss);
    // Degenerated (dark, thinner) discs, mostly lumbar, in both classes.
    const degenerated = random.next() < 0.22 * (name.startsWith('L') ? 1.5 : 0.6);
    const disc = dimensions.discHeight * size * random.uniform(0.9, 1.1) * (degenerated ? 0.75 : 1) * (1 - change.discLoss);
    levels.push({
      name,
      thoracic,
      top: s,
      bottom: s + height,
      nextTop: s + height + disc,
      depth: dimensions.bodyDepth * size * random.uniform(0.95, 1.05),
      halfWidth: dimensions.bodyHalfWidth * size,
      anteriorLoss: change.anteriorLoss,
      posteriorBulge: change.posteriorBulge,
      marrowSignal: marrowBase * random.uniform(0.94, 1.06),
      nucleusSignal: degenerated ? random.uniform(0.22, 0.38) : random.uniform(0.72, 0.92),
      canalDepth: (thoracic ? 14 : 17) * random.uniform(0.92, 1.08),
      canalHalfWidth: thoracic ? 9 : 11.5,
      spinousLength: thoracic ? random.uniform(24, 30) : random.uniform(26, 32),
      spinousSlope: thoracic ? random.uniform(0.45, 0.75) : random.uniform(0.05, 0.25),
      spinousHalfHeight: thoracic ? 4.5 : random.uniform(6, 8),
      muscleDepth: (thoracic ? 42 : 58) * muscle,
      psoasDepth: name.startsWith('L') ? (Number(name.slice(1)) / 5) * random.uniform(22, 32) : 0,
    });
    s += height + disc;
  });
  const tilt = (random.uniform(-6, 6) * Math.PI) / 180;
  const angles = integrateAngles(levels, lesions, plan, { kyphosis, lordosis, tilt });
  const count = angles.length;
  const centreY = new Float64Array(count);
  const centreZ = new Float64Array(count);
  const sinAngle = new Float64Array(count);
  const cosAngle = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    sinAngle[index] = Math.sin(angles[index]!);
    cosAngle[index] = Math.cos(angles[index]!);
    if (index > 0) {
      centreY[index] = centreY[index - 1]! + sinAngle[index - 1]! * STEP;
      centreZ[index] = centreZ[index - 1]! - cosAngle[index - 1]! * STEP;
    }
  }
  // Place the centre level near the middle of the field of view, the spine in the posterior third.
  const centre = levels[VERTEBRAL_LEVELS.indexOf(plan.centreLevel)]!;
  const centreIndex = Math.round(((centre.top + centre.bottom) / 2 + MARGIN) / STEP);
  const width = plan.scanner.matrix[1] * plan.scanner.pixelSpacing[1];
  const targetY = width * 0.09 + random.uniform(-14, 14);
  const targetZ = random.uniform(-30, 30);
  const offsetY = targetY - centreY[centreIndex]!;
  const offsetZ = targetZ - centreZ[centreIndex]!;
  for (let index = 0; index < count; index++) {
    centreY[index] = centreY[index]! + offsetY;
    centreZ[index] = centreZ[index]! + offsetZ;
  }
  const levelByName = (name: VertebralLevel): LevelGeometry => levels[VERTEBRAL_LEVELS.indexOf(name)]!;
  return {
    levels,
    start: -MARGIN,
    step: STEP,
    centreY,
    centreZ,
    sinAngle,
    cosAngle,
    conus: levelByName(random.next() < 0.5 ? 'L1' : 'T12').bottom + random.uniform(-8, 12),
    sacEnd: levelByName('S1').top + random.uniform(20, 35),
    diaphragm: levelByName(random.next() < 0.5 ? 'T11' : 'T10').top + random.uniform(-10, 10),
    bifurcation: levelByName('L4').top + random.uniform(-10, 15),
    aortaLateral: random.uniform(8, 18),
    aortaRadius: random.uniform(9, 12.5),
    fatThickness: random.uniform(7, 32),
    abdomenDepth: random.uniform(170, 250),
    lateralShift: random.uniform(-2.5, 2.5),
    textureSeed: Math.floor(random.next() * 2 ** 31),
  };
}

/** Sagittal angle (radians, positive = running posteriorly going down) at every centreline sample. */
function integrateAngles(
  levels: LevelGeometry[],
  lesions: LesionModel,
  plan: PatientPlan,
  { kyphosis, lordosis, tilt }: { kyphosis: number; lordosis: number; tilt: number },
): Float64Array {
  const last = levels[levels.length - 1]!;
  const end = last.nextTop + MARGIN;
  const count = Math.ceil((end + MARGIN) / STEP) + 1;
  const rates = new Float64Array(count);
  levels.forEach((level, index) => {
    const dimensions = levelDimensions(level.name);
    const scale = level.thoracic ? kyphosis : lordosis;
    const length = index === levels.length - 1 ? level.bottom - level.top : level.nextTop - level.top;
    addRate(rates, level.top, level.top + length, (dimensions.curvature * scale) / length);
  });
  const involved = plan.lesionLevels.map((name) => levels[VERTEBRAL_LEVELS.indexOf(name)]!);
  if (lesions.angulation !== 0 && involved.length > 0) {
    const from = involved[0]!.top - 10;
    const to = involved[involved.length - 1]!.bottom + 10;
    addRate(rates, from, to, lesions.angulation / (to - from));
  }
  // Coccyx: curls forward below the sacrum.
  addRate(rates, last.bottom, last.bottom + 40, -40 / 40);
  const angles = new Float64Array(count);
  let angle = 0;
  for (let index = 0; index < count; index++) {
    angles[index] = angle;
    angle += rates[index]! * STEP;
  }
  // Lie the patient straight: the angle at the centre level becomes a small random tilt.
  const centre = levels[VERTEBRAL_LEVELS.indexOf(plan.centreLevel)]!;
  const reference = angles[Math.round(((centre.top + centre.bottom) / 2 + MARGIN) / STEP)]!;
  for (let index = 0; index < count; index++) angles[index] = angles[index]! - reference + tilt;
  return angles;

  function addRate(target: Float64Array, from: number, to: number, degreesPerMm: number): void {
    const first = Math.max(0, Math.round((from + MARGIN) / STEP));
    const stop = Math.min(target.length, Math.round((to + MARGIN) / STEP));
    const radians = (degreesPerMm * Math.PI) / 180;
    for (let index = first; index < stop; index++) target[index] = target[index]! + radians;
  }
}
