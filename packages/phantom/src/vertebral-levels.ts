/** Names of the vertebrae the phantom models, top to bottom; `S1` stands for the whole sacrum. */
export const VERTEBRAL_LEVELS = Object.freeze([
  'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1',
] as const);

/** One vertebral level name. */
export type VertebralLevel = (typeof VERTEBRAL_LEVELS)[number];

/** Adult reference dimensions of one level (mm, degrees), before per-patient variation. */
export interface LevelDimensions {
  /** Posterior height of the vertebral body. */
  bodyHeight: number;
  /** Anteroposterior depth of the body at the midline. */
  bodyDepth: number;
  /** Half of the body's transverse width. */
  bodyHalfWidth: number;
  /** Height of the disc below this body (0 for the sacrum). */
  discHeight: number;
  /** Change of the sagittal angle across this level: negative = kyphosis, positive = lordosis. */
  curvature: number;
}

// Typical adult values (vertebral body heights grow caudally, lumbar discs are thickest at L4-L5);
// curvature gives about 40° of thoracic kyphosis and 55° of lumbar lordosis plus the sacral tilt.
const DIMENSIONS: Record<VertebralLevel, LevelDimensions> = {
  T1: { bodyHeight: 14, bodyDepth: 16, bodyHalfWidth: 14, discHeight: 3.5, curvature: -3.5 },
  T2: { bodyHeight: 15, bodyDepth: 17, bodyHalfWidth: 14, discHeight: 3.5, curvature: -3.5 },
  T3: { bodyHeight: 16, bodyDepth: 18, bodyHalfWidth: 14, discHeight: 3.5, curvature: -3.5 },
  T4: { bodyHeight: 16.5, bodyDepth: 19, bodyHalfWidth: 14.5, discHeight: 4, curvature: -3.5 },
  T5: { bodyHeight: 17, bodyDepth: 20, bodyHalfWidth: 15, discHeight: 4, curvature: -3.5 },
  T6: { bodyHeight: 17.5, bodyDepth: 21, bodyHalfWidth: 15.5, discHeight: 4, curvature: -3.5 },
  T7: { bodyHeight: 18, bodyDepth: 22, bodyHalfWidth: 16, discHeight: 4.5, curvature: -3.5 },
  T8: { bodyHeight: 19, bodyDepth: 23, bodyHalfWidth: 16.5, discHeight: 4.5, curvature: -3.5 },
  T9: { bodyHeight: 19.5, bodyDepth: 24, bodyHalfWidth: 17, discHeight: 5, curvature: -3.5 },
  T10: { bodyHeight: 20.5, bodyDepth: 26, bodyHalfWidth: 18, discHeight: 5.5, curvature: -3.5 },
  T11: { bodyHeight: 21.5, bodyDepth: 27, bodyHalfWidth: 19, discHeight: 6, curvature: -3 },
  T12: { bodyHeight: 22.5, bodyDepth: 28, bodyHalfWidth: 20, discHeight: 7, curvature: -2 },
  L1: { bodyHeight: 24, bodyDepth: 30, bodyHalfWidth: 21, discHeight: 8, curvature: 3 },
  L2: { bodyHeight: 25, bodyDepth: 31, bodyHalfWidth: 22, discHeight: 9, curvature: 6 },
  L3: { bodyHeight: 26, bodyDepth: 32, bodyHalfWidth: 23, discHeight: 10, curvature: 9 },
  L4: { bodyHeight: 26, bodyDepth: 33, bodyHalfWidth: 24, discHeight: 10.5, curvature: 12 },
  L5: { bodyHeight: 25, bodyDepth: 34, bodyHalfWidth: 25, discHeight: 9, curvature: 15 },
  S1: { bodyHeight: 95, bodyDepth: 34, bodyHalfWidth: 25, discHeight: 0, curvature: 25 },
};

/** Reference dimensions of `level`. */
export function levelDimensions(level: VertebralLevel): LevelDimensions {
  return DIMENSIONS[level];
}

/** True for the thoracic levels T1 to T12. */
export function isThoracic(level: VertebralLevel): boolean {
  return level.startsWith('T');
}
