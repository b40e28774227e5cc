import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './checksums';
import { readFromDirectory, writeBundleDirectory } from './bundle-directory';
import { decodeBundle, encodeBundle } from './bundle-format';

const work = mkdtempSync(join(tmpdir(), 'spinedx-bundle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function saveExample(directory: string, scale = 1) {
  const tensors = new Map<string, tf.Tensor>([
    ['conv1.weight', tf.tensor4d([1, 2, 3, 4].map((value) => value * scale), [1, 1, 1, 4])],
    ['fc.bias', tf.tensor1d([0.5, -0.5])],
  ]);
  const files = await encodeBundle({ backbone: 'resnet18', classes: ['STB', 'SM'] }, tensors, { seed: 7 });
  tf.dispose([...tensors.values()]);
  await writeBundleDirectory(directory, files);
}

describe('bundle format', () => {
  it('should round-trip config, provenance and tensors through a folder', async () => {
    const directory = join(work, 'round-trip');
    await saveExample(directory);
    const { manifest, tensors } = await decodeBundle<{ backbone: string }>(readFromDirectory(directory));
    expect(manifest.config.backbone).toBe('resnet18');
    expect(manifest.provenance).toEqual({ seed: 7 });
    expect(Array.from(tensors.get('conv1.weight')!.dataSync())).toEqual([1, 2, 3, 4]);
    expect(tensors.get('conv1.weight')!.shape).toEqual([1, 1, 1, 4]);
    tf.dispose([...tensors.values()]);
  });

  it('should write SHA256SUMS that matches every file (sha256sum -c format)', async () => {
    const directory = join(work, 'sums');
    await saveExample(directory);
    const lines = readFileSync(join(directory, 'SHA256SUMS'), 'utf8').trim().split('\n');
    for (const line of lines) {
      const [digest, name] = line.split('  ');
      expect(await sha256Hex(new Uint8Array(readFileSync(join(directory, name!))))).toBe(digest);
    }
    expect(lines.map((line) => line.split('  ')[1])).toEqual(['spinedx.json', 'weights.bin']);
  });

  it('should name the tampered file', async () => {
    const directory = join(work, 'tampered');
    await saveExample(directory);
    const weights = readFileSync(join(directory, 'weights.bin'));
    weights[3] = weights[3]! ^ 0xff;
    writeFileSync(join(directory, 'weights.bin'), weights);
    await expect(decodeBundle(readFromDirectory(directory))).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH', file: 'weights.bin' });
  });

  it('should name a truncated manifest', async () => {
    const directory = join(work, 'truncated');
    await saveExample(directory);
    const manifest = readFileSync(join(directory, 'spinedx.json'));
    writeFileSync(join(directory, 'spinedx.json'), manifest.subarray(0, manifest.length >> 1));
    await expect(decodeBundle(readFromDirectory(directory))).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH', file: 'spinedx.json' });
  });

  it('should report a missing file', async () => {
    await expect(decodeBundle(readFromDirectory(join(work, 'nothing-here')))).rejects.toMatchObject({ code: 'MISSING_FILE', file: 'SHA256SUMS' });
  });

  it('should replace an existing bundle atomically and leave no temporary folders', async () => {
    const directory = join(work, 'replace');
    await saveExample(directory, 1);
    await saveExample(directory, 10);
    const { tensors } = await decodeBundle(readFromDirectory(directory));
    expect(Array.from(tensors.get('conv1.weight')!.dataSync())).toEqual([10, 20, 30, 40]);
    tf.dispose([...tensors.values()]);
    expect(readdirSync(work).filter((name) => name.startsWith('.replace'))).toEqual([]);
    expect(existsSync(join(directory, 'weights.bin'))).toBe(true);
  });
});

describe('writeBundleDirectory after a failure', () => {
  it('should leave the previous bundle intact when writing the new one fails midway', async () => {
    const directory = join(work, 'crash');
    await saveExample(directory, 1);
    // The second file cannot be written (its name points into a folder that does not exist), as if the process died there.
    const failing = new Map<string, Uint8Array>([
      ['spinedx.json', new Uint8Array([1, 2, 3])],
      ['missing-folder/weights.bin', new Uint8Array([4])],
    ]);
    await expect(writeBundleDirectory(directory, failing)).rejects.toMatchObject({ code: 'WRITE_FAILED' });
    const { tensors } = await decodeBundle(readFromDirectory(directory));
    expect(Array.from(tensors.get('conv1.weight')!.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([...tensors.values()]);
    expect(readdirSync(work).filter((name) => name.startsWith('.crash'))).toEqual([]);
  });
});
