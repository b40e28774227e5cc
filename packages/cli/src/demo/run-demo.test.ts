import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createMemoryIo } from '../io/cli-io';
import { validateStudyReport } from '../report/study-report-schema';
import { getDemoProfile } from './demo-profiles';
import { runDemo } from './run-demo';

const out = fileURLToPath(new URL('../../test-results/demo-tiny/', import.meta.url));

describe('runDemo', () => {
  it('should run the tiny profile end to end and write a report that matches the schema', async () => {
    await rm(out, { recursive: true, force: true });
    const io = createMemoryIo();
    const profile = getDemoProfile('tiny');
    const { report, written } = await runDemo(io, { out, profile, backend: 'wasm', seed: 7 });
    const tensorsAfterFirstRun = tf.memory().numTensors;

    const json = validateStudyReport(JSON.parse(await readFile(written.json, 'utf8')));
    expect(json.models.map((model) => model.backbone)).toEqual(profile.backbones);
    const externalPatients = json.config.cohort.sites.filter((site) => site.role === 'external').reduce((sum, site) => sum + site.patients, 0);
    for (const model of json.models) {
      expect(model.external.samples).toBe(externalPatients * profile.slicesPerPatient);
      expect(model.external.patientLevel.samples).toBe(externalPatients);
      expect(model.internal.confusionMatrix.flat().reduce((sum, count) => sum + count, 0)).toBe(model.internal.samples);
      expect(model.training.history).toHaveLength(profile.epochs);
      expect(existsSync(join(out, 'models', model.backbone, 'SHA256SUMS'))).toBe(true);
    }
    expect(json.readers.cases).toBe(externalPatients);
    expect(json.readers.modelVsReader).toHaveLength(profile.backbones.length * 2);
    expect(json.environment.backend).toBe('wasm');
    const roc = await readFile(join(out, json.figures['roc-external-image']!), 'utf8');
    expect(roc.match(/<polyline[^>]*data-model=/g)).toHaveLength(profile.backbones.length);
    const html = await readFile(written.html, 'utf8');
    expect(html).toContain('Synthetic data: not a clinical result.');
    expect(html).not.toMatch(/src="(?!data:)/);
    expect(await readFile(written.markdown, 'utf8')).toContain('## External test, patients');
    expect(report.timings.totalSeconds).toBeGreaterThan(0);
    expect(io.err).toContain("spinedx demo, profile 'tiny'");
    // The demo disposes every model it trained.
    expect(tensorsAfterFirstRun).toBe(0);
    // About 20 s of CPU; the margin is for a machine shared with other jobs.
  }, 300_000);
});
