/** A seeded pseudo-random generator: every random choice in SpineDx goes through one of these. */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform float in [min, max). */
  uniform(min: number, max: number): number;
  /** Uniform integer in [min, max] (both inclusive). */
  integer(min: number, max: number): number;
  /** Standard normal sample (Box-Muller). */
  normal(mean?: number, std?: number): number;
  /** A new independent generator derived from this one, for splitting streams deterministically. */
  fork(): Random;
}

/**
 * Creates a deterministic generator (sfc32 seeded through splitmix32): the same seed gives the same
 * sequence on every platform, in Node and in browsers.
 */
export function createRandom(seed: number): Random {
  let state = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
  const splitmix = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const nextUint32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let index = 0; index < 12; index++) nextUint32();
  let spare: number | undefined;
  const random: Random = {
    next: () => nextUint32() / 4294967296,
    uniform: (min, max) => min + (max - min) * random.next(),
    integer: (min, max) => min + Math.floor(random.next() * (max - min + 1)),
    normal: (mean = 0, std = 1) => {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return mean + std * value;
      }
      let u = 0;
      while (u === 0) u = random.next();
      const v = random.next();
      const radius = Math.sqrt(-2 * Math.log(u));
      spare = radius * Math.sin(2 * Math.PI * v);
      return mean + std * radius * Math.cos(2 * Math.PI * v);
    },
    fork: () => createRandom(nextUint32()),
  };
  return random;
}
