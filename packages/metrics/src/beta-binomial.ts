// Incomplete beta, its inverse and the binomial CDF for Clopper-Pearson intervals and the exact McNemar test.

const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7), relative accuracy about 1e-15. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const shifted = x - 1;
  let total = lanczos[0]!;
  for (let index = 1; index < lanczos.length; index++) total += lanczos[index]! / (shifted + index);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(total);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Regularized incomplete beta I_x(a, b), a, b > 0 (continued fraction, modified Lentz). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  // The fraction converges fast below the mean; above it use I_x(a, b) = 1 − I_{1−x}(b, a).
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const maxIterations = 10_000 + 20 * Math.ceil(Math.sqrt(Math.max(a, b)));
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let value = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let coefficient = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + coefficient * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + coefficient / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    value *= d * c;
    coefficient = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + coefficient * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + coefficient / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = d * c;
    value *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return value;
}

/** Quantile of the Beta(a, b) distribution: x with I_x(a, b) = p (Newton's method inside a shrinking bracket). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logNormalizer = logBeta(a, b);
  let low = 0;
  let high = 1;
  let x = a / (a + b);
  for (let iteration = 0; iteration < 1000; iteration++) {
    const error = incompleteBeta(x, a, b) - p;
    if (error === 0) return x;
    if (error < 0) low = x;
    else high = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logNormalizer);
    let next = x - error / density;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - x) <= 1e-15 * next || high - low <= 1e-300) return next;
    x = next;
  }
  return x;
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2), summed from k down (the terms shrink, so small tails keep their precision). */
export function binomialHalfCdf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // ln C(n, k) as a sum of k logarithms: exact to rounding for any n, unlike differences of ln Γ.
  let logChoose = 0;
  for (let index = 1; index <= k; index++) logChoose += Math.log((n - k + index) / index);
  let term = Math.exp(logChoose - n * Math.LN2);
  let total = 0;
  for (let index = k; index >= 0 && term > 0; index--) {
    total += term;
    if (term < total * 1e-17) break;
    term *= index / (n - index + 1);
  }
  return Math.min(1, total);
}
