import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One case of a golden file (fixtures/golden/SPEC.md). */
export interface GoldenCase {
  input_shape: [number, number, number, number];
  logits: number[][];
  pooled: number[][];
}

/** A golden file: timm model id, seed, state-dict names and shapes, cases. */
export interface GoldenFile {
  model: string;
  seed: number;
  params: [string, number[]][];
  cases: GoldenCase[];
}

/** Reads `fixtures/golden/<model>.seed<seed>.json` from the repository's fixtures. */
export function readGolden(model: string, seed = 0): GoldenFile {
  const path = fileURLToPath(new URL(`../../../fixtures/golden/${model}.seed${seed}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as GoldenFile;
}
