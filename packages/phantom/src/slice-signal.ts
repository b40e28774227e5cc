import type { Collection, LesionModel, MetastaticFocus, TuberculousBody } from './lesion-model';
import { MASK_LABELS } from './lesion-model';
import type { LevelGeometry, SpineAnatomy } from './spine-anatomy';
import { TISSUE_SIGNAL as T } from './tissue-signal';
import { createValueNoise } from './value-noise';

/** Where the pixels of one slice lie in patient coordinates (mm): row centres go down, column centres go back. */
export interface SliceGrid {
  rows: number;
  columns: number;
  rowSpacing: number;
  columnSpacing: number;
  /** Superior (z) coordinate of the first row's centre. */
  top: number;
  /** Anteroposterior (y, posterior positive) coordinate of the first column's centre. */
  left: number;
}

/** The noise-free tissue signal of one slice (CSF = 1) and its lesion mask (MASK_LABELS). */
export interface SliceSignal {
  signal: Float32Array;
  mask: Uint8Array;
}

interface CollectionSpan {
  collection: Collection;
  start: number;
  end: number;
  lateral: number;
}

/**
 * Renders the noise-free T2 signal of the sagittal slice `lateral` mm left of the isocentre. Every pixel is
 * mapped to spine coordinates (arc length `s` along the posterior body wall, `d` perpendicular, posterior
 * positive), classified into a tissue and, where a lesion covers it, given the lesion's signal and mask label.
 */
export function renderSliceSignal(anatomy: SpineAnatomy, lesions: LesionModel, grid: SliceGrid, lateral: number, fatSignal: number): SliceSignal {
  const { levels } = anatomy;
  const x = lateral - anatomy.lateralShift;
  const absX = Math.abs(x);
  const side = x < 0 ? -1 : 1;
  const count = levels.length;
  const last = count - 1;
  const noise = createValueNoise(anatomy.textureSeed);
  const noiseFine = createValueNoise(anatomy.textureSeed + 1);
  const tops = Float64Array.from(levels, (level) => level.top);
  const anteriorEdge = new Float64Array(count);
  const posteriorEdge = new Float64Array(count);
  const present = new Uint8Array(count);
  levels.forEach((level, index) => {
    const ratio = absX / level.halfWidth;
    if (ratio >= 1) return;
    present[index] = 1;
    anteriorEdge[index] = -level.depth / 2 - (level.depth / 2) * Math.sqrt(1 - ratio * ratio);
    posteriorEdge[index] = Math.min(0, -level.depth / 2 + (level.depth / 2) * Math.sqrt(1 - ratio ** 4));
  });
  const tuberculous: (TuberculousBody | undefined)[] = levels.map((_, index) => lesions.tuberculousBodies.find((body) => body.level === index));
  const foci: MetastaticFocus[][] = levels.map((_, index) => lesions.foci.filter((focus) => focus.level === index));
  const haemangiomas: MetastaticFocus[][] = levels.map((_, index) => lesions.haemangiomas.filter((focus) => focus.level === index));
  const modic = levels.map((_, index) => lesions.modicBands.find((band) => band.level === index));
  const diffuse = levels.map((_, index) => lesions.diffuseBodies.find((body) => body.level === index)?.signal ?? Number.NaN);
  const destroyedDisc = levels.map((_, index) => lesions.destroyedDiscs.find((disc) => disc.level === index)?.signal ?? Number.NaN);
  const posteriorTumour = levels.map((_, index) => {
    const entry = lesions.posteriorElements.find((element) => element.level === index);
    return entry === undefined ? Number.NaN : entry.signal;
  });
  const posteriorTumourSide = levels.map((_, index) => lesions.posteriorElements.find((element) => element.level === index)?.side ?? 0);
  const toArcLength = (unit: number): number => {
    const index = Math.max(0, Math.min(last, Math.floor(unit)));
    const level = levels[index]!;
    return level.top + (unit - index) * (level.nextTop - level.top);
  };
  const span = (collection: Collection | null): CollectionSpan | null => {
    if (collection === null || absX >= collection.halfWidth) return null;
    const ratio = absX / collection.halfWidth;
    return { collection, start: toArcLength(collection.start), end: toArcLength(collection.end), lateral: Math.sqrt(1 - ratio * ratio) };
  };
  const anteriorCollection = span(lesions.anteriorCollection);
  const epiduralCollection = span(lesions.epiduralCollection);
  const contrast = lesions.contrast;
  const fat = T.fat * fatSignal;
  const epiduralFat = T.epiduralFat * fatSignal;
  let maskValue = 0;
  let cursor = 0;

  // Canal plus muscle depth, interpolated between level centres so the back's contour is smooth.
  const middles = Float64Array.from(levels, (level) => (level.top + Math.min(level.bottom, level.top + 30)) / 2);
  const depths = Float64Array.from(levels, (level, index) => (index === last ? 0.75 * level.canalDepth + 0.6 * level.muscleDepth : level.canalDepth + level.muscleDepth));
  const posteriorDepth = (s: number): number => {
    if (s <= middles[0]!) return depths[0]!;
    if (s >= middles[last]!) return depths[last]!;
    let index = 0;
    while (s > middles[index + 1]!) index++;
    const t = (s - middles[index]!) / (middles[index + 1]! - middles[index]!);
    return depths[index]! + (depths[index + 1]! - depths[index]!) * t;
  };
  // Depth of the subcutaneous fat and of the skin behind the spine, tabulated every mm of arc length.
  const backStart = anatomy.start;
  const backLength = Math.ceil(anatomy.centreZ.length * anatomy.step) + 1;
  const backFat = new Float64Array(backLength);
  const backSkin = new Float64Array(backLength);
  for (let index = 0; index < backLength; index++) {
    const s = backStart + index;
    backFat[index] = 7 + posteriorDepth(s) + 3 * noise(s / 40, 7.7);
    backSkin[index] = backFat[index]! + anatomy.fatThickness * (1 + 0.2 * noise(s / 50, 1.1));
  }
  const lesionTone = (marrow: number, target: number): number => marrow + contrast * (target - marrow);
  const collectionThickness = (entry: CollectionSpan, s: number): number => {
    if (s <= entry.start || s >= entry.end) return 0;
    const t = (s - entry.start) / (entry.end - entry.start);
    return entry.collection.thickness * Math.sqrt(Math.sin(Math.PI * t)) * entry.lateral * (1 + 0.15 * noise(s / 6, 3.3));
  };
  const collectionSignal = (entry: CollectionSpan, s: number, depthIntoCollection: number, thickness: number): number => {
    maskValue = MASK_LABELS.softTissue;
    const wall = entry.collection.wallSignal;
    if (!Number.isNaN(wall) && (depthIntoCollection < 1.3 || thickness - depthIntoCollection < 1.3)) return wall;
    return entry.collection.signal * (1 + 0.06 * noiseFine(s / 2, depthIntoCollection / 2));
  };

  const sample = (s: number, d: number): number => {
    maskValue = 0;
    while (cursor < last && s >= tops[cursor + 1]!) cursor++;
    while (cursor > 0 && s < tops[cursor]!) cursor--;
    const index = cursor;
    const level = levels[index]!;
    const isSacrum = index === last;
    const canalDepth = isSacrum ? level.canalDepth * 0.75 : level.canalDepth;
    const laminaEnd = canalDepth + 7;
    const along = Math.min(backLength - 1, Math.max(0, Math.round(s - backStart)));
    const fatStart = backFat[along]!;
    const skin = backSkin[along]!;
    if (d > skin + 2) return T.air;
    if (d > skin) return T.skin;
    if (d > fatStart) return fat * (1 + 0.05 * noiseFine(s / 3, d / 3));
    const abdomen = -anatomy.abdomenDepth;
    if (d < abdomen - 2) return T.air;
    if (d < abdomen) return T.skin;
    if (d < abdomen + 14) return d < abdomen + 5 ? fat : T.muscle;

    // Vertebral column: body or disc.
    let anterior = anteriorEdge[index]!;
    let posterior = posteriorEdge[index]!;
    let depth = level.depth;
    const beyondSacrum = isSacrum && s > level.bottom;
    if (isSacrum && present[index]) {
      // The sacrum narrows caudally.
      const taper = 1 - 0.55 * Math.min(1, Math.max(0, (s - level.top) / (level.bottom - level.top)));
      anterior *= taper;
      posterior *= taper;
      depth *= taper;
    }
    if (level.posteriorBulge > 0 && s > level.top && s < level.bottom) {
      posterior += level.posteriorBulge * Math.sin((Math.PI * (s - level.top)) / (level.bottom - level.top));
    }
    if (present[index] && !beyondSacrum && d >= anterior && d <= posterior) {
      const fraction = Math.min(1, Math.max(0, -d / depth));
      const bodyTop = level.top + 0.5 * level.anteriorLoss * fraction;
      const bodyBottom = level.bottom - 0.5 * level.anteriorLoss * fraction;
      if (s >= bodyTop && (s <= bodyBottom || isSacrum)) return bodySignal(index, level, s, d, bodyTop, bodyBottom, anterior, posterior);
      const upper = s < bodyTop ? index - 1 : index;
      if (upper < 0) return level.marrowSignal;
      return discSignal(upper, s, d, anterior, posterior);
    }
    if (beyondSacrum) return d < 0 ? pelvisSignal(s, d) : T.muscle * (1 + 0.1 * noise(s / 8, d / 2));

    // Between the column and the back of the canal.
    if (d > posterior && d < canalDepth) {
      if (epiduralCollection !== null && d < posterior + 12) {
        const thickness = collectionThickness(epiduralCollection, s);
        if (d - posterior < thickness) return collectionSignal(epiduralCollection, s, d - posterior, thickness);
      }
      if (absX < level.canalHalfWidth) return canalSignal(level, s, d, posterior, canalDepth, isSacrum);
      if (absX < level.canalHalfWidth + 9 && !isSacrum) {
        const height = level.bottom - level.top;
        if (s > level.top + 0.08 * height && s < level.top + 0.62 * height) {
          return posteriorBone(index, level, Math.min(s - level.top - 0.08 * height, level.top + 0.62 * height - s, d - posterior + 2, canalDepth - d + 2));
        }
        const rootS = level.top + 0.78 * height;
        const rootD = canalDepth * 0.35;
        if ((s - rootS) ** 2 + (d - rootD) ** 2 < 7.5) return T.nerveRoot;
        return epiduralFat * (1 + 0.05 * noiseFine(s / 2, d / 2));
      }
      if (isSacrum) return posteriorBone(index, level, Math.min(d - posterior, canalDepth - d));
      return muscleSignal(s, d);
    }

    // Posterior elements and paraspinal muscles.
    if (d >= canalDepth) {
      if (isSacrum) {
        if (d < laminaEnd + 2 && absX < 30) return posteriorBone(index, level, Math.min(d - canalDepth, laminaEnd + 2 - d));
        return muscleSignal(s, d);
      }
      if (absX < 4) {
        for (let owner = index; owner >= Math.max(0, index - 2); owner--) {
          const spinous = spinousDistance(levels[owner]!, s, d, canalDepth);
          if (spinous >= 0) return posteriorBone(owner, levels[owner]!, spinous);
        }
      }
      if (absX < level.canalHalfWidth + 10 && d < laminaEnd) {
        for (let owner = index; owner >= Math.max(0, index - 1); owner--) {
          const candidate = levels[owner]!;
          const height = candidate.bottom - candidate.top;
          const from = candidate.top + 0.35 * height;
          const to = candidate.nextTop + 0.15 * height;
          if (s > from && s < to) return posteriorBone(owner, candidate, Math.min(s - from, to - s, d - canalDepth, laminaEnd - d));
        }
        if (d < canalDepth + 3.5) return T.ligament;
      }
      if (absX >= level.canalHalfWidth && absX < level.canalHalfWidth + 15 && d < canalDepth + 12) {
        const joint = (level.bottom + level.nextTop) / 2;
        if (Math.abs(s - joint) < 0.8) return T.jointFluid;
        return posteriorBone(index, level, Math.min(Math.abs(s - joint) - 0.8, d - canalDepth + 4, canalDepth + 12 - d));
      }
      if (absX < 2.5) return T.ligament * 2 + 0.25 * fat * Math.max(0, noise(s / 4, d / 4));
      return muscleSignal(s, d);
    }

    // In front of (or beside) the column.
    if (anteriorCollection !== null) {
      const thickness = collectionThickness(anteriorCollection, s);
      if (thickness > 0) {
        if (present[index] && d < anterior && anterior - d < thickness) return collectionSignal(anteriorCollection, s, anterior - d, thickness);
        if (!present[index] && d > -depth - thickness && d < -0.15 * depth) return collectionSignal(anteriorCollection, s, Math.min(d + depth + thickness, -0.15 * depth - d), thickness + depth);
      }
    }
    if (present[index] && d > anterior - 1.2) return T.ligament;
    return anteriorSignal(index, level, s, d, present[index] ? anterior : -depth * 0.5);
  };

  const bodySignal = (index: number, level: LevelGeometry, s: number, d: number, top: number, bottom: number, anterior: number, posterior: number): number => {
    const marrow = level.marrowSignal * (1 + 0.1 * noise(s / 3, d / 3) + 0.04 * noiseFine(s, d));
    const tb = tuberculous[index];
    let upperEdge = s - top;
    let lowerEdge = bottom - s;
    if (tb !== undefined && absX < tb.lateralExtent * level.halfWidth) {
      const height = bottom - top;
      const irregular = 1 + 0.3 * noise(s / 4 + 17, d / 4);
      // Endplates facing a destroyed disc are eroded: ragged, no cortical line.
      if (!Number.isNaN(destroyedDisc[index - 1] ?? Number.NaN)) upperEdge -= 1.5 * (1 + noise(d / 3, 5.5));
      if (!Number.isNaN(destroyedDisc[index]!)) lowerEdge -= 1.5 * (1 + noise(d / 3, 9.5));
      if (upperEdge < tb.fromTop * height * irregular || lowerEdge < tb.fromBottom * height * irregular) {
        if (upperEdge < 0 || lowerEdge < 0) return discSignal(upperEdge < 0 ? index - 1 : index, s, d, anterior, posterior);
        maskValue = MASK_LABELS.bone;
        return lesionTone(marrow, lesions.oedemaSignal * (1 + 0.12 * noiseFine(s / 1.5, d / 1.5)));
      }
    }
    const distance = Math.min(upperEdge, index === last ? Number.POSITIVE_INFINITY : lowerEdge, d - anterior, posterior - d);
    if (distance < 1.2) return T.cortex;
    if (!Number.isNaN(diffuse[index]!)) {
      maskValue = MASK_LABELS.bone;
      return lesionTone(marrow, diffuse[index]! * (1 + 0.2 * noiseFine(s / 2, d / 2)));
    }
    for (const focus of foci[index]!) {
      const height = bottom - top;
      const ds = (s - (top + focus.height * height)) / focus.radii[0];
      const dd = (d + focus.depth * level.depth) / focus.radii[1];
      const dx = (x - focus.lateral) / focus.radii[2];
      if (ds * ds + dd * dd + dx * dx < 1 + 0.35 * noise(s / 3 + 40, d / 3)) {
        maskValue = MASK_LABELS.bone;
        return lesionTone(marrow, focus.signal * (1 + focus.heterogeneity * noiseFine(s / 1.7 + 9, d / 1.7)));
      }
    }
    for (const focus of haemangiomas[index]!) {
      const ds = (s - (top + focus.height * (bottom - top))) / focus.radii[0];
      const dd = (d + focus.depth * level.depth) / focus.radii[1];
      const dx = (x - focus.lateral) / focus.radii[2];
      if (ds * ds + dd * dd + dx * dx < 1) return focus.signal * (1 + focus.heterogeneity * noiseFine(s, d));
    }
    const modicBelow = modic[index]!;
    if (modicBelow !== undefined && lowerEdge < modicBelow.thickness * (1 + 0.3 * noise(d / 3, 2.5))) return modicBelow.signal * (1 + 0.08 * noiseFine(s, d));
    const modicAbove = modic[index - 1];
    if (modicAbove !== undefined && upperEdge < modicAbove.thickness * (1 + 0.3 * noise(d / 3, 4.5))) return modicAbove.signal * (1 + 0.08 * noiseFine(s, d));
    // Basivertebral venous plexus: a small bright notch behind the middle of the body.
    if (absX < 4 && posterior - d < 5 && Math.abs(s - (top + bottom) / 2) < 2) return 0.7;
    return marrow;
  };

  const discSignal = (upper: number, s: number, d: number, anterior: number, posterior: number): number => {
    const level = levels[upper]!;
    const destroyed = destroyedDisc[upper]!;
    if (!Number.isNaN(destroyed)) {
      maskValue = MASK_LABELS.disc;
      return lesionTone(level.nucleusSignal, destroyed * (1 + 0.15 * noiseFine(s / 1.5, d / 1.5)));
    }
    if (d - anterior < 4.5 || posterior - d < 3 || absX > levels[upper]!.halfWidth * 0.8) return T.annulus;
    const middle = (level.bottom + level.nextTop) / 2;
    if (Math.abs(s - middle) < 0.5) return level.nucleusSignal * 0.6;
    return level.nucleusSignal * (1 + 0.05 * noiseFine(s, d));
  };

  const canalSignal = (level: LevelGeometry, s: number, d: number, posterior: number, canalDepth: number, isSacrum: boolean): number => {
    if (d < posterior + 1) return T.ligament;
    const sacHalf = level.canalHalfWidth - 2.5;
    if (s > anatomy.sacEnd || absX >= sacHalf) return epiduralFat;
    const centre = canalDepth * 0.47;
    const halfDepth = canalDepth * (isSacrum ? 0.3 : 0.4) * Math.sqrt(1 - (absX / sacHalf) ** 2);
    if (Math.abs(d - centre) > halfDepth) return epiduralFat * (1 + 0.05 * noiseFine(s / 2, d / 2));
    if (s < anatomy.conus + 15 && absX < 5) {
      // Cord, tapering into the conus medullaris.
      const taper = s < anatomy.conus ? 1 : 1 - (s - anatomy.conus) / 15;
      const radius = (level.thoracic ? 3.9 : 3.5) * taper * Math.sqrt(1 - (absX / 5) ** 2);
      if (Math.abs(d - (centre - 0.5)) < radius) return T.cord;
    }
    if (s > anatomy.conus && absX < 7) {
      // Cauda equina: roots layering in the dependent (posterior) sac.
      const root = noise(d * 0.8 + 50, s / 40);
      if (d > centre && root > 0.45) return T.nerveRoot;
    }
    return T.csf;
  };

  const posteriorBone = (owner: number, level: LevelGeometry, distance: number): number => {
    if (distance < 1) return T.cortex;
    const tumour = posteriorTumour[owner]!;
    const marrow = level.marrowSignal * 0.95;
    if (!Number.isNaN(tumour) && (absX < level.canalHalfWidth || side === posteriorTumourSide[owner])) {
      maskValue = MASK_LABELS.bone;
      return lesionTone(marrow, tumour);
    }
    return marrow;
  };

  const spinousDistance = (level: LevelGeometry, s: number, d: number, canalDepth: number): number => {
    const root = canalDepth + 5;
    if (d < root || d > root + level.spinousLength) return -1;
    const centre = level.top + 0.55 * (level.bottom - level.top) + (d - root) * level.spinousSlope;
    const half = level.spinousHalfHeight * (1 - 0.25 * ((d - root) / level.spinousLength));
    const distance = half - Math.abs(s - centre);
    return distance < 0 ? -1 : Math.min(distance, root + level.spinousLength - d);
  };

  const muscleSignal = (s: number, d: number): number => {
    const marbling = noise(s / 9 + 3, d / 2.2);
    if (marbling > 0.62) return fat * 0.8;
    return T.muscle * (1 + 0.12 * noiseFine(s / 6, d / 1.2));
  };

  const anteriorSignal = (index: number, level: LevelGeometry, s: number, d: number, anterior: number): number => {
    // Aorta: a flow void in front of and left of the bodies down to its bifurcation.
    if (s < anatomy.bifurcation) {
      const offset = x - anatomy.aortaLateral;
      if (Math.abs(offset) < anatomy.aortaRadius) {
        const half = Math.sqrt(anatomy.aortaRadius ** 2 - offset * offset);
        const centre = -level.depth - anatomy.aortaRadius - 1;
        if (Math.abs(d - centre) < half) return half - Math.abs(d - centre) < 1 ? T.vesselWall : T.flowVoid;
      }
    }
    if (level.psoasDepth > 0 && absX > 10) {
      const reach = level.psoasDepth * Math.min(1, (absX - 10) / 12);
      if (d > anterior - reach) return muscleSignal(s, d);
    }
    if (!present[index]) return absX < level.halfWidth + 25 && d > -level.depth ? muscleSignal(s, d) : fat;
    const diaphragm = anatomy.diaphragm + (d + level.depth) * 0.7;
    if (s < diaphragm) {
      if (absX < 10 && d > -level.depth - 45) return T.mediastinum * (1 + 0.2 * noise(s / 5, d / 5));
      if (s > diaphragm - 4) return T.muscle;
      return T.lung + 0.06 * Math.max(0, noiseFine(s / 2, d / 2));
    }
    if (s < level.top && index === 0) return T.lung;
    if (x < -8 && x > -28 && level.name.startsWith('L')) {
      const offset = x + 18;
      const half = Math.sqrt(Math.max(0, 100 - offset * offset));
      const centre = -level.depth - 11;
      if (Math.abs(d - centre) < half) return T.venousBlood;
    }
    if (d > anterior - 22) return fat * 0.9 * (1 + 0.06 * noiseFine(s / 3, d / 3));
    return bowelSignal(s, d);
  };

  const bowelSignal = (s: number, d: number): number => {
    // Loops of bowel: intermediate wall and contents, some fluid-filled, a few gas pockets, fat between.
    const loops = noise(s / 16 + 71, d / 16) + 0.35 * noise(s / 6, d / 6 + 13);
    if (loops > 0.62) return T.bowelFluid * (0.85 + 0.1 * noiseFine(s / 3, d / 3));
    if (loops < -0.8) return T.bowelGas;
    return T.bowel + 0.45 * fat * Math.max(0, loops - 0.1) + 0.05 * noiseFine(s / 3, d / 3);
  };

  const pelvisSignal = (s: number, d: number): number => (d > -25 ? fat * 0.85 : bowelSignal(s, d));

  const signal = new Float32Array(grid.rows * grid.columns);
  const mask = new Uint8Array(grid.rows * grid.columns);
  const { centreY, centreZ, sinAngle, cosAngle, start, step } = anatomy;
  const samples = centreZ.length;
  const lookup = (arcLength: number): number => Math.min(samples - 1.001, Math.max(0, (arcLength - start) / step));
  let search = 0;
  for (let row = 0; row < grid.rows; row++) {
    const z = grid.top - row * grid.rowSpacing;
    // Centreline sample at this height (z decreases monotonically along the centreline).
    while (search < samples - 2 && centreZ[search + 1]! > z) search++;
    const rowY = centreY[search]!;
    const rowSin = sinAngle[search]!;
    const rowS = start + search * step;
    cursor = 0;
    for (let column = 0; column < grid.columns; column++) {
      const y = grid.left + column * grid.columnSpacing;
      // One Newton step from the row's frame to the nearest centreline point.
      const guess = lookup(rowS + (y - rowY) * rowSin);
      const base = Math.floor(guess);
      const t = guess - base;
      const cy = centreY[base]! + (centreY[base + 1]! - centreY[base]!) * t;
      const cz = centreZ[base]! + (centreZ[base + 1]! - centreZ[base]!) * t;
      const sn = sinAngle[base]! + (sinAngle[base + 1]! - sinAngle[base]!) * t;
      const cs = cosAngle[base]! + (cosAngle[base + 1]! - cosAngle[base]!) * t;
      const vy = y - cy;
      const vz = z - cz;
      const s = start + guess * step + vy * sn - vz * cs;
      const d = vy * cs + vz * sn;
      const pixel = row * grid.columns + column;
      signal[pixel] = sample(s, d);
      mask[pixel] = maskValue;
    }
  }
  return { signal, mask };
}
