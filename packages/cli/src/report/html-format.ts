/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A figure with three decimals, or an en dash when undefined. */
export function formatFigure(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

/** `lower–upper` with three decimals, or an empty string without an interval. */
export function formatInterval(interval: readonly [number, number] | null | undefined, digits = 3): string {
  return interval === null || interval === undefined ? '' : `${interval[0].toFixed(digits)}–${interval[1].toFixed(digits)}`;
}

/** A p-value as journals print it. */
export function formatP(value: number): string {
  if (Number.isNaN(value)) return '–';
  return value < 0.001 ? '&lt; 0.001' : value.toFixed(3);
}

/** Seconds as `1 min 23 s` or `4.2 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** A `data:` URI of bytes (base64), for images embedded in the single-file report. */
export function dataUri(mime: string, bytes: Uint8Array): string {
  return `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
}
