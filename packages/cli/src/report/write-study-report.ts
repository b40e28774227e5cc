import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderStudyHtml } from './render-study-html';
import { renderStudyMarkdown } from './render-study-markdown';
import type { StudyReportBundle } from './build-study-report';

/** Paths of what {@link writeStudyReport} wrote. */
export interface WrittenReport {
  html: string;
  json: string;
  markdown: string;
  figures: string[];
}

/** Writes `index.html` (self-contained), `report.json`, `report.md` and every figure (SVG, PNG) under `outDir`. */
export async function writeStudyReport(bundle: StudyReportBundle, outDir: string): Promise<WrittenReport> {
  await mkdir(outDir, { recursive: true });
  const figures: string[] = [];
  for (const [path, content] of bundle.assets) {
    const target = join(outDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    figures.push(target);
  }
  const written = { html: join(outDir, 'index.html'), json: join(outDir, 'report.json'), markdown: join(outDir, 'report.md'), figures };
  await writeFile(written.json, `${JSON.stringify(bundle.report, null, 2)}\n`);
  await writeFile(written.markdown, renderStudyMarkdown(bundle.report));
  await writeFile(written.html, renderStudyHtml(bundle.report, (path) => bundle.assets.get(path)));
  return written;
}
