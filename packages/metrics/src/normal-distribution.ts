// Standard normal and chi-square(1) functions to near double precision, for the p-values and intervals of
// DeLong, McNemar and the proportion CIs (references compare at relative 1e-6, deep in the tails too).

const twoOverRootPi = 1.1283791670955126;

/** Complementary error function, relative accuracy about 1e-14 for any x. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x > 27.3) return 0; // below the smallest double, and the fraction would see Infinity
  if (x < 2.5) return 1 - erfSeries(x);
  return erfcContinuedFraction(x);
}

// erf(x) = 2/√π · e^{−x²} · Σ (2x²)^n x / (1·3·…·(2n+1)): every term positive, so no cancellation.
function erfSeries(x: number): number {
  const square = x * x;
  let term = x;
  let total = x;
  for (let index = 1; index < 500; index++) {
    term *= (2 * square) / (2 * index + 1);
    total += term;
    if (term < total * 1e-17) break;
  }
  return twoOverRootPi * Math.exp(-square) * total;
}

// Lentz's continued fraction erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), fast for x ≥ 2.5.
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let value = x;
  let numerator = x;
  let denominator = 0;
  for (let index = 1; index < 500; index++) {
    const coefficient = index / 2;
    denominator = x + coefficient * denominator;
    denominator = denominator === 0 ? tiny : denominator;
    numerator = x + coefficient / numerator;
    numerator = numerator === 0 ? tiny : numerator;
    denominator = 1 / denominator;
    const delta = numerator * denominator;
    value *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (twoOverRootPi / 2) * Math.exp(-x * x) / value;
}

/** Standard normal cumulative distribution Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

// Acklam's rational approximation (relative error 1.2e-9), then Halley steps on Φ to full precision.
const lowerA = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const lowerB = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const tailC = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const tailD = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

function polynomial(coefficients: number[], x: number): number {
  return coefficients.reduce((total, coefficient) => total * x + coefficient, 0);
}

/** Standard normal quantile Φ⁻¹(p) for p in (0, 1); ±Infinity at 0 and 1. */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normalQuantile(1 - p);
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = polynomial(tailC, q) / (polynomial(tailD, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (polynomial(lowerA, r) * q) / (polynomial(lowerB, r) * r + 1);
  }
  for (let step = 0; step < 3; step++) {
    const error = normalCdf(x) - p;
    const u = error * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    const next = x - u / (1 + (x * u) / 2);
    if (next === x) break;
    x = next;
  }
  return x;
}

/** Survival function of the chi-square distribution with one degree of freedom: P(χ²₁ > x) = erfc(√(x/2)). */
export function chiSquareOneSurvival(x: number): number {
  if (x <= 0) return 1;
  return erfc(Math.sqrt(x / 2));
}
