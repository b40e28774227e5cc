// Reference values: scipy 1.10.1 (Debian 12), e.g. `scipy.special.erfc(2.4)`, `scipy.stats.norm.ppf(0.0005)`,
// `scipy.stats.beta.ppf(0.025, 12345, 987656)`, `scipy.stats.binom.cdf(1000, 2100, 0.5)`.
import { describe, expect, it } from 'vitest';
import { betaQuantile, binomialHalfCdf, incompleteBeta } from './beta-binomial';
import { chiSquareOneSurvival, erfc, normalCdf, normalQuantile } from './normal-distribution';

const relativeError = (got: number, expected: number): number => Math.abs(got - expected) / Math.abs(expected);

describe('erfc', () => {
  it.each([
    [0.1, 0.8875370839817152],
    [2.4, 0.0006885138966450789],
    [2.6, 0.000236034416529349],
    [10, 2.0884875837625446e-45],
    [25, 8.300172571196523e-274],
  ])('should match scipy at %d to 1e-12 relative', (x, expected) => {
    expect(relativeError(erfc(x), expected)).toBeLessThan(1e-12);
  });
  it('should reach exactly 0 and 2 in the far tails', () => {
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
  });
});

describe('normalCdf', () => {
  it('should keep relative precision deep in the lower tail', () => {
    expect(relativeError(normalCdf(-30), 4.906713927147908e-198)).toBeLessThan(1e-12);
    expect(relativeError(normalCdf(-8), 6.22096057427174e-16)).toBeLessThan(1e-12);
  });
});

describe('normalQuantile', () => {
  it.each([
    [1e-300, -37.0470962993612],
    [1e-10, -6.361340902404056],
    [0.0005, -3.2905267314918945],
    [0.025, -1.959963984540054],
    [0.975, 1.959963984540054],
  ])('should invert the normal CDF at %d', (p, expected) => {
    expect(relativeError(normalQuantile(p), expected)).toBeLessThan(1e-12);
  });
});

describe('chiSquareOneSurvival', () => {
  it('should match scipy.stats.chi2.sf(x, 1)', () => {
    expect(relativeError(chiSquareOneSurvival(3.61), 0.05743311963200335)).toBeLessThan(1e-12);
    expect(chiSquareOneSurvival(0)).toBe(1);
  });
});

describe('incompleteBeta', () => {
  it('should match scipy.special.betainc, huge parameters included', () => {
    expect(relativeError(incompleteBeta(0.3, 2, 5), 0.5798250000000003)).toBeLessThan(1e-12);
    expect(relativeError(incompleteBeta(0.9, 50, 3), 0.09663328513725222)).toBeLessThan(1e-12);
    expect(relativeError(incompleteBeta(0.0123, 12345, 987656), 0.3427506638333266)).toBeLessThan(1e-8);
  });
});

describe('betaQuantile', () => {
  it('should match scipy.stats.beta.ppf for small tails and skewed shapes', () => {
    expect(relativeError(betaQuantile(0.025, 1, 1000), 2.531748749129404e-5)).toBeLessThan(1e-10);
    expect(relativeError(betaQuantile(0.025, 12345, 987656), 0.01212949382560612)).toBeLessThan(1e-10);
    expect(relativeError(betaQuantile(0.005, 3, 8), 0.03700722109623209)).toBeLessThan(1e-12);
  });
});

describe('binomialHalfCdf', () => {
  it('should match scipy.stats.binom.cdf(k, n, 0.5)', () => {
    expect(relativeError(binomialHalfCdf(40, 100), 0.028443966820490444)).toBeLessThan(1e-12);
    expect(relativeError(binomialHalfCdf(1000, 2100), 0.015360353932121245)).toBeLessThan(1e-10);
    expect(binomialHalfCdf(5, 5)).toBe(1);
    expect(relativeError(binomialHalfCdf(0, 3), 0.125)).toBeLessThan(1e-15);
  });
});
