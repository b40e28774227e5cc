import { join } from 'node:path';
import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { decodeFrame, DicomError, parseDicom } from '../src/index';
import { mutate, readSeedFiles } from './fuzz-inputs';

// Each run mutates corpus files and decodes them; anything but success or a DicomError is a finding.
// SPINEDX_FUZZ_RUNS overrides the count (the bench script runs many more); SPINEDX_FUZZ_SEED the seed.
const runs = Number(process.env.SPINEDX_FUZZ_RUNS ?? 2000);
const seed = Number(process.env.SPINEDX_FUZZ_SEED ?? 20240601);

describe('parseDicom and decodeFrame under mutation', () => {
  it(`should answer ${runs} mutated corpus files with a result or a DicomError, never another error or a hang`, async () => {
    const seeds = readSeedFiles(join(import.meta.dirname, '../../../fixtures/dicom-corpus'));
    const random = createRandom(seed);
    const findings: string[] = [];
    const outcomes = { decoded: 0, rejected: 0 };
    for (let run = 0; run < runs; run++) {
      const source = seeds[random.integer(0, seeds.length - 1)]!;
      const { kind, bytes } = mutate(source.bytes, random);
      const started = performance.now();
      try {
        const image = parseDicom(bytes);
        for (let frameIndex = 0; frameIndex < Math.min(image.numberOfFrames, 4); frameIndex++) await decodeFrame(image, frameIndex);
        outcomes.decoded++;
      } catch (error) {
        if (error instanceof DicomError && typeof error.code === 'string' && error.name === 'DicomError') outcomes.rejected++;
        else findings.push(`run ${run} (${kind} of ${source.name}): ${String(error)}`);
      }
      const elapsed = performance.now() - started;
      if (elapsed > 2000) findings.push(`run ${run} (${kind} of ${source.name}): took ${elapsed.toFixed(0)} ms`);
    }
    console.log(`fuzz: ${runs} inputs, ${outcomes.decoded} decoded, ${outcomes.rejected} rejected with DicomError, ${findings.length} findings`);
    expect(findings).toEqual([]);
  });
});

describe('parseDicom regressions found by the benchmark fuzz run', () => {
  it('should turn dicom-parser string throws while reading attributes into a DicomError (seed 1, run 214)', async () => {
    const seeds = readSeedFiles(join(import.meta.dirname, '../../../fixtures/dicom-corpus'));
    const random = createRandom(1);
    let bytes: Uint8Array = new Uint8Array(0);
    for (let run = 0; run <= 214; run++) bytes = mutate(seeds[random.integer(0, seeds.length - 1)]!.bytes, random).bytes;
    const error = await (async () => {
      const image = parseDicom(bytes);
      for (let frameIndex = 0; frameIndex < Math.min(image.numberOfFrames, 4); frameIndex++) await decodeFrame(image, frameIndex);
    })().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error === undefined || error instanceof DicomError).toBe(true);
  });
});
