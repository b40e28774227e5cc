import type { DiagnosticReport } from './diagnostic-report';

/**
 * JSON text of a report (or any result object). JSON has no NaN or Infinity, so non-finite numbers are
 * written as the strings "NaN", "Infinity" and "-Infinity" (the convention of the golden fixtures) instead
 * of silently becoming null.
 */
export function renderReportJson(report: DiagnosticReport | readonly DiagnosticReport[] | object, indent = 2): string {
  return JSON.stringify(
    report,
    (_key, value: unknown) => {
      if (typeof value !== 'number' || Number.isFinite(value)) return value;
      if (Number.isNaN(value)) return 'NaN';
      return value > 0 ? 'Infinity' : '-Infinity';
    },
    indent,
  );
}
