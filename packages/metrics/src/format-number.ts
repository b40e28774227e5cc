/** Fixed decimals, or 'n/a' for NaN and missing values (undefined rates in a report). */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  return value.toFixed(digits);
}

/** `value (lower–upper)`, the way papers print an estimate with its interval. */
export function formatWithInterval(value: number | null | undefined, interval: readonly [number, number] | null | undefined, digits = 3): string {
  if (interval === null || interval === undefined) return formatNumber(value, digits);
  return `${formatNumber(value, digits)} (${formatNumber(interval[0], digits)}–${formatNumber(interval[1], digits)})`;
}

/** A p-value as journals print it: three decimals, or '< 0.001'. */
export function formatPValue(value: number): string {
  if (Number.isNaN(value)) return 'n/a';
  return value < 0.001 ? '< 0.001' : value.toFixed(3);
}
