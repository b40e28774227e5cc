import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

/** The app folder (examples/browser). */
export const APP_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Launch flags of TOOLING.md: no background traffic, no QUIC, SwiftShader for WebGL, WebGPU on SwiftShader. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
];

/** A built app served by `vite preview` on 127.0.0.1, plus a Chromium to open it with. */
export interface AppHarness {
  url: string;
  outDir: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released for vite's --strictPort). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Builds the app with vite (packages resolved through their package.json exports, i.e. their dist), lets
 * `prepare` add files to the output (a model bundle), serves it with `vite preview` and launches Chromium.
 */
export async function startApp(prepare: (outDir: string) => Promise<void> | void = () => {}): Promise<AppHarness> {
  const outDir = mkdtempSync(join(tmpdir(), 'spinedx-browser-'));
  await build({ root: APP_ROOT, configFile: join(APP_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  await prepare(outDir);
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: APP_ROOT,
    configFile: join(APP_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { port, strictPort: true, host: '127.0.0.1', open: false },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    url: `http://127.0.0.1:${port}/`,
    outDir,
    browser,
    async close() {
      await browser.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Every request a page made, and those that were not for the local server (blocked). */
export interface RequestLog {
  urls: string[];
  external: string[];
}

/**
 * A fresh context whose requests are all intercepted: those for 127.0.0.1/localhost go through, any other
 * is aborted and logged, so a test can assert that nothing leaves the machine.
 */
export async function openPage(harness: AppHarness, query = ''): Promise<{ context: BrowserContext; page: Page; requests: RequestLog }> {
  const context = await harness.browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const requests: RequestLog = { urls: [], external: [] };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.urls.push(url);
    const { protocol, hostname } = new URL(url);
    const local = hostname === '127.0.0.1' || hostname === 'localhost' || protocol === 'data:' || protocol === 'blob:';
    if (local) return route.continue();
    requests.external.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${harness.url}${query}`);
  return { context, page, requests };
}

/** Waits until the page's backend is `name` (it reports it on body[data-backend]). */
export async function waitForBackend(page: Page, name: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction((expected) => document.body.dataset.backend === expected, name, { timeout });
}
