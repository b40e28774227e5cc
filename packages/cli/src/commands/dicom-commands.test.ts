import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasTool } from '@spinedx/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryIo } from '../io/cli-io';
import { EXIT_CODES } from '../io/exit-codes';
import { runCli } from '../run-cli';

const corpus = fileURLToPath(new URL('../../../../fixtures/dicom-corpus/', import.meta.url));
const run = async (...args: string[]) => {
  const io = createMemoryIo();
  const code = await runCli(['node', 'spinedx', ...args], io);
  return { code, out: io.out, err: io.err };
};

describe('dicom info', () => {
  it('should print the attributes of a DICOM file as JSON', async () => {
    const result = await run('dicom', 'info', join(corpus, 'valid/MR_16x16_jpegls.dcm'), '--json');
    expect(result.code).toBe(0);
    const info = JSON.parse(result.out) as Record<string, unknown>;
    expect([info.patientId, info.rows, info.columns, info.transferSyntax]).toEqual(['98890234', 16, 16, 'JPEGLSLossless']);
  });

  it('should fail with one line and the not-found code for a missing file', async () => {
    const result = await run('dicom', 'info', '/no/such/file.dcm');
    expect(result.code).toBe(EXIT_CODES.notFound);
    expect(result.err).toBe("spinedx: dicom info: '/no/such/file.dcm' does not exist or cannot be read\n");
  });

  it.each(['garbage_2k.dcm', 'empty.dcm', 'missing_pixeldata.dcm'])('should fail with the not-DICOM code for malformed/%s', async (name) => {
    const result = await run('dicom', 'info', join(corpus, 'malformed', name));
    expect(result.code).toBe(EXIT_CODES.notDicom);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).toContain(`'${join(corpus, 'malformed', name)}' is not a readable DICOM image`);
  });

  it('should fail with the not-DICOM code for a text file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'spinedx-cli-'));
    await writeFile(join(folder, 'notes.txt'), 'patient_id,label\nA,STB\n'.repeat(20));
    expect((await run('dicom', 'info', join(folder, 'notes.txt'))).code).toBe(EXIT_CODES.notDicom);
  });
});

describe('dicom dump', () => {
  it.runIf(hasTool('dcmdump'))('should list the same top-level elements and values as DCMTK dcmdump', async () => {
    const file = join(corpus, 'valid/CT_small.dcm');
    const result = await run('dicom', 'dump', file, '--json');
    const ours = (JSON.parse(result.out) as { elements: { tag: string; keyword: string | null; value: string }[] }).elements;
    const reference = spawnSync('dcmdump', ['-q', file], { encoding: 'utf8' }).stdout;
    const referenceTags = reference.split('\n').filter((line) => line.startsWith('(')).map((line) => line.slice(0, 11).toUpperCase());
    // dcmdump prints sequence delimiters (FFFE,E0DD) at the sequence's level; they are markers, not elements.
    const elementTags = referenceTags.filter((tag) => !tag.startsWith('(FFFE,'));
    expect(ours.map((element) => element.tag).sort()).toEqual([...new Set(elementTags)].sort());
    const patientName = /^\(0010,0010\) PN \[([^\]]*)\]/m.exec(reference)![1];
    expect(ours.find((element) => element.keyword === 'PatientName')!.value).toBe(patientName);
  });
});

describe('dicom series', () => {
  it('should group a folder and report the rejected files', async () => {
    const result = await run('dicom', 'series', join(corpus, 'valid'), '--json');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as { series: { images: number }[]; failures: unknown[] };
    expect(parsed.series.reduce((sum, item) => sum + item.images, 0) + parsed.failures.length).toBeGreaterThan(50);
  });

  it('should fail with the not-DICOM code when a folder holds no DICOM image', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'spinedx-cli-'));
    await writeFile(join(folder, 'a.txt'), 'hello');
    const result = await run('dicom', 'series', folder);
    expect(result.code).toBe(EXIT_CODES.notDicom);
    expect(result.err).toContain('no readable DICOM image');
  });
});
