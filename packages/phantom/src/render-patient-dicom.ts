import { createRandom } from '@spinedx/core';
import { createMrDataset, createUid, TransferSyntax, writeDicom } from '@spinedx/dicom';
import { encode } from 'fast-png';
import type { PatientPlan } from './cohort-plan';
import { PhantomError } from './phantom-error';
import { renderPatient, type RenderedPatient } from './render-patient';
import type { PhantomTransferSyntax } from './site-profile';

/** One file of a rendered patient, named relative to the patient's folder. */
export interface PatientFile {
  /** Relative path, e.g. `IM0001.dcm` or `masks/IM0001.png`. */
  name: string;
  bytes: Uint8Array;
}

/** One slice's mask file and how many lesion pixels it holds. */
export interface PatientMaskFile extends PatientFile {
  /** The DICOM file the mask belongs to. */
  image: string;
  instanceNumber: number;
  lesionPixels: number;
}

/** A patient written as DICOM: the series files, one mask PNG per slice, and the identifiers used. */
export interface PatientDicom {
  plan: PatientPlan;
  /** The rendered series the files were made from. */
  rendered: RenderedPatient;
  files: (PatientFile & { instanceNumber: number; sopInstanceUid: string })[];
  masks: PatientMaskFile[];
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
}

/** Options of {@link renderPatientDicom}. */
export interface RenderPatientDicomOptions {
  /** Overrides the site's transfer syntax (a UID from `TransferSyntax` of @spinedx/dicom). */
  transferSyntaxUID?: string;
}

const TRANSFER_SYNTAX_UIDS: Record<PhantomTransferSyntax, string> = {
  'explicit-little': TransferSyntax.ExplicitVRLittleEndian,
  'implicit-little': TransferSyntax.ImplicitVRLittleEndian,
  rle: TransferSyntax.RLELossless,
  'jpeg-ls': TransferSyntax.JPEGLSLossless,
  'jpeg-2000': TransferSyntax.JPEG2000Lossless,
};

/** The transfer syntax UID a site's `transferSyntax` setting writes. */
export function transferSyntaxUid(setting: PhantomTransferSyntax): string {
  const uid = TRANSFER_SYNTAX_UIDS[setting];
  if (uid === undefined) {
    throw new PhantomError(`transferSyntaxUid: expected one of ${Object.keys(TRANSFER_SYNTAX_UIDS).join(', ')}, received ${String(setting)}`, 'INVALID_OPTION');
  }
  return uid;
}

/**
 * Renders a patient and encodes it as a DICOM MR series (sagittal T2, `T2 SAG`) plus one 8-bit grayscale PNG
 * mask per slice whose pixel values are the mask labels (0 none, 1 bone, 2 disc, 3 soft tissue). UIDs come
 * from the plan's seed and dates are fixed, so the bytes are identical on every run. Browser-safe.
 */
export async function renderPatientDicom(plan: PatientPlan, options: RenderPatientDicomOptions = {}): Promise<PatientDicom> {
  const rendered = renderPatient(plan);
  const { scanner } = rendered;
  const uidRandom = createRandom((plan.seed ^ 0x5bd1e995) >>> 0);
  const studyInstanceUid = createUid(uidRandom);
  const seriesInstanceUid = createUid(uidRandom);
  const frameOfReferenceUid = createUid(uidRandom);
  const transferSyntaxUID = options.transferSyntaxUID ?? transferSyntaxUid(scanner.transferSyntax);
  const birthYear = Number(plan.studyDate.slice(0, 4)) - plan.age;
  const files: PatientDicom['files'] = [];
  const masks: PatientMaskFile[] = [];
  for (const slice of rendered.slices) {
    const name = `IM${String(slice.instanceNumber).padStart(4, '0')}.dcm`;
    const sopInstanceUid = createUid(uidRandom);
    const dataset = createMrDataset({
      pixelData: slice.stored,
      rows: rendered.geometry.rows,
      columns: rendered.geometry.columns,
      bitsStored: 16,
      patient: { id: plan.id, name: `PHANTOM^${plan.id}`, sex: plan.sex, age: plan.age, birthDate: `${birthYear}0101` },
      study: { instanceUid: studyInstanceUid, id: String(plan.index + 1), date: plan.studyDate, time: '090000', description: 'MRI SPINE' },
      series: { instanceUid: seriesInstanceUid, number: 3, description: 'T2 SAG' },
      sopInstanceUid,
      instanceNumber: slice.instanceNumber,
      frameOfReferenceUid,
      imagePositionPatient: slice.position,
      imageOrientationPatient: rendered.geometry.imageOrientationPatient,
      pixelSpacing: rendered.geometry.pixelSpacing,
      sliceThickness: rendered.geometry.sliceThickness,
      spacingBetweenSlices: rendered.geometry.spacingBetweenSlices,
      echoTime: scanner.echoTime,
      repetitionTime: scanner.repetitionTime,
      magneticFieldStrength: scanner.fieldStrength,
      rescaleSlope: scanner.rescaleSlope,
      rescaleIntercept: scanner.rescaleIntercept,
      windowCenter: Math.round(scanner.signalScale * 0.45),
      windowWidth: Math.round(scanner.signalScale * 0.9),
      manufacturer: scanner.manufacturer,
      institutionName: plan.institutionName,
      stationName: scanner.stationName,
      extra: { BodyPartExamined: 'SPINE', PatientPosition: 'HFS', ProtocolName: 'T2 SAG', ImageComments: 'Synthetic phantom (@spinedx/phantom)' },
    });
    files.push({ name, bytes: await writeDicom(dataset, { transferSyntaxUID }), instanceNumber: slice.instanceNumber, sopInstanceUid });
    const maskBytes = encode({ width: rendered.geometry.columns, height: rendered.geometry.rows, data: slice.mask, channels: 1, depth: 8 });
    masks.push({ name: `masks/${name.replace('.dcm', '.png')}`, bytes: maskBytes, image: name, instanceNumber: slice.instanceNumber, lesionPixels: slice.lesionPixels });
  }
  return { plan, rendered, files, masks, studyInstanceUid, seriesInstanceUid, frameOfReferenceUid };
}
