import { join } from 'node:path';
import { generateCohort, type CohortManifest } from '@spinedx/phantom';
import { writeCohort, writeMontage } from '@spinedx/phantom/node';
import { Command } from 'commander';
import type { CliIo } from '../io/cli-io';
import { createProgress } from '../io/progress';
import { parseInteger, printJson, type CommandContext } from './command-context';

/** Options of {@link generatePhantom}. */
export interface PhantomOptions {
  out: string;
  patients?: number;
  seed: number;
  slices: number;
  /** Montage PNG path; default `<out>/montage.png`. */
  montage?: string;
}

/** What {@link generatePhantom} wrote. */
export interface PhantomSummary {
  out: string;
  manifest: string;
  montage: string;
  patients: number;
  slices: number;
  sites: { id: string; role: string; patients: number; stb: number; sm: number }[];
}

/** Plans and writes a phantom cohort (DICOM series, masks, manifest) and its montage, with a progress bar. */
export async function generatePhantom(io: CliIo, options: PhantomOptions): Promise<{ summary: PhantomSummary; manifest: CohortManifest }> {
  const cohort = generateCohort({ seed: options.seed, slicesPerSeries: options.slices, ...(options.patients === undefined ? {} : { patients: options.patients }) });
  const progress = createProgress(io, { label: 'phantom cohort', total: cohort.patients.length, unit: 'patients' });
  const manifest = await writeCohort(cohort, options.out, { onProgress: (done) => progress.update(done) });
  progress.stop();
  const montage = options.montage ?? join(options.out, 'montage.png');
  await writeMontage(cohort, montage, { cellSize: 192 });
  const summary: PhantomSummary = {
    out: options.out,
    manifest: join(options.out, 'manifest.json'),
    montage,
    patients: manifest.patients.length,
    slices: manifest.patients.reduce((sum, patient) => sum + patient.slices.length, 0),
    sites: cohort.sites.map((site) => {
      const members = manifest.patients.filter((patient) => patient.site === site.id);
      return { id: site.id, role: site.role, patients: members.length, stb: members.filter((patient) => patient.label === 'STB').length, sm: members.filter((patient) => patient.label === 'SM').length };
    }),
  };
  return { summary, manifest };
}

/** Registers `spinedx phantom`. */
export function registerPhantomCommand(program: Command, context: CommandContext): void {
  program
    .command('phantom')
    .description('write a synthetic multi-site sagittal T2 spine MR cohort as DICOM, with lesion masks, manifest and montage')
    .option('--out <dir>', 'output folder', 'spinedx-phantom')
    .option('--patients <n>', 'total patients (default: the paper\'s 121 over 4 sites)', parseInteger('--patients', 4, 10_000))
    .option('--seed <n>', 'cohort seed', parseInteger('--seed', 0), 2023)
    .option('--slices <n>', 'sagittal slices per series', parseInteger('--slices', 1, 64), 11)
    .option('--montage <png>', 'montage path (default <out>/montage.png)')
    .option('--json', 'print JSON')
    .action(async (options: PhantomOptions & { json?: boolean }) => {
      const { summary } = await generatePhantom(context.io, options);
      if (options.json) {
        printJson(context.io, summary);
        return;
      }
      const { io } = context;
      io.stdout(`${io.colors.green('wrote')} ${summary.patients} patients, ${summary.slices} DICOM slices to ${summary.out}\n`);
      for (const site of summary.sites) io.stdout(`  ${site.id.padEnd(8)} ${site.role.padEnd(12)} ${String(site.patients).padStart(4)} patients (${site.stb} STB, ${site.sm} SM)\n`);
      io.stdout(`  manifest ${summary.manifest}\n  montage  ${summary.montage}\n`);
    });
}
