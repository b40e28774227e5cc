/** A lookup table from a Modality LUT Sequence or VOI LUT Sequence item (PS3.3 C.11.1, C.11.2). */
export interface LookupTable {
  /** Number of entries (LUTDescriptor[0], where 0 means 65536). */
  length: number;
  /** The stored value mapped to the first entry (LUTDescriptor[1], signed when the pixel data is signed). */
  firstValue: number;
  /** Bits per entry (LUTDescriptor[2]). */
  bitsPerEntry: number;
  /** The entries. */
  data: Uint16Array;
  /** LUTExplanation, when present. */
  explanation?: string;
}

/** The VOI LUT function of PS3.3 C.11.2.1.3. */
export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** A value returned by `DicomImage.get`: strings, numbers, their lists, or raw bytes. */
export type DicomAttributeValue = string | number | string[] | number[] | Uint8Array;

/**
 * A parsed DICOM Part 10 image: typed attributes for everything the pipeline needs, `get` for anything else.
 *
 * Missing optional attributes are `undefined`; rescale defaults to slope 1, intercept 0.
 */
export interface DicomImage {
  /** Transfer syntax of the data set (from the File Meta Information). */
  readonly transferSyntaxUID: string;
  readonly sopClassUID: string | undefined;
  readonly sopInstanceUID: string | undefined;
  readonly studyInstanceUID: string | undefined;
  readonly seriesInstanceUID: string | undefined;
  readonly frameOfReferenceUID: string | undefined;
  readonly patientId: string | undefined;
  readonly modality: string | undefined;
  readonly seriesDescription: string | undefined;
  readonly protocolName: string | undefined;
  readonly seriesNumber: number | undefined;
  readonly instanceNumber: number | undefined;
  readonly rows: number;
  readonly columns: number;
  readonly numberOfFrames: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  /** 0 = unsigned, 1 = two's complement. */
  readonly pixelRepresentation: number;
  readonly photometricInterpretation: string;
  /** 0 = interleaved (R,G,B,R,G,B), 1 = planar (all R, then G, then B). */
  readonly planarConfiguration: number;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly rescaleType: string | undefined;
  /** Every WindowCenter value (empty when absent). */
  readonly windowCenter: number[];
  /** Every WindowWidth value (empty when absent). */
  readonly windowWidth: number[];
  readonly voiLutFunction: VoiLutFunction;
  readonly voiLutSequence: LookupTable[];
  readonly modalityLutSequence: LookupTable | undefined;
  /** PixelSpacing in mm: [row spacing, column spacing]. */
  readonly pixelSpacing: [number, number] | undefined;
  readonly sliceThickness: number | undefined;
  readonly spacingBetweenSlices: number | undefined;
  readonly imagePositionPatient: [number, number, number] | undefined;
  readonly imageOrientationPatient: [number, number, number, number, number, number] | undefined;
  /** EchoTime in ms. */
  readonly echoTime: number | undefined;
  /** RepetitionTime in ms. */
  readonly repetitionTime: number | undefined;
  /** InversionTime in ms. */
  readonly inversionTime: number | undefined;
  readonly scanningSequence: string | undefined;
  readonly sequenceName: string | undefined;
  readonly magneticFieldStrength: number | undefined;
  /**
   * Any other attribute by keyword of the built-in dictionary (`'PatientName'`), tag number (`0x00100010`) or
   * dicom-parser key (`'x00100010'`). Strings come back trimmed (a list when multi-valued), DS/IS and binary
   * numbers as numbers, OB/OW/UN as bytes, sequences as undefined.
   */
  get(tag: string | number): DicomAttributeValue | undefined;
}
