import { Command } from 'commander';

/** What `spinedx demo` does, step by step. */
export const DEMO_PLAN: readonly string[] = [
  'generate a synthetic 121-patient, 4-site sagittal T2 spine MR cohort as DICOM (@spinedx/phantom)',
  'train MViTv2, EfficientNet-B3, ResNet101 and ResNet34 on the two development sites (@spinedx/classifier)',
  'evaluate on internal validation and on the two external sites, image- and patient-level (@spinedx/metrics)',
  'compare with two simulated readers, compute Grad-CAM galleries (@spinedx/gradcam) and write the report',
];

/** Builds the `spinedx` command-line program; `write` receives everything printed to standard output. */
export function createProgram(write: (text: string) => void = (text) => process.stdout.write(text)): Command {
  const program = new Command('spinedx').description('Deep learning on spine MR: spinal tuberculosis vs metastasis.');
  program
    .command('demo')
    .description('reproduce the study design end to end on a synthetic cohort')
    .option('--json', 'print machine-readable output')
    .action((options: { json?: boolean }) => {
      if (options.json) write(`${JSON.stringify({ plan: DEMO_PLAN })}\n`);
      else write(`spinedx demo will:\n${DEMO_PLAN.map((step, index) => `  ${index + 1}. ${step}`).join('\n')}\n`);
    });
  return program;
}
