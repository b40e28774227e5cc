import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeFrame, DicomError, parseDicom } from '../src/index';

// The shared conformance corpus, copied into the repository (fixtures/dicom-corpus, see its README.md).
const corpus = join(import.meta.dirname, '../../../fixtures/dicom-corpus');
interface Entry {
  file: string;
  kind: 'valid' | 'malformed';
  transferSyntax?: string;
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  pixelRepresentation: number;
  dtype: 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32';
  ref: string;
  tolerance: { maxAbsDiff: number; meanAbsDiff: number } | null;
  expectCode?: string;
}
const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as { files: Entry[] };
const referenceTypes = { uint8: Uint8Array, int8: Int8Array, uint16: Uint16Array, int16: Int16Array, uint32: Uint32Array, int32: Int32Array };
const signedTypes = [Int8Array, Int16Array, Int32Array];

function readReference(entry: Entry): ArrayLike<number> {
  const raw = gunzipSync(readFileSync(join(corpus, entry.ref)));
  const copy = new Uint8Array(raw.length);
  copy.set(raw);
  return new referenceTypes[entry.dtype](copy.buffer);
}

describe('decodeFrame', () => {
  it.each(manifest.files.filter((entry) => entry.kind === 'valid').map((entry) => [entry.file, entry] as const))(
    'should decode %s to the pydicom reference',
    async (_file, entry) => {
      const image = parseDicom(new Uint8Array(readFileSync(join(corpus, entry.file))));
      const reference = readReference(entry);
      const perFrame = entry.rows * entry.columns * entry.samplesPerPixel;
      let maxDiff = 0;
      let sumDiff = 0;
      const shapes: string[] = [];
      for (let frameIndex = 0; frameIndex < entry.frames; frameIndex++) {
        const frame = await decodeFrame(image, frameIndex);
        shapes.push(`${frame.rows}x${frame.columns}x${frame.samplesPerPixel}:${frame.data.length}:${signedTypes.some((type) => frame.data instanceof type) ? 'signed' : 'unsigned'}`);
        for (let index = 0; index < perFrame; index++) {
          const difference = Math.abs(frame.data[index]! - reference[frameIndex * perFrame + index]!);
          maxDiff = Math.max(maxDiff, difference);
          sumDiff += difference;
        }
      }
      const tolerance = entry.tolerance ?? { maxAbsDiff: 0, meanAbsDiff: 0 };
      const expectedShape = `${entry.rows}x${entry.columns}x${entry.samplesPerPixel}:${perFrame}:${entry.pixelRepresentation === 1 ? 'signed' : 'unsigned'}`;
      expect({ frames: image.numberOfFrames, shapes, maxOk: maxDiff <= tolerance.maxAbsDiff, meanOk: sumDiff / (perFrame * entry.frames) <= tolerance.meanAbsDiff }).toEqual({
        frames: entry.frames,
        shapes: Array.from({ length: entry.frames }, () => expectedShape),
        maxOk: true,
        meanOk: true,
      });
    },
  );

  it.each(manifest.files.filter((entry) => entry.kind === 'malformed').map((entry) => [entry.file, entry] as const))('should reject %s with a DicomError', async (_file, entry) => {
    const attempt = async (): Promise<void> => {
      const image = parseDicom(new Uint8Array(readFileSync(join(corpus, entry.file))));
      for (let frameIndex = 0; frameIndex < Math.min(64, image.numberOfFrames); frameIndex++) await decodeFrame(image, frameIndex);
    };
    const error = await attempt().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect([error instanceof DicomError, (error as DicomError | undefined)?.name, entry.expectCode === undefined || (error as DicomError).code === entry.expectCode]).toEqual([true, 'DicomError', true]);
  });
});
