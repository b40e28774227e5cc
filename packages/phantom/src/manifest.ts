import type { ClassBalance, CohortPlan, PhantomLabel, Presentation } from './cohort-plan';
import type { PatientDicom } from './render-patient-dicom';
import type { SiteSpec } from './site-profile';
import type { VertebralLevel } from './vertebral-levels';

/** One slice of a written patient: DICOM file, mask file, identifiers. Paths are relative to the cohort folder. */
export interface ManifestSlice {
  file: string;
  mask: string;
  instanceNumber: number;
  sopInstanceUid: string;
  lesionPixels: number;
}

/** One written patient. */
export interface ManifestPatient {
  id: string;
  site: string;
  role: 'development' | 'external';
  label: PhantomLabel;
  presentation: Presentation;
  age: number;
  sex: 'M' | 'F';
  seed: number;
  folder: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntaxUid: string;
  lesionLevels: VertebralLevel[];
  visibleLevels: VertebralLevel[];
  slices: ManifestSlice[];
}

/** `manifest.json` of a written cohort. */
export interface CohortManifest {
  generator: '@spinedx/phantom';
  seed: number;
  classBalance: ClassBalance;
  slicesPerSeries: number;
  /** How masks are stored. */
  maskEncoding: string;
  sites: SiteSpec[];
  patients: ManifestPatient[];
}

/** Describes the mask files written next to each series. */
export const MASK_ENCODING = '8-bit grayscale PNG per slice, same rows/columns as the DICOM image; value 0 none, 1 diseased bone, 2 destroyed disc, 3 abscess or soft-tissue mass';

/** The manifest entry of one patient written under `folder`. */
export function createManifestPatient(patient: PatientDicom, folder: string, transferSyntaxUid: string): ManifestPatient {
  const { plan } = patient;
  return {
    id: plan.id,
    site: plan.site,
    role: plan.role,
    label: plan.label,
    presentation: plan.presentation,
    age: plan.age,
    sex: plan.sex,
    seed: plan.seed,
    folder,
    studyInstanceUid: patient.studyInstanceUid,
    seriesInstanceUid: patient.seriesInstanceUid,
    transferSyntaxUid,
    lesionLevels: [...plan.lesionLevels],
    visibleLevels: [...patient.rendered.visibleLevels],
    slices: patient.files.map((file, index) => ({
      file: `${folder}/${file.name}`,
      mask: `${folder}/${patient.masks[index]!.name}`,
      instanceNumber: file.instanceNumber,
      sopInstanceUid: file.sopInstanceUid,
      lesionPixels: patient.masks[index]!.lesionPixels,
    })),
  };
}

/** Assembles `manifest.json` from a plan and its written patients. */
export function createManifest(cohort: CohortPlan, patients: ManifestPatient[]): CohortManifest {
  return {
    generator: '@spinedx/phantom',
    seed: cohort.seed,
    classBalance: { ...cohort.classBalance },
    slicesPerSeries: cohort.slicesPerSeries,
    maskEncoding: MASK_ENCODING,
    sites: cohort.sites,
    patients,
  };
}

const CSV_COLUMNS = [
  'patient_id', 'site', 'role', 'label', 'presentation', 'age', 'sex', 'folder', 'study_instance_uid', 'series_instance_uid',
  'transfer_syntax_uid', 'lesion_levels', 'visible_levels', 'slice_files', 'mask_files', 'lesion_slices',
] as const;

/**
 * `manifest.csv`: one row per patient (RFC 4180 quoting); list fields are joined with `;`, `lesion_slices`
 * lists the instance numbers whose mask is non-empty.
 */
export function manifestToCsv(manifest: CohortManifest): string {
  const rows = manifest.patients.map((patient) =>
    [
      patient.id, patient.site, patient.role, patient.label, patient.presentation, String(patient.age), patient.sex, patient.folder,
      patient.studyInstanceUid, patient.seriesInstanceUid, patient.transferSyntaxUid, patient.lesionLevels.join(';'),
      patient.visibleLevels.join(';'), patient.slices.map((slice) => slice.file).join(';'), patient.slices.map((slice) => slice.mask).join(';'),
      patient.slices.filter((slice) => slice.lesionPixels > 0).map((slice) => String(slice.instanceNumber)).join(';'),
    ].map(quote).join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

function quote(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}
