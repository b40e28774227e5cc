/**
 * T2-weighted fast spin echo signal of each normal tissue relative to cerebrospinal fluid (= 1). Water-rich
 * tissue is bright, fat stays bright on fast spin echo, fibrous tissue, cortical bone, air and flowing blood
 * are dark; muscle is low-intermediate.
 */
export const TISSUE_SIGNAL = Object.freeze({
  air: 0,
  skin: 0.35,
  fat: 0.8,
  epiduralFat: 0.72,
  muscle: 0.22,
  cortex: 0.05,
  ligament: 0.08,
  annulus: 0.15,
  csf: 1,
  cord: 0.42,
  nerveRoot: 0.3,
  flowVoid: 0.03,
  vesselWall: 0.3,
  venousBlood: 0.45,
  lung: 0.05,
  mediastinum: 0.38,
  jointFluid: 0.55,
  bowel: 0.36,
  bowelFluid: 0.85,
  bowelGas: 0.04,
});

