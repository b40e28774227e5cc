import { PAPER_DESIGN } from './paper-design';

/** Transfer syntaxes a site may store its images with (DICOM PS3.5 Annex A). */
export type PhantomTransferSyntax = 'explicit-little' | 'implicit-little' | 'rle' | 'jpeg-ls' | 'jpeg-2000';

/**
 * One scanner's acquisition of the sagittal T2 series: what makes images from two hospitals look different
 * (field strength, sequence timing, resolution, intensity scaling, noise, coil shading, file encoding).
 */
export interface ScannerProfile {
  manufacturer: string;
  stationName: string;
  /** MagneticFieldStrength in tesla. */
  fieldStrength: number;
  /** RepetitionTime in ms. */
  repetitionTime: number;
  /** EchoTime in ms. */
  echoTime: number;
  /** Image size `[rows, columns]`. */
  matrix: [number, number];
  /**
   * Acquired matrix `[rows, columns]` (at most `matrix`): the signal is sampled on this coarser grid over the same
   * field of view and interpolated to `matrix`, as scanners reconstruct zero-filled k-space.
   */
  acquisitionMatrix: [number, number];
  /** PixelSpacing `[row, column]` in mm; field of view = matrix × spacing. */
  pixelSpacing: [number, number];
  /** SliceThickness in mm. */
  sliceThickness: number;
  /** Gap between slices in mm (SpacingBetweenSlices = thickness + gap). */
  sliceGap: number;
  /** Real-world signal of cerebrospinal fluid, in arbitrary MR units (sets the intensity scale of the site). */
  signalScale: number;
  /** RescaleSlope: real = stored × slope + intercept. */
  rescaleSlope: number;
  /** RescaleIntercept. */
  rescaleIntercept: number;
  /** Standard deviation of the complex Gaussian noise, as a fraction of the CSF signal (magnitude → Rician). */
  noise: number;
  /** Strength of the receive-coil shading: 0 = flat, 0.4 = the anterior edge 40 % darker than the coil side. */
  biasField: number;
  /** Exponent applied to normalised tissue contrast (T2 weighting; > 1 darkens intermediate tissues). */
  contrastGamma: number;
  /** Fat signal relative to the reference contrast (fast spin echo fat is bright; < 1 mimics partial fat saturation). */
  fatSignal: number;
  /** How the pixel data are encoded in the files. */
  transferSyntax: PhantomTransferSyntax;
}

/** One institution of a cohort: its scanner, its role in the study and how many patients it contributes. */
export interface SiteSpec {
  /** Stable identifier, e.g. `'site-a'`. */
  id: string;
  /** One upper-case letter used in patient ids. */
  code: string;
  /** InstitutionName written into the files. */
  institutionName: string;
  role: 'development' | 'external';
  patients: number;
  scanner: ScannerProfile;
}

const SCANNERS: Record<string, { code: string; institutionName: string; scanner: ScannerProfile }> = {
  'site-a': {
    code: 'A',
    institutionName: 'Phantom Hospital A',
    scanner: {
      manufacturer: 'SpineDx Phantom', stationName: 'MR-A1', fieldStrength: 1.5, repetitionTime: 3000, echoTime: 100,
      matrix: [320, 320], acquisitionMatrix: [224, 224], pixelSpacing: [0.875, 0.875], sliceThickness: 4, sliceGap: 0.4,
      signalScale: 1800, rescaleSlope: 1, rescaleIntercept: 0, noise: 0.025, biasField: 0.25, contrastGamma: 1,
      fatSignal: 1, transferSyntax: 'explicit-little',
    },
  },
  'site-b': {
    code: 'B',
    institutionName: 'Phantom Hospital B',
    scanner: {
      manufacturer: 'SpineDx Phantom', stationName: 'MR-B3', fieldStrength: 3, repetitionTime: 3500, echoTime: 110,
      matrix: [352, 352], acquisitionMatrix: [256, 256], pixelSpacing: [0.8, 0.8], sliceThickness: 3.5, sliceGap: 0.35,
      signalScale: 2600, rescaleSlope: 1, rescaleIntercept: 0, noise: 0.018, biasField: 0.35, contrastGamma: 1.1,
      fatSignal: 0.95, transferSyntax: 'rle',
    },
  },
  'site-c': {
    code: 'C',
    institutionName: 'Phantom Hospital C',
    scanner: {
      manufacturer: 'SpineDx Phantom', stationName: 'MR-C1', fieldStrength: 1.5, repetitionTime: 2800, echoTime: 90,
      matrix: [256, 256], acquisitionMatrix: [192, 176], pixelSpacing: [1.1, 1.1], sliceThickness: 4, sliceGap: 1,
      signalScale: 900, rescaleSlope: 0.5, rescaleIntercept: -100, noise: 0.035, biasField: 0.2, contrastGamma: 0.9,
      fatSignal: 1.1, transferSyntax: 'jpeg-ls',
    },
  },
  'site-d': {
    code: 'D',
    institutionName: 'Phantom Hospital D',
    scanner: {
      manufacturer: 'SpineDx Phantom', stationName: 'MR-D2', fieldStrength: 3, repetitionTime: 4000, echoTime: 120,
      matrix: [320, 288], acquisitionMatrix: [240, 208], pixelSpacing: [0.95, 0.95], sliceThickness: 3, sliceGap: 0.6,
      signalScale: 12000, rescaleSlope: 2, rescaleIntercept: 0, noise: 0.022, biasField: 0.3, contrastGamma: 1.2,
      fatSignal: 0.8, transferSyntax: 'explicit-little',
    },
  },
};

/**
 * The default four institutions: PAPER_DESIGN's sites (2 development, 2 external, 121 patients) with one
 * scanner profile each. The external sites differ from the development ones in field strength, resolution,
 * intensity scaling (site C stores with RescaleSlope 0.5 and intercept −100, site D with slope 2), noise,
 * coil shading, contrast and encoding, so a model trained on A and B meets a real domain shift on C and D.
 */
export const DEFAULT_SITES: readonly SiteSpec[] = Object.freeze(
  PAPER_DESIGN.map((site) => {
    const profile = SCANNERS[site.id]!;
    return Object.freeze({ id: site.id, role: site.role, patients: site.patients, ...profile, scanner: Object.freeze({ ...profile.scanner }) });
  }),
);
