import { createRandom } from '@spinedx/core';
import type { ModelRunResult, StudyReportInput } from '../build-study-report';
import { renderGalleryImages } from '../gallery-images';
import type { ScoredSet } from '../scored-set';

/**
 * A hand-made study input: `patients` patients per set with 3 slices each, scores that separate the classes
 * by `separation` (larger = better model), a synthetic slice with a disc-shaped lesion and a CAM peaking on it.
 */
export function makeStudyInput(seed: number, options: { patients?: number; backbones?: string[] } = {}): StudyReportInput {
  const random = createRandom(seed);
  const patients = options.patients ?? 12;
  const backbones = options.backbones ?? ['mvitv2_tiny', 'efficientnet_b3', 'resnet101', 'resnet34'];
  const makeSet = (prefix: string): Omit<ScoredSet, 'yScore'> => {
    const set: Omit<ScoredSet, 'yScore'> = { sampleIds: [], patientIds: [], yTrue: [] };
    for (let patient = 0; patient < patients; patient++) {
      for (let slice = 0; slice < 3; slice++) {
        set.sampleIds.push(`${prefix}-${patient}/${slice}`);
        set.patientIds.push(`${prefix}-${patient}`);
        set.yTrue.push(patient % 2);
      }
    }
    return set;
  };
  const internal = makeSet('INT');
  const external = makeSet('EXT');
  const score = (labels: number[], separation: number): number[] => labels.map((label) => 1 / (1 + Math.exp(-(random.normal(0, 1) + (label === 1 ? separation : -separation)))));
  const size = 48;
  const image = { data: new Float32Array(size * size), height: size, width: size, channels: 1 };
  const mask = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      image.data[y * size + x] = 200 + 100 * Math.sin(x / 5) + random.normal(0, 10);
      if ((x - 30) ** 2 + (y - 20) ** 2 < 36) {
        mask[y * size + x] = 1;
        image.data[y * size + x] = 600;
      }
    }
  }
  const cam = { height: 6, width: 6, cam: Float32Array.from({ length: 36 }, (_, index) => Math.exp(-(((index % 6) - 3.75) ** 2 + (Math.floor(index / 6) - 2.5) ** 2) / 2)) };
  const images = renderGalleryImages({ image, mask, cam }, 96);
  const models: ModelRunResult[] = backbones.map((backbone, index) => ({
    backbone,
    displayName: backbone.toUpperCase(),
    parameters: 1000 * (index + 1),
    training: { epochs: 2, bestEpoch: 2, seconds: 1.5, history: [{ epoch: 1, trainLoss: 0.7, validationLoss: 0.69, validationAuc: 0.6 }, { epoch: 2, trainLoss: 0.6, validationLoss: 0.65, validationAuc: 0.7 }] },
    internal: { ...internal, yScore: score(internal.yTrue, 0.5 + index * 0.3) },
    external: { ...external, yScore: score(external.yTrue, 0.3 + index * 0.25) },
    localization: { cases: 2, pointingGame: 0.5, energyInMask: 0.3, method: 'gradcam', camSize: [6, 6] },
    gallery: [
      { patientId: 'EXT-1', site: 'site-c', truth: 'SM', predicted: 'SM', probability: 0.8, sliceIndex: 5, pointingHit: true, energyInMask: 0.4, ...images },
      { patientId: 'EXT-2', site: 'site-d', truth: 'STB', predicted: 'SM', probability: 0.6, sliceIndex: 4, pointingHit: false, energyInMask: 0.1, ...images },
    ],
    timings: { trainSeconds: 1, evaluateSeconds: 0.5, gradcamSeconds: 0.2 },
  }));
  const patientIds = Array.from({ length: patients }, (_, patient) => `EXT-${patient}`);
  const truth = patientIds.map((_, patient) => patient % 2);
  const noisy = (accuracy: number): number[] => truth.map((label) => (random.next() < accuracy ? label : 1 - label));
  return {
    generatedAt: '2024-01-01T00:00:00.000Z',
    classes: ['STB', 'SM'],
    config: {
      profile: 'test',
      seed,
      backbones,
      cohort: { patients: patients * 2, slicesPerSeries: 11, slicesPerPatient: 3, sites: [{ id: 'site-a', role: 'development', patients }, { id: 'site-c', role: 'external', patients }] },
      split: { internalFraction: 0.25, trainPatients: patients, internalPatients: patients, externalPatients: patients },
      model: { inputSize: 32, inChannels: 1, classes: ['STB', 'SM'] },
      training: { epochs: 2, batchSize: 8 },
      threshold: 0.5,
      patientAggregation: 'mean',
      gradcam: { method: 'gradcam', galleryCases: 2 },
    },
    environment: { backend: 'cpu', backendSource: '@tensorflow/tfjs-backend-cpu', node: process.version, platform: 'linux-x64', cpus: 2, workers: 0, packages: { '@spinedx/cli': '0.1.0' } },
    phases: { cohort: 1, training: 2 },
    totalSeconds: 3,
    models,
    readers: {
      source: 'simulated',
      description: 'Two simulated readers.',
      patientIds,
      truth,
      readers: [
        { name: 'Reader 1', experience: 'senior', calls: noisy(0.85), profile: { sensitivity: 0.88, specificity: 0.84, difficultyPenalty: 1.6 } },
        { name: 'Reader 2', experience: 'junior', calls: noisy(0.7) },
      ],
    },
  };
}
