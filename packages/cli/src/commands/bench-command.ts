import * as tf from '@tensorflow/tfjs-core';
import { createBackbone, listBackbones } from '@spinedx/backbones';
import { Command } from 'commander';
import { PAPER_BACKBONES } from '../demo/demo-profiles';
import { CliError } from '../io/cli-error';
import type { CliIo } from '../io/cli-io';
import { createProgress } from '../io/progress';
import { startBackend } from '../runtime/start-backend';
import { parseBackendChoice } from './demo-command';
import { parseInteger, printJson, type CommandContext } from './command-context';

/** One backbone's throughput. */
export interface BenchResult {
  backbone: string;
  inputSize: number;
  batch: number;
  /** Median milliseconds of an evaluation forward pass of one batch. */
  forwardMs: number;
  forwardImagesPerSecond: number;
  /** Median milliseconds of a training step (forward, loss, gradients of every trainable variable); null when skipped. */
  trainStepMs: number | null;
  trainImagesPerSecond: number | null;
}

async function medianMs(iterations: number, work: () => Promise<void>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Times the forward pass (and a training step) of each backbone on the active backend, with random input. */
export async function benchBackbones(io: CliIo, options: { backbones: string[]; inputSize: number; batch: number; iterations: number; train: boolean }): Promise<BenchResult[]> {
  const progress = createProgress(io, { label: 'bench', total: options.backbones.length, unit: 'backbones' });
  const results: BenchResult[] = [];
  for (const [index, name] of options.backbones.entries()) {
    progress.update(index, name);
    const backbone = createBackbone(name, { numClasses: 2, inputShape: [options.inputSize, options.inputSize, 1], seed: 0 });
    const input = tf.randomNormal([options.batch, options.inputSize, options.inputSize, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: options.batch }, (_, row) => row % 2), 'int32'), 2);
    try {
      const forwardMs = await medianMs(options.iterations, async () => {
        const logits = backbone.predict(input);
        await logits.data();
        logits.dispose();
      });
      let trainStepMs: number | null = null;
      if (options.train) {
        const variables = backbone.trainableVariables();
        trainStepMs = await medianMs(options.iterations, async () => {
          const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, backbone.forward(input, { training: true, seed: 1 })) as tf.Scalar, variables);
          await value.data();
          tf.dispose([value, ...Object.values(grads)]);
        });
      }
      results.push({
        backbone: name,
        inputSize: options.inputSize,
        batch: options.batch,
        forwardMs,
        forwardImagesPerSecond: (options.batch * 1000) / forwardMs,
        trainStepMs,
        trainImagesPerSecond: trainStepMs === null ? null : (options.batch * 1000) / trainStepMs,
      });
    } finally {
      tf.dispose([input, labels]);
      backbone.dispose();
    }
  }
  progress.update(options.backbones.length);
  progress.stop();
  return results;
}

/** Registers `spinedx bench`. */
export function registerBenchCommand(program: Command, context: CommandContext): void {
  program
    .command('bench')
    .description('time the backbones\' forward pass and training step on this machine\'s backend (images per second)')
    .option('--backbones <names>', 'comma-separated timm ids', Object.keys(PAPER_BACKBONES).join(','))
    .option('--input-size <px>', 'square input size', parseInteger('--input-size', 16, 1024), 64)
    .option('--batch <n>', 'images per batch', parseInteger('--batch', 1, 256), 4)
    .option('--iterations <n>', 'timed runs after one warm-up (the median is reported)', parseInteger('--iterations', 1, 100), 3)
    .option('--no-train', 'skip the training step')
    .option('--backend <name>', 'auto | tensorflow | webgpu | wasm | cpu', 'auto')
    .option('--json', 'print JSON')
    .action(async (options: { backbones: string; inputSize: number; batch: number; iterations: number; train: boolean; backend: string; json?: boolean }) => {
      const backbones = options.backbones.split(',').map((name) => name.trim()).filter(Boolean);
      const known = listBackbones();
      const unknown = backbones.filter((name) => !known.includes(name));
      if (unknown.length > 0 || backbones.length === 0) throw new CliError(`bench: unknown backbone(s) ${unknown.join(', ') || '(none given)'}; valid: ${known.join(', ')}`, 'INVALID_OPTION');
      const backend = await startBackend(parseBackendChoice(options.backend));
      const results = await benchBackbones(context.io, { backbones, inputSize: options.inputSize, batch: options.batch, iterations: options.iterations, train: options.train });
      if (options.json) {
        printJson(context.io, { backend: backend.name, results });
        return;
      }
      const { io } = context;
      io.stdout(`backend ${backend.name}, input ${options.inputSize} px, batch ${options.batch}, median of ${options.iterations}\n`);
      io.stdout(`${'backbone'.padEnd(18)}${'forward ms'.padStart(12)}${'img/s'.padStart(9)}${'train ms'.padStart(12)}${'img/s'.padStart(9)}\n`);
      for (const row of results) {
        io.stdout(`${row.backbone.padEnd(18)}${row.forwardMs.toFixed(1).padStart(12)}${row.forwardImagesPerSecond.toFixed(1).padStart(9)}${(row.trainStepMs?.toFixed(1) ?? '–').padStart(12)}${(row.trainImagesPerSecond?.toFixed(1) ?? '–').padStart(9)}\n`);
      }
    });
}
