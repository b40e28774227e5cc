/** Sorted distinct values of all arrays together (scikit-learn's `unique_labels`). */
export function sortedUniqueLabels(...arrays: ArrayLike<number>[]): number[] {
  const seen = new Set<number>();
  for (const values of arrays) for (let index = 0; index < values.length; index++) seen.add(values[index]!);
  return [...seen].sort((left, right) => left - right);
}

/** Map from label value to its position in `labels`. */
export function createLabelIndex(labels: readonly number[]): Map<number, number> {
  const index = new Map<number, number>();
  labels.forEach((label, position) => index.set(label, position));
  return index;
}
