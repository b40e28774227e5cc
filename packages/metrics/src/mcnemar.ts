import { InvalidArgumentError } from '@spinedx/core';
import { binomialHalfCdf } from './beta-binomial';
import { checkNotEmpty, checkSameLength } from './input-checks';
import { chiSquareOneSurvival } from './normal-distribution';

/** Options of {@link mcnemarTest}. */
export interface McNemarOptions {
  /** Exact binomial test (default true); false uses the chi-square approximation. */
  exact?: boolean;
  /** Continuity correction of the chi-square statistic (default true); ignored when exact. */
  correction?: boolean;
}

/** McNemar statistic and p-value. */
export interface McNemarResult {
  /** Exact: min(b, c). Chi-square: (|b − c| − correction)² / (b + c). */
  statistic: number;
  pValue: number;
}

/**
 * McNemar's test that two classifiers (or a model and a reader) err on the same samples equally often, as
 * statsmodels' `mcnemar` on the table `[[both right, A right B wrong], [A wrong B right, both wrong]]`.
 * `correctA[i]` says whether A was right on sample i.
 */
export function mcnemarTest(correctA: ArrayLike<boolean | number>, correctB: ArrayLike<boolean | number>, options: McNemarOptions = {}): McNemarResult {
  const fn = 'mcnemarTest';
  checkSameLength(fn, ['correctA', 'correctB'], correctA, correctB);
  checkNotEmpty(fn, 'correctA', correctA);
  let onlyA = 0;
  let onlyB = 0;
  for (let index = 0; index < correctA.length; index++) {
    const rightA = asBoolean(fn, 'correctA', correctA[index], index);
    const rightB = asBoolean(fn, 'correctB', correctB[index], index);
    if (rightA && !rightB) onlyA += 1;
    if (!rightA && rightB) onlyB += 1;
  }
  const discordant = onlyA + onlyB;
  if (options.exact ?? true) {
    const statistic = Math.min(onlyA, onlyB);
    return { statistic, pValue: Math.min(1, 2 * binomialHalfCdf(statistic, discordant)) };
  }
  if (discordant === 0) {
    throw new InvalidArgumentError(`${fn}: expected at least one discordant pair for the chi-square test, received none; use exact: true`, {
      code: 'NO_DISCORDANT_PAIRS',
    });
  }
  const correction = (options.correction ?? true) ? 1 : 0;
  // Not clamped at zero, as statsmodels: b = c gives correction² / (b + c).
  const statistic = (Math.abs(onlyA - onlyB) - correction) ** 2 / discordant;
  return { statistic, pValue: chiSquareOneSurvival(statistic) };
}

function asBoolean(fn: string, name: string, value: unknown, index: number): boolean {
  if (value === true || value === 1) return true;
  if (value === false || value === 0) return false;
  throw new InvalidArgumentError(`${fn}: expected booleans (or 0/1) in ${name}, received ${String(value)} at index ${index}`, { code: 'NOT_BINARY' });
}
