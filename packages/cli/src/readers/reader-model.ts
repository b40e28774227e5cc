import { createRandom, InvalidArgumentError } from '@spinedx/core';

/**
 * How a simulated reader errs. On an easy case the reader calls a positive (metastasis) correctly with
 * probability `sensitivity` and a negative (tuberculosis) with `specificity`; a case's difficulty d in [0, 1]
 * lowers the log-odds of a correct call by `difficultyPenalty · d`:
 * `P(correct) = σ(logit(base) − difficultyPenalty · d)`.
 */
export interface ReaderProfile {
  name: string;
  /** Free text shown in the report, e.g. 'senior, 15 years of spine MR'. */
  experience: string;
  sensitivity: number;
  specificity: number;
  difficultyPenalty: number;
}

/** One case a reader reads: its truth (1 = positive class) and how hard it is. */
export interface ReaderCase {
  patientId: string;
  truth: 0 | 1;
  /** 0 = textbook case, 1 = hardest (mimic presentation and small lesion). */
  difficulty: number;
}

/**
 * The two readers of the demo, of different experience (illustrative figures, not taken from the paper): the
 * senior reader is more accurate and loses less on hard cases than the junior one.
 */
export const DEFAULT_READERS: readonly ReaderProfile[] = Object.freeze([
  Object.freeze({ name: 'Reader 1', experience: 'senior (simulated): 15 years of spine MR', sensitivity: 0.88, specificity: 0.84, difficultyPenalty: 1.6 }),
  Object.freeze({ name: 'Reader 2', experience: 'junior (simulated): 3 years of spine MR', sensitivity: 0.78, specificity: 0.7, difficultyPenalty: 2.4 }),
]);

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Probability that `reader` calls `readerCase` correctly under the model of {@link ReaderProfile}. */
export function correctCallProbability(reader: ReaderProfile, readerCase: ReaderCase): number {
  const base = readerCase.truth === 1 ? reader.sensitivity : reader.specificity;
  return sigmoid(logit(base) - reader.difficultyPenalty * readerCase.difficulty);
}

/**
 * Difficulty of a phantom patient for a human reader: a mimic presentation (the other class's pattern) counts
 * 0.6, a lesion smaller than the cohort's median size up to 0.4 more (linearly down to no lesion at all).
 */
export function caseDifficulty(presentation: 'typical' | 'mimic', lesionPixels: number, medianLesionPixels: number): number {
  const sizeTerm = medianLesionPixels > 0 ? Math.max(0, 1 - lesionPixels / medianLesionPixels) : 0;
  return Math.min(1, (presentation === 'mimic' ? 0.6 : 0) + 0.4 * sizeTerm);
}

/**
 * Seeded calls (1 = positive) of a simulated reader on `cases`, in their order. The same seed, reader and cases
 * give the same calls; each reader draws from its own stream, so adding a reader never changes another's calls.
 */
export function simulateReader(reader: ReaderProfile, cases: readonly ReaderCase[], seed: number): (0 | 1)[] {
  checkProfile(reader);
  let readerSeed = seed >>> 0;
  for (const character of reader.name) readerSeed = (Math.imul(readerSeed, 31) + character.charCodeAt(0)) >>> 0;
  const random = createRandom(readerSeed);
  return cases.map((readerCase) => {
    if (!(readerCase.difficulty >= 0 && readerCase.difficulty <= 1)) {
      throw new InvalidArgumentError(`simulateReader: expected difficulty in [0, 1] for '${readerCase.patientId}', received ${String(readerCase.difficulty)}`, { code: 'OUT_OF_RANGE' });
    }
    const correct = random.next() < correctCallProbability(reader, readerCase);
    return (correct ? readerCase.truth : 1 - readerCase.truth) as 0 | 1;
  });
}

function checkProfile(reader: ReaderProfile): void {
  for (const key of ['sensitivity', 'specificity'] as const) {
    const value = reader[key];
    if (!(value > 0 && value < 1)) {
      throw new InvalidArgumentError(`simulateReader: expected ${key} of '${reader.name}' in (0, 1), received ${String(value)}`, { code: 'OUT_OF_RANGE' });
    }
  }
  if (!(reader.difficultyPenalty >= 0 && Number.isFinite(reader.difficultyPenalty))) {
    throw new InvalidArgumentError(`simulateReader: expected a finite difficultyPenalty >= 0 for '${reader.name}', received ${String(reader.difficultyPenalty)}`, {
      code: 'OUT_OF_RANGE',
    });
  }
}
