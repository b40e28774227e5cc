/**
 * A value of the writer's data set: strings and numbers (or lists of them) for text and numeric VRs, typed
 * arrays for OB/OW (PixelData, LUTData), nested data sets for sequences. `undefined` leaves the attribute out;
 * an empty string writes it with zero length (a type 2 attribute with no value).
 */
export type DicomValue =
  | string
  | number
  | readonly (string | number)[]
  | Uint8Array
  | Uint16Array
  | Int16Array
  | readonly DicomDataset[]
  | undefined;

/** A data set to write, keyed by standard DICOM keywords (`PatientID`, `Rows`, `PixelSpacing`, `PixelData`, ...). */
export interface DicomDataset {
  [keyword: string]: DicomValue;
}
