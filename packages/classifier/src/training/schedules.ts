import { InvalidArgumentError } from '@spinedx/core';

/** Learning-rate schedule settings. */
export type ScheduleOptions =
  | { kind: 'constant' }
  | { kind: 'cosine'; warmupSteps?: number; minLearningRate?: number }
  | { kind: 'step'; stepSize: number; gamma?: number }
  | { kind: 'plateau'; patience?: number; factor?: number; minLearningRate?: number };

/** A schedule: the learning rate for a step, and (for 'plateau') a hook fed the validation loss after each epoch. */
export interface Schedule {
  learningRateAt(step: number, epoch: number): number;
  /** Plateau only: records an epoch's validation loss. Other schedules ignore it. */
  observe(validationLoss: number): void;
  /** Serializable state (the plateau counters), for resumable training. */
  state(): Record<string, number>;
  restore(state: Record<string, number>): void;
}

/**
 * Creates a schedule around `baseLearningRate` for a run of `totalSteps` optimizer steps.
 * - cosine: linear warm-up from 0 over `warmupSteps`, then half-cosine decay to `minLearningRate` at `totalSteps`;
 * - step: multiply by `gamma` (0.1) every `stepSize` epochs;
 * - plateau: multiply by `factor` (0.1) after `patience` (2) epochs without a lower validation loss.
 */
export function createSchedule(options: ScheduleOptions, baseLearningRate: number, totalSteps: number): Schedule {
  if (!(baseLearningRate > 0)) throw new InvalidArgumentError(`createSchedule: learning rate must be > 0, received ${baseLearningRate}`);
  let plateauScale = 1;
  let best = Infinity;
  let badEpochs = 0;
  return {
    learningRateAt(step, epoch) {
      switch (options.kind) {
        case 'constant':
          return baseLearningRate;
        case 'cosine': {
          const warmup = options.warmupSteps ?? 0;
          const minimum = options.minLearningRate ?? 0;
          if (step < warmup) return (baseLearningRate * (step + 1)) / warmup;
          const progress = Math.min(1, (step - warmup) / Math.max(1, totalSteps - warmup));
          return minimum + 0.5 * (baseLearningRate - minimum) * (1 + Math.cos(Math.PI * progress));
        }
        case 'step':
          return baseLearningRate * (options.gamma ?? 0.1) ** Math.floor(epoch / options.stepSize);
        case 'plateau':
          return Math.max(options.minLearningRate ?? 0, baseLearningRate * plateauScale);
      }
    },
    observe(validationLoss) {
      if (options.kind !== 'plateau') return;
      if (validationLoss < best - 1e-12) {
        best = validationLoss;
        badEpochs = 0;
      } else if (++badEpochs > (options.patience ?? 2)) {
        plateauScale *= options.factor ?? 0.1;
        badEpochs = 0;
      }
    },
    state: () => ({ plateauScale, best, badEpochs }),
    restore(state) {
      plateauScale = state.plateauScale ?? 1;
      best = state.best ?? Infinity;
      badEpochs = state.badEpochs ?? 0;
    },
  };
}
