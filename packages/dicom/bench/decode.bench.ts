// `pnpm bench` (or `pnpm --filter @spinedx/dicom bench` after a build): decode throughput of @spinedx/dicom
// against pydicom (+numpy, Debian's python3-pydicom) and dcmtk's command-line decoders on the same files, in
// the same run; then a long fuzz run. Rows go to bench/results.json through recordBenchRow.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createRandom } from '@spinedx/core';
import { createMrDataset, createUid, decodeFrame, DicomError, parseDicom, TransferSyntax, writeDicom } from '@spinedx/dicom';
import { measureMs, recordBenchRow, runPythonJson } from '@spinedx/test-utils';
import { mutate, readSeedFiles } from '../test/fuzz-inputs';

const corpus = join(import.meta.dirname, '../../../fixtures/dicom-corpus');
const workDirectory = mkdtempSync(join(tmpdir(), 'spinedx-dicom-bench-'));
const slices = Number(process.env.SPINEDX_BENCH_SLICES ?? 16);
const fuzzRuns = Number(process.env.SPINEDX_FUZZ_RUNS ?? 30000);

// Debian's pydicom lives in /usr/bin/python3; a python3 earlier on PATH (pyenv) may lack it.
const pythonPath = ['', '/usr/bin'].find((directory) => spawnSync(directory === '' ? 'python3' : `${directory}/python3`, ['-c', 'import pydicom, numpy'], { stdio: 'ignore' }).status === 0);
const pythonEnv: Record<string, string> = pythonPath === '/usr/bin' ? { PATH: `/usr/bin:${process.env.PATH ?? ''}` } : {};

/** A synthetic 512x512 12-bit sagittal T2 MR series: smooth anatomy-like blobs plus noise. */
function syntheticSeries(): ReturnType<typeof createMrDataset>[] {
  const random = createRandom(42);
  const size = 512;
  const study = { instanceUid: createUid(random), date: '20240101', time: '120000' };
  const series = { instanceUid: createUid(random), number: 2, description: 'T2 TSE SAG' };
  const frameOfReferenceUid = createUid(random);
  return Array.from({ length: slices }, (_, slice) => {
    const pixels = new Uint16Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const body = Math.exp(-(((x - 256) / 140) ** 2 + ((y - 256) / 220) ** 2));
        const spine = Math.exp(-(((x - 300 - 8 * Math.sin(y / 60 + slice / 4)) / 18) ** 2)) * (0.6 + 0.4 * Math.cos(y / 9));
        pixels[y * size + x] = Math.max(0, Math.min(4095, Math.round(2200 * body + 1400 * spine + random.normal(0, 25))));
      }
    }
    return createMrDataset({
      pixelData: pixels, rows: size, columns: size, bitsStored: 12,
      patient: { id: 'BENCH' }, study, series,
      sopInstanceUid: createUid(random), instanceNumber: slice + 1, frameOfReferenceUid,
      imagePositionPatient: [slice * 4 - 32, -120, 120], imageOrientationPatient: [0, 1, 0, 0, 0, -1],
      pixelSpacing: [0.5, 0.5], sliceThickness: 4, echoTime: 100, repetitionTime: 3500,
    });
  });
}

async function decodeAll(paths: string[]): Promise<number> {
  let frames = 0;
  for (const path of paths) {
    const image = parseDicom(new Uint8Array(readFileSync(path)));
    for (let frame = 0; frame < image.numberOfFrames; frame++) {
      await decodeFrame(image, frame);
      frames++;
    }
  }
  return frames;
}

const pydicomScript = `
import json, sys, time, statistics, pydicom
paths = sys.argv[1:]
def once():
    start = time.perf_counter()
    for path in paths:
        pydicom.dcmread(path).pixel_array
    return (time.perf_counter() - start) * 1000
try:
    once()
    print(json.dumps(statistics.median([once() for _ in range(3)])))
except Exception as error:
    print(json.dumps(None)); print(repr(error), file=sys.stderr)
`;

const dcmtkOutputDir = mkdtempSync(join(tmpdir(), 'spinedx-dcmtk-'));

function dcmtkMs(tool: string | undefined, paths: string[]): number | null {
  if (tool === undefined || spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return null;
  const run = (): number | null => {
    const start = performance.now();
    // Decoded copies go to a scratch folder, never next to the (committed) inputs.
    for (const path of paths) {
      if (spawnSync(tool, [path, join(dcmtkOutputDir, `${basename(path)}.out.dcm`)]).status !== 0) {
        // A file dcmtk cannot decode leaves the dcmtk column empty instead of ending the bench.
        console.log(`reference skipped: ${tool} failed on ${basename(path)}`);
        return null;
      }
    }
    return performance.now() - start;
  };
  if (run() === null) return null;
  const times = [run(), run(), run()];
  return times.includes(null) ? null : (times as number[]).sort((a, b) => a - b)[1]!;
}

async function benchFiles(task: string, label: string, paths: string[], dcmtkTool: string | undefined): Promise<void> {
  const frames = await decodeAll(paths);
  const bytes = frames === 0 ? 0 : paths.reduce((sum, path) => {
    const image = parseDicom(new Uint8Array(readFileSync(path)));
    return sum + image.rows * image.columns * image.samplesPerPixel * Math.ceil(image.bitsAllocated / 8) * image.numberOfFrames;
  }, 0);
  const oursMs = await measureMs(() => decodeAll(paths), { warmup: 1, iterations: 5 });
  const pydicomMs = runPythonJson<number | null>(pydicomScript, paths, pythonEnv);
  const dcmtk = dcmtkMs(dcmtkTool, paths);
  const megabytesPerSecond = (ms: number | null): number | string => (ms === null ? 'n/a' : Number((bytes / 1e6 / (ms / 1000)).toFixed(1)));
  // Debian's pydicom has no JPEG-LS, lossless JPEG or HTJ2K decoder (no pylibjpeg/GDCM plugin): those rows have no
  // reference. dcmtk's figures stay in `extra` only: they time a process per file, not a decode.
  const reference = pydicomMs === null ? 'pydicom+numpy (could not decode these files here)' : 'pydicom+numpy (dcmread + pixel_array)';
  recordBenchRow({
    task, model: label, backend: 'node', batch: frames, oursMs,
    reference, referenceMs: pydicomMs,
    extra: {
      msPerFrame: Number((oursMs / frames).toFixed(3)),
      oursMBps: megabytesPerSecond(oursMs),
      pydicomMBps: megabytesPerSecond(pydicomMs),
      throughputVsPydicom: pydicomMs === null ? 'n/a' : Number((pydicomMs / oursMs).toFixed(2)),
      dcmtkTool: dcmtkTool ?? 'none',
      dcmtkMs: dcmtk === null ? 'n/a' : Number(dcmtk.toFixed(1)),
      oursVsDcmtk: dcmtk === null ? 'n/a' : Number((oursMs / dcmtk).toFixed(2)),
    },
  });
}

const syntaxes: [string, string, string | undefined][] = [
  ['ExplicitVRLittleEndian', TransferSyntax.ExplicitVRLittleEndian, 'dcmconv'],
  ['RLELossless', TransferSyntax.RLELossless, 'dcmdrle'],
  ['JPEGLSLossless', TransferSyntax.JPEGLSLossless, 'dcmdjpls'],
  ['JPEG2000Lossless', TransferSyntax.JPEG2000Lossless, undefined],
  ['HTJ2KLossless', TransferSyntax.HTJ2KLossless, undefined],
];

const series = syntheticSeries();
for (const [label, transferSyntaxUID, tool] of syntaxes) {
  const paths: string[] = [];
  for (const [index, dataset] of series.entries()) {
    const path = join(workDirectory, `${label}-${index}.dcm`);
    writeFileSync(path, await writeDicom(dataset, { transferSyntaxUID }));
    paths.push(path);
  }
  await benchFiles('dicom-decode-512x512x16bit', label, paths, tool);
}

// The corpus, per transfer syntax (small files: per-file overhead dominates).
const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as { files: { file: string; kind: string; transferSyntax: string }[] };
const bySyntax = new Map<string, string[]>();
for (const entry of manifest.files.filter((file) => file.kind === 'valid')) bySyntax.set(entry.transferSyntax, [...(bySyntax.get(entry.transferSyntax) ?? []), join(corpus, entry.file)]);
const corpusTools: Record<string, string> = { RLELossless: 'dcmdrle', JPEGLSLossless: 'dcmdjpls', JPEGLSNearLossless: 'dcmdjpls', JPEGBaseline8Bit: 'dcmdjpeg', JPEGExtended12Bit: 'dcmdjpeg', JPEGLossless: 'dcmdjpeg', JPEGLosslessSV1: 'dcmdjpeg' };
for (const [syntax, paths] of bySyntax) await benchFiles('dicom-decode-corpus', syntax, paths, corpusTools[syntax]);

// Long fuzz run: mutated corpus files must decode or throw DicomError.
const seeds = readSeedFiles(corpus);
const random = createRandom(Number(process.env.SPINEDX_FUZZ_SEED ?? 1));
let rejected = 0;
let findings = 0;
const fuzzStart = performance.now();
for (let run = 0; run < fuzzRuns; run++) {
  const { bytes } = mutate(seeds[random.integer(0, seeds.length - 1)]!.bytes, random);
  try {
    const image = parseDicom(bytes);
    for (let frame = 0; frame < Math.min(image.numberOfFrames, 4); frame++) await decodeFrame(image, frame);
  } catch (error) {
    if (error instanceof DicomError) rejected++;
    else {
      findings++;
      console.log(`fuzz finding at run ${run}: ${String(error)}`);
    }
  }
}
const fuzzMs = performance.now() - fuzzStart;
recordBenchRow({ task: 'dicom-fuzz', model: 'corpus-mutations', backend: 'node', batch: fuzzRuns, oursMs: fuzzMs, reference: 'none', referenceMs: null, extra: { inputs: fuzzRuns, rejected, findings } });
if (findings > 0) process.exitCode = 1;
