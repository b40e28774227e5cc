/** A smooth random field: `noise(u, v)` in [-1, 1], one lattice cell per unit, continuous everywhere. */
export type ValueNoise = (u: number, v: number) => number;

const SIZE = 256;
const WRAP = SIZE - 1;

/**
 * Seeded 2-D value noise: a 256 × 256 lattice of hashed random values (periodic), smoothstep-blended.
 * Used for tissue texture and irregular lesion borders; a table lookup keeps it cheap enough to call
 * several times per pixel.
 */
export function createValueNoise(seed: number): ValueNoise {
  const lattice = new Float32Array(SIZE * SIZE);
  const salt = Math.imul(seed | 0, 0x27d4eb2d) ^ 0x165667b1;
  for (let index = 0; index < lattice.length; index++) {
    let hash = Math.imul(index, 0x85ebca6b) ^ salt;
    hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
    hash = Math.imul(hash ^ (hash >>> 12), 0x297a2d39);
    hash ^= hash >>> 15;
    lattice[index] = (hash >>> 0) / 2147483648 - 1;
  }
  return (u, v) => {
    const fu = Math.floor(u);
    const fv = Math.floor(v);
    const tu = u - fu;
    const tv = v - fv;
    const su = tu * tu * (3 - 2 * tu);
    const sv = tv * tv * (3 - 2 * tv);
    const column = fu & WRAP;
    const nextColumn = (fu + 1) & WRAP;
    const row = (fv & WRAP) * SIZE;
    const nextRow = ((fv + 1) & WRAP) * SIZE;
    const a = lattice[row + column]!;
    const b = lattice[row + nextColumn]!;
    const c = lattice[nextRow + column]!;
    const d = lattice[nextRow + nextColumn]!;
    const top = a + (b - a) * su;
    const bottom = c + (d - c) * su;
    return top + (bottom - top) * sv;
  };
}
