import type { Random } from '@spinedx/core';
import type { PatientPlan } from './cohort-plan';
import { VERTEBRAL_LEVELS } from './vertebral-levels';

/** Mask values: what kind of abnormal tissue a pixel holds (0 = none). */
export const MASK_LABELS = Object.freeze({ none: 0, bone: 1, disc: 2, softTissue: 3 } as const);

/** Tuberculous involvement of one vertebral body: marrow oedema reaching in from its endplates. */
export interface TuberculousBody {
  level: number;
  /** Fraction of the body height involved from the upper endplate (0 = spared). */
  fromTop: number;
  /** Fraction involved from the lower endplate. */
  fromBottom: number;
  /** Lateral half-width of the involvement as a fraction of the body's. */
  lateralExtent: number;
}

/** A fluid collection: bright, thin-walled, spanning several levels. */
export interface Collection {
  /** Where it starts and ends, in level units: level index + fraction of that body-and-disc segment. */
  start: number;
  end: number;
  /** Greatest thickness in mm. */
  thickness: number;
  /** Lateral half-extent in mm. */
  halfWidth: number;
  /** Signal relative to CSF. */
  signal: number;
  /** Wall signal (thin dark rim) or NaN for no distinct wall. */
  wallSignal: number;
}

/** A focal metastatic deposit inside a vertebral body (an ellipsoid with an irregular border). */
export interface MetastaticFocus {
  level: number;
  /** Position inside the body: 0 = upper endplate, 1 = lower endplate. */
  height: number;
  /** Position across the body: 0 = posterior wall, 1 = anterior surface. */
  depth: number;
  /** Lateral centre in mm (patient left positive). */
  lateral: number;
  /** Semi-axes in mm along the spine, front-to-back and sideways. */
  radii: [number, number, number];
  signal: number;
  /** Amplitude of internal heterogeneity. */
  heterogeneity: number;
}

/** Geometry changes a disease imposes on a level. */
export interface LevelChange {
  /** Fraction of the posterior body height lost (collapse). */
  heightLoss: number;
  /** Extra height lost at the anterior surface in mm (wedging, gibbus). */
  anteriorLoss: number;
  /** Convex bulge of the posterior wall into the canal in mm (pathological fracture). */
  posteriorBulge: number;
  /** Fraction of the height of the disc below lost. */
  discLoss: number;
}

/** Every pathological feature of one patient, sampled once and shared by all slices. */
export interface LesionModel {
  /** Lesion signal = marrow + contrast × (target − marrow): the patient's lesion conspicuity. */
  contrast: number;
  tuberculousBodies: TuberculousBody[];
  /** Levels whose disc below is destroyed (tuberculous spondylodiscitis), with its signal. */
  destroyedDiscs: { level: number; signal: number }[];
  anteriorCollection: Collection | null;
  /** Collection or soft-tissue mass in the anterior epidural space. */
  epiduralCollection: Collection | null;
  foci: MetastaticFocus[];
  /** Levels whose whole marrow is replaced, with the replacing signal. */
  diffuseBodies: { level: number; signal: number }[];
  /** Levels whose pedicle (on side `side`) and posterior arch carry tumour. */
  posteriorElements: { level: number; side: 1 | -1; signal: number }[];
  /** Per level index (VERTEBRAL_LEVELS order). */
  changes: LevelChange[];
  /** Kyphotic angulation in degrees spread over the involved segment (negative = kyphosis). */
  angulation: number;
  /** Target signal of tuberculous marrow oedema. */
  oedemaSignal: number;
  /** Benign findings in either class, never in the mask: bright haemangiomas and Modic endplate bands. */
  haemangiomas: MetastaticFocus[];
  modicBands: { level: number; signal: number; thickness: number }[];
}

/** Samples the pathological features of `plan` (its class, presentation and lesion levels). */
export function sampleLesions(plan: PatientPlan, random: Random): LesionModel {
  const model: LesionModel = {
    contrast: random.uniform(0.55, 1),
    tuberculousBodies: [],
    destroyedDiscs: [],
    anteriorCollection: null,
    epiduralCollection: null,
    foci: [],
    diffuseBodies: [],
    posteriorElements: [],
    changes: VERTEBRAL_LEVELS.map(() => ({ heightLoss: 0, anteriorLoss: 0, posteriorBulge: 0, discLoss: 0 })),
    angulation: 0,
    oedemaSignal: random.uniform(0.75, 0.95),
    haemangiomas: [],
    modicBands: [],
  };
  sampleBenignFindings(model, random);
  const levels = plan.lesionLevels.map((name) => VERTEBRAL_LEVELS.indexOf(name));
  if (plan.label === 'STB') sampleTuberculosis(model, levels, plan.presentation === 'mimic', random);
  else sampleMetastasis(model, levels, plan.presentation === 'mimic', random);
  return model;
}

function sampleTuberculosis(model: LesionModel, levels: number[], mimic: boolean, random: Random): void {
  if (mimic) {
    // Atypical tuberculosis: one body, oedema from one endplate, disc at most mildly touched, rarely an abscess.
    const level = levels[0]!;
    const fromTop = random.next() < 0.5;
    const extent = random.uniform(0.35, 0.8);
    model.tuberculousBodies.push({ level, fromTop: fromTop ? extent : 0, fromBottom: fromTop ? 0 : extent, lateralExtent: random.uniform(0.6, 0.95) });
    if (random.next() < 0.4) {
      const discLevel = fromTop ? level - 1 : level;
      model.destroyedDiscs.push({ level: discLevel, signal: random.uniform(0.65, 0.85) });
      model.changes[discLevel]!.discLoss = random.uniform(0.1, 0.3);
    }
    sampleTuberculousCollections(model, levels, true, random);
    return;
  }
  // Typical: contiguous bodies, oedema centred on the shared endplates, destroyed hyperintense discs between them.
  levels.forEach((level, position) => {
    const hasAbove = position > 0;
    const hasBelow = position < levels.length - 1;
    model.tuberculousBodies.push({
      level,
      fromTop: hasAbove ? random.uniform(0.4, 1) : 0,
      fromBottom: hasBelow ? random.uniform(0.4, 1) : 0,
      lateralExtent: random.uniform(0.7, 1),
    });
    if (hasBelow) {
      model.destroyedDiscs.push({ level, signal: random.uniform(0.8, 1) });
      model.changes[level]!.discLoss = random.uniform(0.35, 0.85);
    }
  });
  if (random.next() < 0.55) {
    // Collapse with anterior wedging: the gibbus.
    let angle = 0;
    for (const level of levels) {
      const change = model.changes[level]!;
      change.heightLoss = random.uniform(0, 0.15);
      change.anteriorLoss = random.uniform(5, 11);
      angle += change.anteriorLoss * 1.6;
    }
    model.angulation = -Math.min(angle, 40);
  }
  sampleTuberculousCollections(model, levels, false, random);
}

function sampleMetastasis(model: LesionModel, levels: number[], mimic: boolean, random: Random): void {
  const signalOf = (): number => {
    const kind = random.next();
    // Lytic deposits are T2-bright, sclerotic ones dark, many are mixed.
    if (kind < 0.55) return random.uniform(0.72, 0.95);
    if (kind < 0.75) return random.uniform(0.1, 0.24);
    return random.uniform(0.3, 0.7);
  };
  levels.forEach((level, position) => {
    const signal = signalOf();
    if (mimic) {
      // Deposits abutting the endplates on either side of a preserved disc.
      const height = position === 0 ? random.uniform(0.7, 0.88) : random.uniform(0.12, 0.3);
      const radii: [number, number, number] = [random.uniform(6, 10), random.uniform(7, 12), random.uniform(8, 14)];
      model.foci.push({ level, height, depth: random.uniform(0.35, 0.65), lateral: random.uniform(-0.6, 0.6) * radii[2], radii, signal, heterogeneity: random.uniform(0.1, 0.35) });
      return;
    }
    if (random.next() < 0.25) {
      model.diffuseBodies.push({ level, signal });
    } else {
      const count = random.next() < 0.7 ? 1 : 2;
      for (let index = 0; index < count; index++) {
        // Deposits reach the midline (|lateral| < 0.6 of the lateral radius), so the middle slice always shows them.
        const radii: [number, number, number] = [random.uniform(6, 12), random.uniform(7, 14), random.uniform(7, 16)];
        model.foci.push({ level, height: random.uniform(0.25, 0.75), depth: random.uniform(0.2, 0.75), lateral: random.uniform(-0.6, 0.6) * radii[2], radii, signal, heterogeneity: random.uniform(0.1, 0.4) });
      }
    }
    if (random.next() < 0.5) model.posteriorElements.push({ level, side: random.next() < 0.5 ? -1 : 1, signal });
    if (random.next() < 0.3) {
      // Pathological fracture: uniform collapse with a posterior convex bulge, discs preserved.
      const change = model.changes[level]!;
      change.heightLoss = random.uniform(0.2, 0.45);
      change.anteriorLoss = random.uniform(0, 3);
      change.posteriorBulge = random.uniform(2, 5);
    }
  });
  const first = levels[0]!;
  const last = levels[levels.length - 1]!;
  if (random.next() < 0.45) {
    const level = levels[random.integer(0, levels.length - 1)]!;
    model.epiduralCollection = { start: level, end: level + 1, thickness: random.uniform(3, 7), halfWidth: random.uniform(6, 10), signal: random.uniform(0.4, 0.6), wallSignal: Number.NaN };
  }
  if (mimic ? random.next() < 0.6 : random.next() < 0.3) {
    // A paravertebral soft-tissue mass: thick, intermediate signal, no thin bright-fluid rim (brighter in the mimic).
    model.anteriorCollection = { start: first, end: last + 1, thickness: random.uniform(5, 12), halfWidth: random.uniform(15, 28), signal: mimic ? random.uniform(0.6, 0.78) : random.uniform(0.45, 0.6), wallSignal: Number.NaN };
  }
}

/** Cold abscesses of tuberculosis: bright, thin-walled, paravertebral and epidural. */
function sampleTuberculousCollections(model: LesionModel, levels: number[], mimic: boolean, random: Random): void {
  const first = levels[0]!;
  const last = levels[levels.length - 1]!;
  if (random.next() < (mimic ? 0.3 : 0.7)) {
    // Paravertebral / subligamentous abscess: spreads beyond the involved levels under the anterior ligament.
    model.anteriorCollection = {
      start: first - random.uniform(0, mimic ? 0.3 : 1.2),
      end: last + 1 + random.uniform(0, mimic ? 0.3 : 1.2),
      thickness: mimic ? random.uniform(3, 7) : random.uniform(5, 15),
      halfWidth: random.uniform(18, 38),
      signal: random.uniform(0.9, 1.05),
      wallSignal: random.uniform(0.25, 0.4),
    };
  }
  if (!mimic && random.next() < 0.45) {
    model.epiduralCollection = { start: first + 0.3, end: last + 0.7, thickness: random.uniform(3, 7), halfWidth: random.uniform(7, 11), signal: random.uniform(0.9, 1.05), wallSignal: random.uniform(0.25, 0.4) };
  }
}

/** Benign marrow findings common in adults of both classes: they keep "bright spot in a body" from being a shortcut. */
function sampleBenignFindings(model: LesionModel, random: Random): void {
  const lumbarAndLowerThoracic = (): number => random.integer(VERTEBRAL_LEVELS.indexOf('T8'), VERTEBRAL_LEVELS.indexOf('L5'));
  if (random.next() < 0.4) {
    const count = random.next() < 0.7 ? 1 : 2;
    for (let index = 0; index < count; index++) {
      const radius = random.uniform(3, 7);
      model.haemangiomas.push({ level: lumbarAndLowerThoracic(), height: random.uniform(0.25, 0.75), depth: random.uniform(0.25, 0.7), lateral: random.uniform(-8, 8), radii: [radius, radius, radius * 1.2], signal: random.uniform(0.8, 0.95), heterogeneity: 0.15 });
    }
  }
  if (random.next() < 0.3) {
    // Modic change: a band of oedema (type 1) or fat (type 2) along both endplates of a degenerated disc.
    const level = lumbarAndLowerThoracic();
    model.modicBands.push({ level: Math.min(level, VERTEBRAL_LEVELS.indexOf('L5')), signal: random.uniform(0.7, 0.9), thickness: random.uniform(2, 5) });
  }
}
