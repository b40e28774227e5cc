import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SpineClassifier } from '@spinedx/classifier';
import type { ImageArray } from '@spinedx/core';
import { createUid, decodeImage, type DicomImage } from '@spinedx/dicom';
import { readDicomFolder } from '@spinedx/dicom/node';
import { encodePng, listCamMethods, overlay, overlayToSecondaryCapture, type CamMethod } from '@spinedx/gradcam';
import { centerCrop, letterbox, resizeShortestEdge, scaleIntensityPercentiles } from '@spinedx/transforms';
import { Command } from 'commander';
import { CliError } from '../io/cli-error';
import { assertExists } from '../io/input-files';
import { formatFigure } from '../report/html-format';
import { startBackend } from '../runtime/start-backend';
import { parseBackendChoice } from './demo-command';
import { readDicomFile } from './dicom-commands';
import { loadBundle } from './model-data';
import { printJson, type CommandContext } from './command-context';

const DISPLAY_SIZE = 320;

/** The images of a file, or of the sagittal T2 series of a folder (else its largest series), in slice order. */
export async function readSeries(command: string, path: string): Promise<DicomImage[]> {
  if ((await assertExists(command, path)) === 'file') return [(await readDicomFile(command, path)).image];
  const { series, failures } = await readDicomFolder(path);
  if (series.length === 0) throw new CliError(`${command}: no readable DICOM image in '${path}' (${failures.length} file(s) rejected)`, 'NOT_DICOM');
  const rank = (item: (typeof series)[number]): number => (item.plane === 'sagittal' ? 2 : 0) + (item.isLikelyT2 ? 1 : 0);
  return [...series].sort((a, b) => rank(b) - rank(a) || b.images.length - a.images.length)[0]!.images;
}

/** The slice as the model saw it (letterboxed or centre-cropped like the bundle's preprocessing), windowed to 0–255. */
function inModelFrame(classifier: SpineClassifier, image: ImageArray): ImageArray<Float32Array> {
  const windowed = scaleIntensityPercentiles(image, { lower: 0.5, upper: 99.5, outMin: 0, outMax: 255, clip: true });
  if (classifier.config.preprocessing.fit === 'letterbox') return letterbox(windowed, { size: DISPLAY_SIZE });
  const edge = Math.floor(DISPLAY_SIZE / classifier.backbone.config.cropPct);
  return centerCrop(resizeShortestEdge(windowed, { size: edge, method: 'bilinear' }), { height: DISPLAY_SIZE, width: DISPLAY_SIZE });
}

interface ExplainOptions {
  model: string;
  gradcam?: string;
  dicomSc?: string;
  method: string;
  tta?: boolean;
  backend: string;
  json?: boolean;
}

async function explain(context: CommandContext, command: string, path: string, options: ExplainOptions): Promise<void> {
  const { io } = context;
  if (!listCamMethods().includes(options.method as CamMethod)) throw new CliError(`${command}: --method must be one of ${listCamMethods().join(', ')}, received '${options.method}'`, 'INVALID_OPTION');
  await startBackend(parseBackendChoice(options.backend));
  const classifier = await loadBundle(command, options.model);
  try {
    const sources = await readSeries(command, path);
    const images = await Promise.all(sources.map((source) => decodeImage(source)));
    const wantCam = options.gradcam !== undefined || options.dicomSc !== undefined;
    const prediction = await classifier.predict(images, { ...(wantCam ? { gradcam: { method: options.method as CamMethod } } : {}), tta: options.tta === true });
    const positive = classifier.classes.indexOf(prediction.patient.label);
    // Explain the slice most confident in the patient's predicted class.
    let shown = 0;
    prediction.slices.forEach((slice, index) => {
      if (slice.probabilities[positive]! > prediction.slices[shown]!.probabilities[positive]!) shown = index;
    });
    const written: string[] = [];
    if (wantCam) {
      const cam = prediction.slices[shown]!.cam!;
      const frame = inModelFrame(classifier, images[shown]!);
      const blended = overlay(frame, { height: cam.heatmapSize[0], width: cam.heatmapSize[1], cam: cam.heatmap }, { alpha: 0.45, imageRange: [0, 255] });
      if (options.gradcam !== undefined) {
        await mkdir(dirname(options.gradcam), { recursive: true });
        await writeFile(options.gradcam, encodePng(blended));
        written.push(options.gradcam);
      }
      if (options.dicomSc !== undefined) {
        const source = sources[shown]!;
        const bytes = await overlayToSecondaryCapture(blended, {
          patient: { id: source.patientId ?? 'UNKNOWN' },
          study: { instanceUid: source.studyInstanceUID ?? createUid() },
          series: { instanceUid: createUid(), number: 9901, description: `Grad-CAM ${classifier.config.backbone} (${prediction.patient.label}) - not for diagnosis` },
          sopInstanceUid: createUid(),
          ...(source.sopClassUID && source.sopInstanceUID ? { derivedFrom: { sopClassUid: source.sopClassUID, sopInstanceUid: source.sopInstanceUID } } : {}),
        });
        await mkdir(dirname(options.dicomSc), { recursive: true });
        await writeFile(options.dicomSc, bytes);
        written.push(options.dicomSc);
      }
    }
    const result = {
      input: path,
      slices: prediction.slices.map((slice, index) => ({ index, instanceNumber: sources[index]!.instanceNumber ?? null, label: slice.label, probabilities: Object.fromEntries(classifier.classes.map((name, column) => [name, slice.probabilities[column]!])) })),
      patient: { label: prediction.patient.label, probabilities: Object.fromEntries(classifier.classes.map((name, column) => [name, prediction.patient.probabilities[column]!])) },
      explainedSlice: wantCam ? shown : null,
      written,
    };
    if (options.json) {
      printJson(io, result);
      return;
    }
    io.stdout(`${io.colors.bold(prediction.patient.label)}  ${classifier.classes.map((name, column) => `${name} ${formatFigure(prediction.patient.probabilities[column]!)}`).join('  ')}  (${images.length} slice${images.length === 1 ? '' : 's'}, ${classifier.config.backbone})\n`);
    for (const file of written) io.stdout(`${io.colors.green('wrote')} ${file}\n`);
    io.stdout(`${io.colors.yellow('Research software: not for diagnosis.')}\n`);
  } finally {
    classifier.dispose();
  }
}

/** Registers `spinedx predict` and `spinedx gradcam`. */
export function registerPredictCommands(program: Command, context: CommandContext): void {
  program
    .command('predict')
    .description('classify a DICOM file or a patient\'s series folder with a bundle; optionally save the Grad-CAM overlay')
    .argument('<path>', 'DICOM file or folder (the sagittal T2 series is chosen)')
    .requiredOption('--model <dir>', 'bundle folder')
    .option('--gradcam <png>', 'write the Grad-CAM overlay of the most confident slice as PNG')
    .option('--dicom-sc <dcm>', 'write that overlay as a DICOM Secondary Capture in the source study')
    .option('--method <name>', `CAM method: ${listCamMethods().join(', ')}`, 'gradcam')
    .option('--tta', 'average with the horizontally flipped slice')
    .option('--backend <name>', 'auto | tensorflow | webgpu | wasm | cpu', 'auto')
    .option('--json', 'print JSON')
    .action((path: string, options: ExplainOptions) => explain(context, 'predict', path, options));
  program
    .command('gradcam')
    .description('explain a prediction: the CAM overlay of a DICOM file or series as PNG (and DICOM Secondary Capture)')
    .argument('<path>', 'DICOM file or folder')
    .requiredOption('--model <dir>', 'bundle folder')
    .requiredOption('--out <png>', 'overlay PNG to write')
    .option('--dicom-sc <dcm>', 'also write it as a DICOM Secondary Capture')
    .option('--method <name>', `CAM method: ${listCamMethods().join(', ')}`, 'gradcam')
    .option('--backend <name>', 'auto | tensorflow | webgpu | wasm | cpu', 'auto')
    .option('--json', 'print JSON')
    .action((path: string, options: ExplainOptions & { out: string }) => explain(context, 'gradcam', path, { ...options, gradcam: options.out }));
}
