import { InvalidArgumentError } from '@spinedx/core';

/** Everything a demo run's size depends on. */
export interface DemoProfile {
  name: string;
  /** One line printed before the run: what this profile is for. */
  purpose: string;
  /** Total patients over the four sites (the paper: 121). */
  patients: number;
  /** Sagittal slices per rendered series. */
  slicesPerSeries: number;
  /** Central slices of each series used as samples. */
  slicesPerPatient: number;
  /** Square model input in pixels. */
  inputSize: number;
  /** Per-backbone input size overrides (the paper runs EfficientNet-B3 at its native 300). */
  inputSizeOverrides: Record<string, number>;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Per-backbone learning rates: from scratch with small batches, EfficientNet and MViTv2 diverge or collapse at 1e-3. */
  learningRateOverrides: Record<string, number>;
  weightDecay: number;
  /** Train with the classifier's default augmentation; a few epochs from scratch learn better without it. */
  augmentation: boolean;
  /** Share of development patients held out for internal validation. */
  internalFraction: number;
  backbones: string[];
  /** External patients shown in each model's Grad-CAM gallery. */
  galleryCases: number;
  /** Worker threads training models in parallel (0 = in this thread). */
  workers: number;
}

/** The four backbones of the paper, in its order, with display names. */
export const PAPER_BACKBONES: Readonly<Record<string, string>> = Object.freeze({
  mvitv2_tiny: 'MViTv2-T',
  efficientnet_b3: 'EfficientNet-B3',
  resnet101: 'ResNet101',
  resnet34: 'ResNet34',
});

const paperBackbones = Object.keys(PAPER_BACKBONES);

/**
 * `quick` (default): the whole study in under 10 minutes on 2 CPU cores with wasm: 64 px input, the middle slice of
 * 5 per patient, 3 epochs, the four models trained two at a time in worker threads. Its numbers show the pipeline
 * works; they are not the paper's. `paper`: the paper's backbones at full size (224 px, EfficientNet-B3 at its
 * native 300 px), 5 slices per patient, 30 epochs: meant for a GPU backend. `tiny`: the test profile.
 */
export const DEMO_PROFILES: Readonly<Record<string, DemoProfile>> = Object.freeze({
  quick: {
    name: 'quick',
    purpose: 'a 2-core CPU run in under 10 minutes: small inputs, few epochs; numbers show the pipeline works, not the paper\'s results',
    patients: 121,
    slicesPerSeries: 5,
    slicesPerPatient: 1,
    inputSize: 64,
    inputSizeOverrides: {},
    epochs: 3,
    batchSize: 8,
    learningRate: 1e-3,
    learningRateOverrides: { efficientnet_b3: 3e-4, mvitv2_tiny: 3e-4 },
    weightDecay: 0.05,
    augmentation: false,
    internalFraction: 0.2,
    backbones: paperBackbones,
    galleryCases: 4,
    workers: 2,
  },
  paper: {
    name: 'paper',
    purpose: 'the paper\'s backbones at full size (224 px, EfficientNet-B3 at 300 px); meant for a GPU backend',
    patients: 121,
    slicesPerSeries: 11,
    slicesPerPatient: 5,
    inputSize: 224,
    inputSizeOverrides: { efficientnet_b3: 300 },
    epochs: 30,
    batchSize: 16,
    learningRate: 3e-4,
    learningRateOverrides: {},
    weightDecay: 0.05,
    augmentation: true,
    internalFraction: 0.2,
    backbones: paperBackbones,
    galleryCases: 6,
    workers: 0,
  },
  tiny: {
    name: 'tiny',
    purpose: 'the CI test of the demo\'s code path: 12 patients, 32 px, one epoch, two small backbones',
    patients: 12,
    slicesPerSeries: 3,
    slicesPerPatient: 1,
    inputSize: 32,
    inputSizeOverrides: {},
    epochs: 1,
    batchSize: 4,
    learningRate: 1e-3,
    learningRateOverrides: {},
    weightDecay: 0.05,
    augmentation: false,
    internalFraction: 0.25,
    backbones: ['resnet34', 'efficientnet_b3'],
    galleryCases: 2,
    workers: 0,
  },
});

/** The named profile; an unknown name throws listing the valid ones. */
export function getDemoProfile(name: string): DemoProfile {
  const profile = DEMO_PROFILES[name];
  if (profile === undefined) {
    throw new InvalidArgumentError(`spinedx demo: unknown profile '${name}'; valid profiles: ${Object.keys(DEMO_PROFILES).join(', ')}`, { code: 'UNKNOWN_PROFILE' });
  }
  return { ...profile, backbones: [...profile.backbones], inputSizeOverrides: { ...profile.inputSizeOverrides }, learningRateOverrides: { ...profile.learningRateOverrides } };
}

/** Learning rate of a backbone under a profile. */
export function learningRateFor(profile: DemoProfile, backbone: string): number {
  return profile.learningRateOverrides[backbone] ?? profile.learningRate;
}

/** Input size of a backbone under a profile. */
export function inputSizeFor(profile: DemoProfile, backbone: string): number {
  return profile.inputSizeOverrides[backbone] ?? profile.inputSize;
}
