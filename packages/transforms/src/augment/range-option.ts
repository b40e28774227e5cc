import { InvalidArgumentError, type Random } from '@spinedx/core';

/** A closed interval `[min, max]` a random parameter is drawn from uniformly. */
export type Range = readonly [number, number];

/** Validates a range (finite, min <= max, optionally within bounds) and draws from it uniformly. */
export function drawFromRange(random: Random, range: Range, caller: string, name: string, bounds: Range = [-Infinity, Infinity]): number {
  const [min, max] = range;
  if (!(Number.isFinite(min) && Number.isFinite(max) && min <= max && min >= bounds[0] && max <= bounds[1])) {
    throw new InvalidArgumentError(`${caller}: ${name} must be a range [min, max] with min <= max within [${bounds[0]}, ${bounds[1]}], received [${String(min)}, ${String(max)}]`, {
      code: 'OUT_OF_RANGE',
    });
  }
  return min === max ? min : random.uniform(min, max);
}
