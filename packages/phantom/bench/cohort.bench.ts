// Generation of the default cohort (121 patients, 11 slices each, every DICOM file and mask PNG written),
// against pydicom writing the same number of uncompressed MR files of the same matrix sizes (a floor: no
// rendering, no compression). Also reports the trivial logistic-regression baseline's held-out-site AUC.
import { evaluateLogisticBaseline, generateCohort } from '@spinedx/phantom';
import { writeCohort } from '@spinedx/phantom/node';
import { recordBenchRow, runPythonJson } from '@spinedx/test-utils';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cohort = generateCohort();
const folder = mkdtempSync(join(tmpdir(), 'phantom-bench-'));
const cpuBefore = process.cpuUsage();
const start = performance.now();
const manifest = await writeCohort(cohort, join(folder, 'cohort'));
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuBefore);
const slices = manifest.patients.reduce((sum, patient) => sum + patient.slices.length, 0);
const matrices = cohort.patients.map((patient) => patient.scanner.matrix.join('x'));

const reference = runPythonJson<{ ms: number }>(
  `
import json, os, sys, tempfile, time
import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
matrices = [tuple(int(v) for v in m.split('x')) for m in sys.argv[1].split(',')]
slices = int(sys.argv[2])
out = tempfile.mkdtemp()
rng = np.random.default_rng(0)
start = time.perf_counter()
for p, (rows, cols) in enumerate(matrices):
    for s in range(slices):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.4'
        meta.MediaStorageSOPInstanceUID = generate_uid()
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = FileDataset(None, {}, file_meta=meta, preamble=b'\\0' * 128)
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.Modality = 'MR'; ds.SeriesDescription = 'T2 SAG'; ds.PatientID = str(p)
        ds.Rows = rows; ds.Columns = cols; ds.SamplesPerPixel = 1; ds.PhotometricInterpretation = 'MONOCHROME2'
        ds.BitsAllocated = 16; ds.BitsStored = 16; ds.HighBit = 15; ds.PixelRepresentation = 0
        ds.ImageOrientationPatient = [0, 1, 0, 0, 0, -1]; ds.ImagePositionPatient = [s, 0, 0]; ds.PixelSpacing = [1, 1]
        ds.PixelData = rng.integers(0, 4000, size=(rows, cols), dtype=np.uint16).tobytes()
        ds.save_as(os.path.join(out, f'{p}-{s}.dcm'), write_like_original=False)
print(json.dumps({'ms': (time.perf_counter() - start) * 1000}))
`,
  [matrices.join(','), String(cohort.slicesPerSeries)],
);

console.log(`phantom-default-cohort: wall ${(wallMs / 1000).toFixed(1)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${slices} slices`);
recordBenchRow({
  task: 'phantom-default-cohort',
  model: `${cohort.patients.length} patients x ${cohort.slicesPerSeries} slices`,
  backend: 'node',
  batch: cohort.patients.length,
  oursMs: wallMs,
  reference: 'pydicom write of as many uncompressed MR files (no rendering)',
  referenceMs: reference?.ms ?? null,
  extra: { slices, cpuMs: Math.round((cpu.user + cpu.system) / 1000), underSixtySeconds: wallMs < 60_000 ? 'yes' : 'no' },
});

const baselineStart = performance.now();
const baseline = evaluateLogisticBaseline(cohort);
recordBenchRow({
  task: 'phantom-logistic-baseline',
  model: `logistic regression on ${baseline.inputSize}x${baseline.inputSize} middle slice`,
  backend: 'node',
  batch: cohort.patients.length,
  oursMs: performance.now() - baselineStart,
  reference: 'none (score row)',
  referenceMs: null,
  extra: { developmentAuc: +baseline.developmentAuc.toFixed(3), externalAuc: +baseline.externalAuc.toFixed(3), externalAccuracy: +baseline.externalAccuracy.toFixed(3) },
});
console.log(`phantom-logistic-baseline: development AUC ${baseline.developmentAuc.toFixed(3)}, external AUC ${baseline.externalAuc.toFixed(3)}, external accuracy ${baseline.externalAccuracy.toFixed(3)}`);
rmSync(folder, { recursive: true, force: true });
