/** Largest absolute difference between `got` and `want`, relative to the largest magnitude in `want`. */
export function relativeDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 0;
  let difference = 0;
  for (let index = 0; index < want.length; index++) {
    scale = Math.max(scale, Math.abs(want[index]!));
    difference = Math.max(difference, Math.abs(got[index]! - want[index]!));
  }
  return difference / scale;
}
