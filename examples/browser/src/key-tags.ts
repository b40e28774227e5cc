import type { DicomImage } from '@spinedx/dicom';

/** One row of the key-tag list. `hidden` rows show a placeholder instead of their value. */
export interface KeyTag {
  keyword: string;
  label: string;
  value: string;
  /** True for patient identifiers while they are hidden. */
  hidden: boolean;
}

/** Attributes that identify a patient (PS3.15 Annex E basic profile items a screen shows): hidden by default. */
const IDENTIFYING: readonly [string, string][] = [
  ['PatientName', 'Patient name'],
  ['PatientID', 'Patient ID'],
  ['PatientBirthDate', 'Birth date'],
  ['OtherPatientIDs', 'Other patient IDs'],
  ['AccessionNumber', 'Accession number'],
  ['InstitutionName', 'Institution'],
  ['ReferringPhysicianName', 'Referring physician'],
  ['StudyDate', 'Study date'],
];

const TECHNICAL: readonly [string, string][] = [
  ['PatientSex', 'Sex'],
  ['PatientAge', 'Age'],
  ['Modality', 'Modality'],
  ['SeriesDescription', 'Series'],
  ['Manufacturer', 'Manufacturer'],
  ['MagneticFieldStrength', 'Field strength (T)'],
  ['RepetitionTime', 'TR (ms)'],
  ['EchoTime', 'TE (ms)'],
  ['SliceThickness', 'Slice thickness (mm)'],
  ['PixelSpacing', 'Pixel spacing (mm)'],
  ['InstanceNumber', 'Instance'],
];

/** Placeholder shown for a hidden identifier. */
export const HIDDEN_VALUE = 'hidden';

function format(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (Array.isArray(value)) return value.map(String).join(' \\ ');
  return String(value).replaceAll('^', ' ').trim();
}

/**
 * The key tags of a slice: patient identifiers first (their values replaced by {@link HIDDEN_VALUE} unless
 * `showIdentifiers`), then acquisition facts, then size and transfer syntax. Absent attributes are left out.
 */
export function keyTags(image: DicomImage, options: { showIdentifiers: boolean }): KeyTag[] {
  const rows: KeyTag[] = [];
  for (const [keyword, label] of IDENTIFYING) {
    const value = format(image.get(keyword));
    if (value !== '') rows.push({ keyword, label, value: options.showIdentifiers ? value : HIDDEN_VALUE, hidden: !options.showIdentifiers });
  }
  for (const [keyword, label] of TECHNICAL) {
    const value = format(image.get(keyword));
    if (value !== '') rows.push({ keyword, label, value, hidden: false });
  }
  rows.push({ keyword: 'Rows', label: 'Matrix', value: `${image.rows} × ${image.columns}`, hidden: false });
  rows.push({ keyword: 'TransferSyntaxUID', label: 'Transfer syntax', value: image.transferSyntaxUID, hidden: false });
  return rows;
}
