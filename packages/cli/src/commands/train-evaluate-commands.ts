import { writeFile } from 'node:fs/promises';
import { groupShuffleSplit, SpineClassifier } from '@spinedx/classifier';
import { saveClassifier } from '@spinedx/classifier/node';
import { listBackbones } from '@spinedx/backbones';
import { aggregateByPatient } from '@spinedx/metrics';
import { Command } from 'commander';
import { CliError } from '../io/cli-error';
import { createProgress } from '../io/progress';
import { summarizeSet } from '../report/set-figures';
import { formatFigure, formatInterval } from '../report/html-format';
import { startBackend } from '../runtime/start-backend';
import { parseBackendChoice } from './demo-command';
import { loadBundle, loadSamples } from './model-data';
import { parseInteger, parseNumber, printJson, type CommandContext } from './command-context';

interface TrainOptions {
  data: string;
  labels?: string;
  backbone: string;
  out: string;
  inputSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  slices: number;
  validationFraction: number;
  seed: number;
  backend: string;
  json?: boolean;
}

/** Registers `spinedx train` and `spinedx evaluate`. */
export function registerTrainEvaluateCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('train')
    .description('train a classifier on a phantom cohort or a DICOM folder with labels, and save a verified bundle')
    .requiredOption('--data <dir>', 'phantom cohort folder (manifest.json) or DICOM folder')
    .option('--labels <csv>', 'labels of a DICOM folder: patient_id,label[,site]')
    .option('--backbone <name>', 'timm id (mvitv2_tiny, efficientnet_b3, resnet101, resnet34, …)', 'resnet34')
    .requiredOption('--out <dir>', 'bundle folder to write (replaced atomically)')
    .option('--input-size <px>', 'square input size', parseInteger('--input-size', 16, 1024), 64)
    .option('--epochs <n>', 'epochs', parseInteger('--epochs', 1, 1000), 5)
    .option('--batch-size <n>', 'batch size', parseInteger('--batch-size', 1, 512), 8)
    .option('--learning-rate <lr>', 'AdamW learning rate', parseNumber('--learning-rate', 1e-8, 1), 1e-3)
    .option('--slices <n>', 'central slices per patient', parseInteger('--slices', 1, 64), 3)
    .option('--validation-fraction <f>', 'patients held out for validation', parseNumber('--validation-fraction', 0.01, 0.9), 0.2)
    .option('--seed <n>', 'seed', parseInteger('--seed', 0), 0)
    .option('--backend <name>', 'auto | tensorflow | webgpu | wasm | cpu', 'auto')
    .option('--json', 'print JSON')
    .action(async (options: TrainOptions) => {
      if (!listBackbones().includes(options.backbone)) throw new CliError(`train: unknown backbone '${options.backbone}'; valid: ${listBackbones().join(', ')}`, 'INVALID_OPTION');
      const backend = await startBackend(parseBackendChoice(options.backend));
      const samples = await loadSamples(io, 'train', options.data, options.labels, options.slices, ['STB', 'SM']);
      const split = groupShuffleSplit(samples, { validationFraction: options.validationFraction, seed: options.seed });
      const train = split.train.map((index) => samples[index]!);
      const validation = split.test.map((index) => samples[index]!);
      const classifier = await SpineClassifier.create({ backbone: options.backbone, inputSize: options.inputSize, inChannels: 1, seed: options.seed, preprocessing: { fit: 'letterbox' } });
      try {
        let progress: ReturnType<typeof createProgress> | undefined;
        let done = 0;
        const history = await classifier.fit(train, {
          validation,
          epochs: options.epochs,
          batchSize: options.batchSize,
          learningRate: options.learningRate,
          optimizer: 'adamw',
          classWeights: 'balanced',
          seed: options.seed,
          onProgress: (event) => {
            if (event.type === 'start') progress = createProgress(io, { label: `train ${options.backbone}`, total: event.epochs * event.batchesPerEpoch, unit: 'batches' });
            if (event.type === 'batch') progress?.update((done = event.epoch * event.batches + event.batch + 1), `loss ${event.loss.toFixed(3)}`);
            if (event.type === 'epoch') progress?.update(done, `epoch ${event.epoch + 1} val AUC ${formatFigure(event.validation?.auc ?? null)}`);
          },
        });
        progress?.stop();
        await saveClassifier(classifier, options.out);
        const last = history.epochs.at(-1);
        const summary = { bundle: options.out, backbone: options.backbone, backend: backend.name, trainSlices: train.length, validationSlices: validation.length, epochs: history.epochs.length, bestEpoch: history.bestEpoch + 1, validationAuc: last?.validation?.auc ?? null };
        if (options.json) printJson(io, summary);
        else io.stdout(`${io.colors.green('saved')} ${options.out}: ${options.backbone}, ${summary.trainSlices} training / ${summary.validationSlices} validation slices, ${summary.epochs} epochs, validation AUC ${formatFigure(summary.validationAuc)}\n`);
      } finally {
        classifier.dispose();
      }
    });

  program
    .command('evaluate')
    .description('evaluate a bundle on labelled data: slice- and patient-level ACC, AUC (DeLong CI), sensitivity, specificity')
    .requiredOption('--model <dir>', 'bundle folder written by train or demo')
    .requiredOption('--data <dir>', 'phantom cohort folder (manifest.json) or DICOM folder')
    .option('--labels <csv>', 'labels of a DICOM folder: patient_id,label[,site]')
    .option('--slices <n>', 'central slices per patient', parseInteger('--slices', 1, 64), 3)
    .option('--predictions <csv>', 'write patient-level predictions (patient_id,probability) for compare-readers --model')
    .option('--backend <name>', 'auto | tensorflow | webgpu | wasm | cpu', 'auto')
    .option('--json', 'print JSON')
    .action(async (options: { model: string; data: string; labels?: string; slices: number; predictions?: string; backend: string; json?: boolean }) => {
      await startBackend(parseBackendChoice(options.backend));
      const classifier = await loadBundle('evaluate', options.model);
      try {
        const samples = await loadSamples(io, 'evaluate', options.data, options.labels, options.slices, classifier.classes);
        const result = await classifier.evaluate(samples);
        const figures = { model: options.model, positiveClass: result.positiveClass, imageLevel: summarizeSet(result.imageLevel), patientLevel: summarizeSet(result.patientLevel) };
        if (options.predictions) {
          const patients = aggregateByPatient(
            result.predictions.map((row) => row.patientId),
            result.predictions.map((row) => row.label),
            result.predictions.map((row) => row.probabilities[1]!),
            classifier.config.patientAggregation,
          );
          await writeFile(options.predictions, `patient_id,probability\n${patients.patientIds.map((id, index) => `${id},${patients.yScore[index]}`).join('\n')}\n`);
        }
        if (options.json) {
          printJson(io, figures);
          return;
        }
        for (const [level, set] of [['slices', figures.imageLevel], ['patients', figures.patientLevel]] as const) {
          io.stdout(
            `${level.padEnd(9)} n=${set.samples}  ACC ${formatFigure(set.accuracy)} (${formatInterval(set.accuracyCi)})  AUC ${formatFigure(set.auc)} (${formatInterval(set.aucCi)})  sensitivity ${formatFigure(set.sensitivity)}  specificity ${formatFigure(set.specificity)}  TN/FP/FN/TP ${set.confusionMatrix.flat().join('/')}\n`,
          );
        }
      } finally {
        classifier.dispose();
      }
    });
}
