import { describe, expect, it } from 'vitest';
import { createSchedule } from './schedules';

describe('createSchedule', () => {
  it('should warm up linearly then decay by half-cosine to the minimum', () => {
    const schedule = createSchedule({ kind: 'cosine', warmupSteps: 4, minLearningRate: 0 }, 1, 14);
    expect([0, 1, 3].map((step) => schedule.learningRateAt(step, 0))).toEqual([0.25, 0.5, 1]);
    expect(schedule.learningRateAt(9, 0)).toBeCloseTo(0.5, 10);
    expect(schedule.learningRateAt(14, 0)).toBeCloseTo(0, 10);
  });

  it('should divide by ten every stepSize epochs', () => {
    const schedule = createSchedule({ kind: 'step', stepSize: 2 }, 1, 100);
    expect([0, 1, 2, 4].map((epoch) => schedule.learningRateAt(0, epoch))).toEqual([1, 1, 0.1, 0.1 ** 2]);
  });

  it('should cut the rate after patience epochs without improvement and restore its state', () => {
    const schedule = createSchedule({ kind: 'plateau', patience: 1, factor: 0.5 }, 1, 100);
    for (const loss of [1, 0.9, 0.95, 0.96]) schedule.observe(loss);
    expect(schedule.learningRateAt(0, 4)).toBe(0.5);
    const copy = createSchedule({ kind: 'plateau', patience: 1, factor: 0.5 }, 1, 100);
    copy.restore(schedule.state());
    expect(copy.learningRateAt(0, 4)).toBe(0.5);
  });
});
