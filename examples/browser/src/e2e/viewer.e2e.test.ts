import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { SpineClassifier } from '@spinedx/classifier';
import { decodeImage, groupIntoSeries, parseDicom, TransferSyntax } from '@spinedx/dicom';
import { generateCohort, renderPatientDicom } from '@spinedx/phantom';
import { hasTool } from '@spinedx/test-utils';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROOT, CHROMIUM_PATH, openPage, startApp, waitForBackend, type AppHarness, type RequestLog } from './browser-harness';
import { withUnsupportedTransferSyntax, writePhantomSeries, type PhantomSeries } from './phantom-files';
import { timePreprocessing } from '../preprocess-timing';
import { createTestClassifier, writeBundle } from './test-bundle';

const OUTPUT = join(APP_ROOT, 'test-output');

/** What the Node API says about one phantom series. */
interface Reference {
  slices: number[][];
  patient: number[];
  patientId: string;
  rows: number;
}
// Float32 on different backends (and summation orders) moves softmax outputs by ~1e-6; a wrong pixel, window,
// slice order or preprocessing step moves them far more than this.
const TOLERANCE = 1e-4;

// Debian's chromium package (CI installs it with apt); the harness launches it from CHROMIUM_PATH.
const available = hasTool('chromium') && hasTool(CHROMIUM_PATH);

describe.runIf(available)('SpineDx viewer in Chromium', () => {
  let harness: AppHarness;
  let workDirectory: string;
  let phantoms: PhantomSeries[];
  let bundlePaths: string[];
  let badPaths: string[];
  let classifier: SpineClassifier;
  /** The Node API's probabilities for each phantom series, by SeriesInstanceUID. */
  const references = new Map<string, Reference>();

  beforeAll(async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    workDirectory = mkdtempSync(join(tmpdir(), 'spinedx-e2e-'));
    mkdirSync(OUTPUT, { recursive: true });
    // Two patients (RLE and JPEG-LS series): the page opens both, the test picks the second.
    phantoms = await writePhantomSeries(join(workDirectory, 'images'), ['site-b', 'site-c'], 4);
    classifier = await createTestClassifier();
    bundlePaths = await writeBundle(classifier, join(workDirectory, 'bundle'));

    // The Node API on the same files: the reference the page must reproduce.
    for (const phantom of phantoms) {
      const [series] = groupIntoSeries(phantom.bytes.map((bytes) => parseDicom(bytes)));
      const prediction = await classifier.predict(await Promise.all(series!.images.map((image) => decodeImage(image))), { gradcam: true });
      references.set(series!.seriesInstanceUID!, {
        slices: prediction.slices.map((slice) => slice.probabilities),
        patient: prediction.patient.probabilities,
        patientId: phantom.plan.id,
        rows: series!.images[0]!.rows,
      });
    }

    // A text file named .dcm and a JPEG 2000 Part 2 file (a transfer syntax nothing here decodes).
    const oneSlice = generateCohort({ seed: 4, patients: 4, slicesPerSeries: 1 }).patients[0]!;
    const jpeg2000 = await renderPatientDicom(oneSlice, { transferSyntaxUID: TransferSyntax.JPEG2000Lossless });
    badPaths = [join(workDirectory, 'notes.dcm'), join(workDirectory, 'part2.dcm')];
    writeFileSync(badPaths[0]!, 'Referral letter: please review the spine MR.\n');
    writeFileSync(badPaths[1]!, withUnsupportedTransferSyntax(jpeg2000.files[0]!.bytes));

    harness = await startApp((outDir) => cpSync(join(workDirectory, 'bundle'), join(outDir, 'model'), { recursive: true }));
  }, 100_000);

  afterAll(async () => {
    await harness?.close();
    classifier?.dispose();
    if (workDirectory) rmSync(workDirectory, { recursive: true, force: true });
  });

  /**
   * Opens both phantom series, checks that one was chosen automatically, then picks the other by hand.
   * Returns the Node reference of the picked series.
   */
  async function openAndPickSeries(page: Page, how: 'files' | 'folder'): Promise<Reference> {
    if (how === 'files') await page.setInputFiles('#file-input', phantoms.flatMap((phantom) => phantom.paths));
    else await page.setInputFiles('#folder-input', join(workDirectory, 'images'));
    await expect.poll(() => page.locator('#series-list [role="radio"]').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator('#series-list [aria-checked="true"]').count()).toBe(1);
    expect(await page.locator('#series-list [aria-checked="true"]').textContent()).toContain('chosen automatically');
    const other = page.locator('#series-list [aria-checked="false"]');
    const uid = (await other.getAttribute('data-series-uid'))!;
    await other.click();
    expect(await page.locator('#series-list [aria-checked="true"]').getAttribute('data-series-uid')).toBe(uid);
    expect(await page.locator('#slice-readout').textContent()).toBe('3 / 4');
    return references.get(uid)!;
  }

  /** The page's per-slice and patient probabilities equal the Node API's within TOLERANCE. */
  async function expectReferenceProbabilities(page: Page, reference: Reference): Promise<void> {
    const rows = await page.locator('#slice-results tbody tr').evaluateAll((elements) => elements.map((row) => JSON.parse((row as HTMLElement).dataset.probabilities!) as number[]));
    const patient = JSON.parse((await page.locator('#patient-result').getAttribute('data-probabilities'))!) as number[];
    const worst = Math.max(...rows.flatMap((row, index) => row.map((value, classIndex) => Math.abs(value - reference.slices[index]![classIndex]!))));
    expect(worst, `page ${JSON.stringify(rows)} vs Node ${JSON.stringify(reference.slices)}`).toBeLessThan(TOLERANCE);
    expect(Math.max(...patient.map((value, classIndex) => Math.abs(value - reference.patient[classIndex]!)))).toBeLessThan(TOLERANCE);
  }

  /** Runs a prediction and checks it against the Node API, the overlay pixels and the network log. */
  async function predictAndCheck(page: Page, requests: RequestLog, reference: Reference, screenshot: string): Promise<void> {
    await page.locator('#predict-button').click();
    await expect.poll(() => page.locator('#slice-results tbody tr').count(), { timeout: 60_000 }).toBe(4);
    await page.screenshot({ path: join(OUTPUT, screenshot) });
    await expectReferenceProbabilities(page, reference);

    expect(await page.locator('#slice-canvas').getAttribute('data-overlay')).toBe('shown');
    const colour = await page.locator('#slice-canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      const values = new Set<number>();
      for (let index = 0; index < data.length; index += 4) {
        const r = data[index]!;
        const g = data[index + 1]!;
        const b = data[index + 2]!;
        if (Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
        values.add((r << 16) | (g << 8) | b);
      }
      return { coloured: coloured / (data.length / 4), distinct: values.size };
    });
    // Jet over grey: most pixels take a hue (grey alone has none), and many distinct colours (not a flat fill).
    expect(colour.coloured).toBeGreaterThan(0.3);
    expect(colour.distinct).toBeGreaterThan(100);
    expect(requests.external).toEqual([]);
    expect(requests.urls.every((url) => url.startsWith(harness.url) || url.startsWith('blob:') || url.startsWith('data:'))).toBe(true);
  }

  it('should reproduce the Node probabilities on wasm with a bundle from a URL, show the overlay and export it, offline', async () => {
    const { context, page, requests } = await openPage(harness, '?backend=wasm');
    try {
      await waitForBackend(page, 'wasm');
      // COOP/COEP make the page cross-origin isolated, so the wasm backend gets its worker threads.
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.locator('#backend-status').textContent()).toMatch(/^wasm ready \(\d+ threads\)$/);
      const reference = await openAndPickSeries(page, 'files');
      // Identifiers are hidden until asked for.
      expect(await page.locator('dd[data-keyword="PatientName"]').textContent()).toBe('hidden');
      await page.locator('#show-identifiers').check();
      expect(await page.locator('dd[data-keyword="PatientName"]').textContent()).toBe(`PHANTOM ${reference.patientId}`);
      await page.locator('#show-identifiers').uncheck();
      // Keyboard navigation moves through the slices.
      await page.locator('#slice-canvas').focus();
      await page.keyboard.press('ArrowDown');
      expect(await page.locator('#slice-readout').textContent()).toBe('4 / 4');
      await page.keyboard.press('Home');
      expect(await page.locator('#slice-readout').textContent()).toBe('1 / 4');

      await page.locator('#model-url-form button[type="submit"]').click();
      await expect.poll(() => page.locator('#model-status').textContent(), { timeout: 30_000 }).toMatch(/^Loaded resnet18/);
      expect(await page.locator('#model-progress').evaluate((progress: HTMLProgressElement) => progress.value === progress.max)).toBe(true);
      // From here on nothing needs the network.
      await context.setOffline(true);
      await predictAndCheck(page, requests, reference, 'viewer-overlay-wasm.png');

      const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-png').click()]);
      const png = readFileSync((await pngDownload.path())!);
      expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
      const [dicomDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-dicom').click()]);
      const capture = parseDicom(new Uint8Array(readFileSync((await dicomDownload.path())!)));
      expect([capture.sopClassUID, capture.samplesPerPixel, capture.rows, capture.patientId]).toEqual(['1.2.840.10008.5.1.4.1.1.7', 3, reference.rows, reference.patientId]);

      // Switching the backend carries the loaded weights over; the next prediction runs there and still matches.
      await page.locator('#backend-select').selectOption('cpu');
      await waitForBackend(page, 'cpu');
      await page.locator('#predict-button').click();
      await expect.poll(() => page.locator('#predict-status').textContent(), { timeout: 60_000 }).toMatch(/ms per slice\) on cpu\.$/);
      await expectReferenceProbabilities(page, reference);
      expect(requests.external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('should reproduce the Node probabilities on WebGL (SwiftShader) with images from a folder and a bundle chosen from disk', async () => {
    const { context, page, requests } = await openPage(harness, '?backend=webgl');
    try {
      await waitForBackend(page, 'webgl');
      const reference = await openAndPickSeries(page, 'folder');
      await page.setInputFiles('#model-files-input', bundlePaths);
      await expect.poll(() => page.locator('#model-status').textContent(), { timeout: 30_000 }).toMatch(/^Loaded resnet18/);
      await predictAndCheck(page, requests, reference, 'viewer-overlay-webgl.png');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('should explain a non-DICOM file and an unsupported transfer syntax in plain words', async () => {
    const { context, page, requests } = await openPage(harness, '?backend=cpu');
    try {
      await waitForBackend(page, 'cpu');
      await page.setInputFiles('#file-input', [...badPaths, phantoms[0]!.paths[0]!]);
      const banner = page.locator('#error-banner');
      await expect.poll(() => banner.textContent(), { timeout: 30_000 }).toContain('could not be opened');
      expect(await banner.isVisible()).toBe(true);
      const text = await banner.textContent();
      expect(text).toContain('2 of 3 file(s) could not be opened');
      expect(text).toMatch(/“notes\.dcm” is not a DICOM file.*\[NOT_DICOM\]/);
      expect(text).toMatch(/“part2\.dcm” uses a compression .*1\.2\.840\.10008\.1\.2\.4\.92.*\[UNSUPPORTED_TRANSFER_SYNTAX\]/);
      // The good file still opens.
      expect(await page.locator('#slice-readout').textContent()).toBe('1 / 1');
      expect(requests.external).toEqual([]);
      await page.screenshot({ path: join(OUTPUT, 'viewer-error.png') });

      // A file dropped on the drop zone opens like a picked one (and clears the old errors).
      const dropped = Array.from(readFileSync(phantoms[0]!.paths[1]!));
      await page.locator('#drop-zone').evaluate((zone, bytes) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], 'IM0002.dcm', { type: 'application/dicom' }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }, dropped);
      await expect.poll(() => page.locator('#open-status').textContent(), { timeout: 30_000 }).toBe('1 image in 1 series.');
      expect(await banner.isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('should preprocess a slice in the bundled speed page exactly as Node does', async () => {
    const { context, page, requests } = await openPage(harness, 'preprocess-timing.html');
    try {
      const result = page.locator('#preprocess-result');
      await page.waitForFunction(() => document.querySelector<HTMLOutputElement>('#preprocess-result')?.dataset.checksum !== undefined, undefined, { timeout: 60_000 });
      const checksum = Number(await result.getAttribute('data-checksum'));
      const msPerImage = Number(await result.getAttribute('data-ms-per-image'));
      const node = timePreprocessing(1, 1);
      // The same code on the same input: equal up to float64 summation noise, and far from zero.
      expect(Math.abs(node.checksum)).toBeGreaterThan(1000);
      expect(Math.abs(checksum - node.checksum)).toBeLessThan(1e-9 * Math.abs(node.checksum));
      expect(msPerImage).toBeGreaterThan(0);
      expect(Number.isFinite(msPerImage)).toBe(true);
      expect(await result.textContent()).toMatch(/^\d+\.\d\d ms per image$/);
      expect(requests.external).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

