import { InvalidArgumentError } from '@spinedx/core';
import { betaQuantile } from './beta-binomial';
import { checkOpenUnit, checkOption } from './input-checks';
import { normalQuantile } from './normal-distribution';

/** Interval methods of {@link proportionConfint}. */
export type ProportionConfintMethod = 'wilson' | 'clopper-pearson' | 'normal';

/** Options of {@link proportionConfint}. */
export interface ProportionConfintOptions {
  /** `'wilson'` (default, score interval), `'clopper-pearson'` (exact, beta quantiles) or `'normal'` (Wald, clipped). */
  method?: ProportionConfintMethod;
  /** 1 − confidence level; default 0.05. */
  alpha?: number;
}

const methods: readonly ProportionConfintMethod[] = ['wilson', 'clopper-pearson', 'normal'];

/**
 * Two-sided confidence interval `[lower, upper]` for a binomial proportion `count / nobs`, as statsmodels'
 * `proportion_confint` (`'clopper-pearson'` is its `'beta'`): use it for sensitivity, specificity, accuracy.
 */
export function proportionConfint(count: number, nobs: number, options: ProportionConfintOptions = {}): [number, number] {
  const fn = 'proportionConfint';
  const method = checkOption(fn, 'options.method', options.method ?? 'wilson', methods);
  const alpha = options.alpha ?? 0.05;
  checkOpenUnit(fn, 'options.alpha', alpha);
  if (!Number.isInteger(nobs) || nobs < 1) throw new InvalidArgumentError(`${fn}: expected nobs to be a positive integer, received ${nobs}`, { code: 'OUT_OF_RANGE' });
  if (!Number.isInteger(count) || count < 0 || count > nobs) {
    throw new InvalidArgumentError(`${fn}: expected count to be an integer in [0, ${nobs}], received ${count}`, { code: 'OUT_OF_RANGE' });
  }
  const proportion = count / nobs;
  if (method === 'clopper-pearson') {
    const lower = count === 0 ? 0 : betaQuantile(alpha / 2, count, nobs - count + 1);
    // Upper tail through the mirrored distribution keeps small tail probabilities precise.
    const upper = count === nobs ? 1 : 1 - betaQuantile(alpha / 2, nobs - count, count + 1);
    return [lower, upper];
  }
  const critical = -normalQuantile(alpha / 2);
  if (method === 'normal') {
    const distance = critical * Math.sqrt((proportion * (1 - proportion)) / nobs);
    return [Math.min(1, Math.max(0, proportion - distance)), Math.min(1, Math.max(0, proportion + distance))];
  }
  const criticalSquared = critical * critical;
  const denominator = 1 + criticalSquared / nobs;
  const center = (proportion + criticalSquared / (2 * nobs)) / denominator;
  const distance = (critical * Math.sqrt((proportion * (1 - proportion)) / nobs + criticalSquared / (4 * nobs * nobs))) / denominator;
  return [center - distance, center + distance];
}
