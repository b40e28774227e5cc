import { formatFigure, formatInterval } from './html-format';
import type { SetFigures, StudyReport } from './study-report-schema';

const withCi = (value: number | null, interval: readonly [number, number] | null): string => (interval === null ? formatFigure(value) : `${formatFigure(value)} (${formatInterval(interval)})`);
const p = (value: number): string => (value < 0.001 ? '< 0.001' : value.toFixed(3));

function row(name: string, figures: SetFigures): string {
  return `| ${name} | ${withCi(figures.accuracy, figures.accuracyCi)} | ${formatFigure(figures.f1)} | ${withCi(figures.auc, figures.aucCi)} | ${withCi(figures.sensitivity, figures.sensitivityCi)} | ${withCi(figures.specificity, figures.specificityCi)} | ${figures.confusionMatrix.flat().join(' / ')} |`;
}

const header = ['| Model | ACC | F1 | AUC (95% CI) | Sensitivity | Specificity | TN / FP / FN / TP |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |'];

/** The report as Markdown: the disclaimer, the paper-style tables, comparisons, readers, localisation and the configuration. */
export function renderStudyMarkdown(report: StudyReport): string {
  const lines = [`# ${report.title}`, '', `> **Synthetic data.** ${report.disclaimer}`, ''];
  lines.push(`Profile \`${report.config.profile}\`, seed ${report.config.seed}, backend ${report.environment.backend}, run time ${report.timings.totalSeconds.toFixed(0)} s.`, '');
  for (const [set, title] of [['internal', 'Internal validation'], ['external', 'External test']] as const) {
    for (const level of ['image', 'patient'] as const) {
      lines.push(`## ${title}, ${level === 'image' ? 'slices' : 'patients'}`, '', ...header);
      for (const model of report.models) lines.push(row(model.displayName, level === 'image' ? model[set] : model[set].patientLevel));
      if (set === 'external' && level === 'patient') for (const reader of report.readers.readers) lines.push(row(`${reader.name} (reader)`, reader));
      lines.push('');
    }
  }
  if (report.comparisons.length > 0) {
    lines.push('## Model comparisons', '', '| Set, level | Pair | AUC A | AUC B | DeLong p | McNemar p |', '| --- | --- | ---: | ---: | ---: | ---: |');
    for (const item of report.comparisons) {
      lines.push(`| ${item.set}, ${item.level} | ${item.modelA} vs ${item.modelB} | ${formatFigure(item.aucA)} | ${formatFigure(item.aucB)} | ${item.delongP === null ? 'n/a' : p(item.delongP)} | ${p(item.mcnemarP)} |`);
    }
    lines.push('');
  }
  lines.push('## Readers', '', `${report.readers.description}`, '');
  for (const row of report.readers.agreement) lines.push(`- Cohen's kappa ${row.readerA} vs ${row.readerB}: ${formatFigure(row.kappa)}`);
  for (const row of report.readers.modelVsReader) lines.push(`- McNemar ${row.model} vs ${row.reader}: only model right ${row.modelOnlyCorrect}, only reader right ${row.readerOnlyCorrect}, p = ${p(row.pValue)}`);
  lines.push('', '## Grad-CAM localisation (external set)', '', '| Model | CAM grid | cases | pointing game | energy in mask |', '| --- | ---: | ---: | ---: | ---: |');
  for (const model of report.models) lines.push(`| ${model.displayName} | ${model.localization.camSize?.join(' × ') ?? 'n/a'} | ${model.localization.cases} | ${formatFigure(model.localization.pointingGame)} | ${formatFigure(model.localization.energyInMask)} |`);
  lines.push('', '## Figures', '');
  for (const [name, path] of Object.entries(report.figures)) if (path.endsWith('.svg')) lines.push(`- [${name}](${path})`);
  lines.push('', '## Configuration', '', '```json', JSON.stringify(report.config, null, 2), '```', '');
  return lines.join('\n');
}
