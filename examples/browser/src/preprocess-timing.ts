import { createRandom, type ImageArray } from '@spinedx/core';
import { preprocessFor } from '@spinedx/transforms';

/** The benchmark's model input: 224x224x3 after a bilinear resize with timm's 0.875 crop, ImageNet-style mean/std. */
export const timingConfig = {
  inputSize: [3, 224, 224] as const,
  interpolation: 'bilinear' as const,
  cropPct: 0.875,
  mean: [0.485, 0.456, 0.406] as const,
  std: [0.229, 0.224, 0.225] as const,
};

/** A 512x512 float32 MR-like slice (dark background, bright body, noise), the same in Node and every browser. */
export function timingSlice(size = 512): ImageArray<Float32Array> {
  const random = createRandom(2023);
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = Math.abs(x - size / 2) < size / 5 && y > size / 10 && y < (size * 9) / 10;
      data[y * size + x] = (inside ? 900 + 300 * Math.sin(y / 9) : 30) + random.uniform(0, 80);
    }
  }
  return { data, height: size, width: size, channels: 1, spacing: [0.5, 0.5] };
}

/** Result of {@link timePreprocessing}. */
export interface PreprocessTiming {
  /** Median over rounds of the mean time per image, in ms. */
  msPerImage: number;
  /** Sum of the output values in float64: equal in Node and the browser when the pipeline computes the same. */
  checksum: number;
}

/**
 * Times the evaluation pipeline (`preprocessFor(config, { reuseOutput: true }).evaluation`) on {@link timingSlice}:
 * `rounds` rounds of `perRound` images after a warm-up round, with `performance.now`.
 */
export function timePreprocessing(rounds = 7, perRound = 50): PreprocessTiming {
  const image = timingSlice();
  const evaluation = preprocessFor(timingConfig, { reuseOutput: true }).evaluation;
  for (let index = 0; index < perRound; index++) evaluation(image);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (let index = 0; index < perRound; index++) evaluation(image);
    times.push((performance.now() - start) / perRound);
  }
  times.sort((a, b) => a - b);
  let checksum = 0;
  for (const value of evaluation(image).data) checksum += value;
  return { msPerImage: times[Math.floor(times.length / 2)]!, checksum };
}
