import { Command } from 'commander';
import { BACKEND_CAPABILITIES } from '@spinedx/backends';
import { DEMO_PROFILES, getDemoProfile } from '../demo/demo-profiles';
import { runDemo } from '../demo/run-demo';
import { formatFigure, formatDuration } from '../report/html-format';
import type { StudyReport } from '../report/study-report-schema';
import type { BackendChoice } from '../runtime/start-backend';
import type { CliIo } from '../io/cli-io';
import { CliError } from '../io/cli-error';
import { parseInteger, printJson, type CommandContext } from './command-context';

interface DemoCommandOptions {
  out: string;
  profile: string;
  backend: string;
  seed: number;
  reader: string[];
  workers?: number;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Checks a `--backend` value: `auto` or a backend name. */
export function parseBackendChoice(value: string): BackendChoice {
  const names = ['auto', ...BACKEND_CAPABILITIES.map((row) => row.name)];
  if (!names.includes(value)) throw new CliError(`--backend must be one of ${names.join(', ')}, received '${value}'`, 'INVALID_OPTION');
  return value as BackendChoice;
}

/** Registers `spinedx demo`. */
export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description('reproduce the study end to end on a synthetic 4-site cohort and write an HTML/JSON/Markdown report')
    .option('--out <dir>', 'output folder (cohort, models, report)', 'spinedx-demo')
    .option('--profile <name>', `${Object.keys(DEMO_PROFILES).join(' | ')}`, 'quick')
    .option('--backend <name>', 'auto | tensorflow | webgpu | wasm | cpu', 'auto')
    .option('--seed <n>', 'seed of the cohort, split, weights and readers', parseInteger('--seed', 0), 2023)
    .option('--reader <[name=]csv>', 'readers\' answers on the external patients (patient_id,label); repeat per reader; default: two simulated readers', collect, [])
    .option('--workers <n>', 'worker threads training models in parallel (default: the profile\'s)', parseInteger('--workers', 0, 16))
    .option('--json', 'print report.json\'s headline figures as JSON')
    .addHelpText(
      'after',
      `\nProfiles:\n${Object.values(DEMO_PROFILES)
        .map((profile) => `  ${profile.name.padEnd(6)} ${profile.purpose}`)
        .join('\n')}\n\nOutputs: <out>/index.html (self-contained report), report.json, report.md, figures/, models/<backbone>/ (verified bundles), cohort/ (DICOM).\n`,
    )
    .action(async (options: DemoCommandOptions) => {
      const profile = getDemoProfile(options.profile);
      if (options.workers !== undefined) profile.workers = options.workers;
      const { report, written } = await runDemo(context.io, { out: options.out, profile, backend: parseBackendChoice(options.backend), seed: options.seed, readers: options.reader });
      if (options.json) printJson(context.io, { report: written.html, json: written.json, markdown: written.markdown, totalSeconds: report.timings.totalSeconds, models: headline(report) });
      else printSummary(context.io, report, written.html);
    });
}

function headline(report: StudyReport) {
  return report.models.map((model) => ({
    backbone: model.backbone,
    internal: { accuracy: model.internal.accuracy, auc: model.internal.auc },
    external: { accuracy: model.external.accuracy, auc: model.external.auc, patientAuc: model.external.patientLevel.auc },
  }));
}

function printSummary(io: CliIo, report: StudyReport, html: string): void {
  io.stdout(`\n${io.colors.yellow('Synthetic data: these figures say nothing about clinical performance.')}\n`);
  io.stdout(`${'model'.padEnd(18)}${'internal ACC'.padStart(13)}${'internal AUC'.padStart(13)}${'external ACC'.padStart(13)}${'external AUC'.padStart(13)}${'patient AUC'.padStart(13)}\n`);
  for (const model of report.models) {
    io.stdout(
      `${model.displayName.padEnd(18)}${formatFigure(model.internal.accuracy).padStart(13)}${formatFigure(model.internal.auc).padStart(13)}${formatFigure(model.external.accuracy).padStart(13)}${formatFigure(model.external.auc).padStart(13)}${formatFigure(model.external.patientLevel.auc).padStart(13)}\n`,
    );
  }
  for (const reader of report.readers.readers) io.stdout(`${reader.name.padEnd(18)}${''.padStart(26)}${formatFigure(reader.accuracy).padStart(13)}  (patients)\n`);
  io.stdout(`\nprofile ${report.config.profile}, backend ${report.environment.backend}, ${formatDuration(report.timings.totalSeconds)}\n${io.colors.green('report')} ${html}\n`);
}
