import { join } from 'node:path';
import { SpineClassifier } from '@spinedx/classifier';
import { saveClassifier } from '@spinedx/classifier/node';

/** The small model of the end-to-end tests: an untrained resnet18 on 64 x 64 grey input, fixed seed
 * (64, not 32: at stride 32 the CAM then has 2 x 2 cells, so the overlay shows a real gradient). */
export async function createTestClassifier(seed = 3): Promise<SpineClassifier> {
  return SpineClassifier.create({ backbone: 'resnet18', inputSize: 64, inChannels: 1, seed });
}

/** Saves a classifier as a bundle folder (spinedx.json, weights.bin, SHA256SUMS) and returns the three paths. */
export async function writeBundle(classifier: SpineClassifier, directory: string): Promise<string[]> {
  await saveClassifier(classifier, directory);
  return ['spinedx.json', 'weights.bin', 'SHA256SUMS'].map((name) => join(directory, name));
}
