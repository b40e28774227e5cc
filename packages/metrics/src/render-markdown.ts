import type { DiagnosticReport, DiagnosticSummary } from './diagnostic-report';
import { formatNumber, formatPValue, formatWithInterval } from './format-number';
import type { ModelComparison } from './model-comparison';

/** Options of {@link renderReportMarkdown}. */
export interface MarkdownReportOptions {
  /** Pairwise tests (from {@link compareModels}) to list under the table. */
  comparisons?: ModelComparison[];
  /** Decimals of every figure; default 3. */
  digits?: number;
  /** Heading of the document; default 'Diagnostic performance'. */
  title?: string;
}

/**
 * Markdown document of one or several models' reports: a summary table (AUC with CI, sensitivity,
 * specificity, PPV, NPV, accuracy with CIs, F1, MCC, Brier), each confusion matrix, subgroup tables and the
 * pairwise DeLong and McNemar tests.
 */
export function renderReportMarkdown(reports: DiagnosticReport | readonly DiagnosticReport[], options: MarkdownReportOptions = {}): string {
  const list = Array.isArray(reports) ? (reports as readonly DiagnosticReport[]) : [reports as DiagnosticReport];
  const digits = options.digits ?? 3;
  const lines = [`# ${options.title ?? 'Diagnostic performance'}`, ''];
  const percent = list.length === 0 ? '95' : formatLevel(list[0]!.level);
  lines.push(`Figures with ${percent}% confidence intervals: AUC by DeLong's method, proportions by Wilson's score interval.`, '');
  lines.push(...summaryTable('Model', list.map((report) => [report.name, report] as const), digits));
  for (const report of list) {
    lines.push('', `## ${escapeCell(report.name)}`, '');
    lines.push(`Threshold ${formatNumber(report.threshold, digits)}; ${report.samples} samples (${report.positives} positive, ${report.negatives} negative).`, '');
    lines.push(...confusionTable(report));
    if (report.youden !== null) {
      lines.push(
        '',
        `Youden-optimal threshold ${formatNumber(report.youden.threshold, digits)}: sensitivity ${formatNumber(report.youden.sensitivity, digits)}, specificity ${formatNumber(report.youden.specificity, digits)}.`,
      );
    }
    if (report.groups !== undefined) {
      lines.push('', `### Subgroups of ${escapeCell(report.name)}`, '');
      lines.push(...summaryTable('Group', Object.entries(report.groups), digits));
    }
  }
  if (options.comparisons !== undefined && options.comparisons.length > 0) {
    lines.push('', '## Pairwise comparisons', '', '| Model A | Model B | AUC A | AUC B | DeLong z | DeLong p | McNemar statistic | McNemar p |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const comparison of options.comparisons) {
      lines.push(
        `| ${escapeCell(comparison.modelA)} | ${escapeCell(comparison.modelB)} | ${formatNumber(comparison.delong.aucA, digits)} | ${formatNumber(comparison.delong.aucB, digits)} | ${formatNumber(comparison.delong.z, 2)} | ${formatPValue(comparison.delong.pValue)} | ${formatNumber(comparison.mcnemar.statistic, 0)} | ${formatPValue(comparison.mcnemar.pValue)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function summaryTable(firstColumn: string, rows: readonly (readonly [string, DiagnosticSummary])[], digits: number): string[] {
  const lines = [
    `| ${firstColumn} | n | AUC (CI) | Sensitivity (CI) | Specificity (CI) | PPV (CI) | NPV (CI) | Accuracy (CI) | F1 | MCC | Brier |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, summary] of rows) {
    const auc = summary.auc === null ? 'n/a' : formatWithInterval(summary.auc.auc, [summary.auc.lower, summary.auc.upper], digits);
    const { rates, intervals } = summary;
    lines.push(
      `| ${escapeCell(name)} | ${summary.samples} | ${auc} | ${formatWithInterval(rates.sensitivity, intervals.sensitivity, digits)} | ${formatWithInterval(rates.specificity, intervals.specificity, digits)} | ${formatWithInterval(rates.positivePredictiveValue, intervals.positivePredictiveValue, digits)} | ${formatWithInterval(rates.negativePredictiveValue, intervals.negativePredictiveValue, digits)} | ${formatWithInterval(rates.accuracy, intervals.accuracy, digits)} | ${formatNumber(summary.f1, digits)} | ${formatNumber(summary.matthews, digits)} | ${formatNumber(summary.brierScore, digits)} |`,
    );
  }
  return lines;
}

function confusionTable(summary: DiagnosticSummary): string[] {
  const [[trueNegatives, falsePositives], [falseNegatives, truePositives]] = summary.confusionMatrix as [[number, number], [number, number]];
  return ['| True \\ Predicted | Negative | Positive |', '| --- | --- | --- |', `| Negative | ${trueNegatives} | ${falsePositives} |`, `| Positive | ${falseNegatives} | ${truePositives} |`];
}

function formatLevel(level: number): string {
  return String(Math.round(level * 1000) / 10);
}

/** Keeps a name from breaking the table or injecting HTML: pipes and markup escaped, newlines flattened. */
function escapeCell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
