import { Command } from 'commander';
import { CliError } from '../io/cli-error';
import { compareReaders, type ModelScores, type ReaderCalls, type ReaderComparison } from '../readers/reader-comparison';
import { alignToPatients, parseNamedPath, readLabelCsv, readProbabilityCsv } from '../readers/reader-csv';
import { formatFigure, formatInterval } from '../report/html-format';
import { parseNumber, printJson, type CommandContext } from './command-context';

interface CompareReadersOptions {
  truth: string;
  reader: string[];
  model: string[];
  classes: string;
  threshold: number;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Registers `spinedx compare-readers`. */
export function registerCompareReadersCommand(program: Command, context: CommandContext): void {
  program
    .command('compare-readers')
    .description('readers (and models) against the truth: accuracy, sensitivity, specificity with Wilson CIs, kappa, McNemar')
    .requiredOption('--truth <csv>', 'truth labels: columns patient_id,label')
    .option('--reader <[name=]csv>', 'one reader\'s answers: patient_id,label (repeat for each reader)', collect, [])
    .option('--model <[name=]csv>', 'a model\'s predictions: patient_id,probability of the positive class (repeatable)', collect, [])
    .option('--classes <negative,positive>', 'class names; labels may also be 0/1 with 1 the positive class', 'STB,SM')
    .option('--threshold <p>', 'probability at which a model calls the positive class', parseNumber('--threshold', 0, 1), 0.5)
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExample:\n  spinedx compare-readers --truth truth.csv --reader senior=a.csv --reader junior=b.csv --model resnet34=pred.csv\n')
    .action(async (options: CompareReadersOptions) => {
      const comparison = await runCompareReaders(options);
      if (options.json) printJson(context.io, comparison);
      else context.io.stdout(formatComparison(comparison));
    });
}

/** Reads the CSVs, checks they cover exactly the same patients, and compares. */
export async function runCompareReaders(options: Omit<CompareReadersOptions, 'json'>): Promise<ReaderComparison> {
  const command = 'compare-readers';
  const classes = options.classes.split(',').map((name) => name.trim());
  if (classes.length !== 2 || classes.some((name) => name === '')) throw new CliError(`${command}: --classes expects two names like STB,SM, received '${options.classes}'`, 'INVALID_OPTION');
  const pair = classes as [string, string];
  if (options.reader.length === 0) throw new CliError(`${command}: expected at least one --reader CSV, received none`, 'INVALID_OPTION');
  const truth = await readLabelCsv(command, options.truth, pair);
  const readers: ReaderCalls[] = [];
  for (const argument of options.reader) {
    const { name, path } = parseNamedPath(argument);
    const table = await readLabelCsv(command, path, pair);
    const calls = alignToPatients(command, path, truth.patientIds, new Map(table.patientIds.map((id, index) => [id, table.labels[index]!])));
    readers.push({ name, calls });
  }
  const models: ModelScores[] = [];
  for (const argument of options.model) {
    const { name, path } = parseNamedPath(argument);
    models.push({ name, scores: alignToPatients(command, path, truth.patientIds, await readProbabilityCsv(command, path)), threshold: options.threshold });
  }
  return compareReaders({ caseIds: truth.patientIds, truth: truth.labels, readers, models });
}

function formatComparison(comparison: ReaderComparison): string {
  const withCi = (value: number | null, interval: [number, number] | null): string => `${formatFigure(value)} (${formatInterval(interval)})`.padEnd(22);
  const lines = [`${comparison.cases} cases; 95% Wilson intervals`, `${'reader'.padEnd(16)}${'accuracy'.padEnd(22)}${'sensitivity'.padEnd(22)}${'specificity'.padEnd(22)}TN/FP/FN/TP`];
  for (const reader of comparison.readers) {
    lines.push(`${reader.name.padEnd(16)}${withCi(reader.accuracy, reader.accuracyCi)}${withCi(reader.sensitivity, reader.sensitivityCi)}${withCi(reader.specificity, reader.specificityCi)}${reader.confusionMatrix.flat().join('/')}`);
  }
  for (const row of comparison.agreement) lines.push(`Cohen's kappa ${row.readerA} vs ${row.readerB}: ${formatFigure(row.kappa)}`);
  for (const row of comparison.modelVsReader) {
    lines.push(`McNemar ${row.model} vs ${row.reader}: only model right ${row.modelOnlyCorrect}, only reader right ${row.readerOnlyCorrect}, exact p = ${formatFigure(row.pValue)}`);
  }
  return `${lines.join('\n')}\n`;
}
