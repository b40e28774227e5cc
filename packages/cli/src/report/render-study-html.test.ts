import { mkdir, rm } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hasTool } from '@spinedx/test-utils';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makeStudyInput } from './__fixtures__/study-input';
import { buildStudyReport } from './build-study-report';
import { renderStudyHtml } from './render-study-html';
import { writeStudyReport } from './write-study-report';

const outputDir = fileURLToPath(new URL('../../test-results/report-fixture/', import.meta.url));

/** Chromium flags of /work/shared/TOOLING.md: no sandbox (root), no background traffic. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

describe('renderStudyHtml', () => {
  it('should embed every figure and reference nothing outside the file', () => {
    const bundle = buildStudyReport(makeStudyInput(21));
    const html = renderStudyHtml(bundle.report, (path) => bundle.assets.get(path));
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src="(?!data:)|href="(?!#|data:)/);
    expect(html.match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(4 * 2 * 2);
    expect(html.match(/<svg /g)).toHaveLength(3 + 4 * 2);
    expect(html).toContain('Synthetic data: not a clinical result.');
    for (const model of bundle.report.models) expect(html).toContain(model.displayName);
    expect(html).toContain('Reader 2');
  });
});

describe('writeStudyReport', () => {
  it.runIf(hasTool('chromium'))('should render in headless Chromium without any network request', async () => {
    await rm(outputDir, { recursive: true, force: true });
    await mkdir(outputDir, { recursive: true });
    const written = await writeStudyReport(buildStudyReport(makeStudyInput(21)), outputDir);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(written.html).href);
      const images = await page.$$eval('img', (nodes) => nodes.map((node) => (node as HTMLImageElement).naturalWidth));
      expect(images.every((width) => width === 96)).toBe(true);
      const tableRows = await page.$$eval('#performance tbody tr', (rows) => rows.length);
      expect(tableRows).toBe(4 + 4 + 2);
      await page.screenshot({ path: `${outputDir}screenshot.png`, fullPage: true });
      expect(requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
