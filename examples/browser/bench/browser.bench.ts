// Preprocessing time per image on the app's speed page (preprocess-timing.html), then prediction latency per slice
// (preprocessing, forward pass and Grad-CAM, as the page's Predict button runs them) in headless Chromium for each
// backend that starts there, next to the Node figure (tfjs wasm) for the same model and slices. The browser
// figure is the page's own timing (performance.now around SpineClassifier.predict).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { SpineClassifier } from '@spinedx/classifier';
import { saveClassifier } from '@spinedx/classifier/node';
import { decodeImage, groupIntoSeries, parseDicom } from '@spinedx/dicom';
import { measureMs, recordBenchRow } from '@spinedx/test-utils';
import { openPage, startApp, waitForBackend } from '../src/e2e/browser-harness';
import { timePreprocessing } from '../src/preprocess-timing';
import { writePhantomSeries } from '../src/e2e/phantom-files';

const BACKBONE = 'resnet18';
const INPUT_SIZE = 128;
const SLICES = 4;
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const work = mkdtempSync(join(tmpdir(), 'spinedx-browser-bench-'));
tf.env().set('PROD', true);
await tf.setBackend('wasm');
await tf.ready();
const [phantom] = await writePhantomSeries(work, ['site-a'], SLICES);
const classifier = await SpineClassifier.create({ backbone: BACKBONE, inputSize: INPUT_SIZE, inChannels: 1, seed: 1 });
await saveClassifier(classifier, join(work, 'bundle'));

// Node: the same bundle's classifier on the same decoded slices, tfjs wasm backend.
const [series] = groupIntoSeries(phantom!.bytes.map((bytes) => parseDicom(bytes)));
const images = await Promise.all(series!.images.map((image) => decodeImage(image)));
const nodeMs = (await measureMs(() => classifier.predict(images, { gradcam: true }), { warmup: 1, iterations: RUNS })) / SLICES;
classifier.dispose();

const harness = await startApp((outDir) => cpSync(join(work, 'bundle'), join(outDir, 'model'), { recursive: true }));
try {
  // Preprocessing (issue: <= 2 ms per image in Node): the app's bundled @spinedx/transforms in Chromium, on the
  // speed page, beside the same function in this Node process.
  const nodePreprocess = timePreprocessing();
  const { context, page } = await openPage(harness, 'preprocess-timing.html');
  try {
    await page.waitForFunction(() => document.querySelector<HTMLOutputElement>('#preprocess-result')?.dataset.msPerImage !== undefined, undefined, { timeout: 120_000 });
    recordBenchRow({
      task: 'preprocess 512x512 float32 -> 224x224x3 ms/image',
      model: 'preprocessFor evaluation, reuseOutput (app bundle)',
      backend: 'chromium',
      batch: 1,
      oursMs: Number(await page.locator('#preprocess-result').getAttribute('data-ms-per-image')),
      reference: `Node ${process.version}, same function`,
      referenceMs: nodePreprocess.msPerImage,
    });
  } finally {
    await context.close();
  }
  for (const backend of ['webgpu', 'webgl', 'wasm', 'cpu']) {
    const { context, page } = await openPage(harness, `?backend=${backend}`);
    try {
      await waitForBackend(page, backend, 30_000).catch(async () => {
        throw new Error(`the page reports: ${await page.locator('#backend-status').textContent()}`);
      });
      await page.setInputFiles('#file-input', phantom!.paths);
      await page.locator('#model-url-form button[type="submit"]').click();
      await page.waitForFunction(() => document.querySelector('#model-status')?.textContent?.startsWith('Loaded'), undefined, { timeout: 60_000 });
      const perSlice: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        await page.locator('#predict-status').evaluate((element) => delete (element as HTMLElement).dataset.millisecondsPerSlice);
        await page.locator('#predict-button').click();
        await page.waitForFunction(() => (document.querySelector('#predict-status') as HTMLElement).dataset.millisecondsPerSlice !== undefined, undefined, { timeout: 300_000 });
        const value = Number(await page.locator('#predict-status').getAttribute('data-milliseconds-per-slice'));
        if (run > 0) perSlice.push(value); // run 0 warms up (shader compilation, wasm instantiation)
      }
      const status = (await page.locator('#backend-status').textContent()) ?? '';
      recordBenchRow({
        task: 'browser predict+gradcam per slice',
        model: `${BACKBONE}@${INPUT_SIZE}`,
        backend: `chromium-${backend}`,
        batch: SLICES,
        oursMs: median(perSlice),
        reference: 'Node tfjs wasm, same bundle',
        referenceMs: nodeMs,
        extra: { backendStatus: status, nodeThreads: 1 },
      });
    } catch (error) {
      console.log(`${backend}: not measured (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    } finally {
      await context.close();
    }
  }
} finally {
  await harness.close();
  rmSync(work, { recursive: true, force: true });
}
