/**
 * The built-in DICOM data dictionary (PS3.6): keyword → tag and VR, for every attribute this package reads by
 * name or writes. Kept as one compact table so adding an attribute is one line.
 */

/** A dictionary entry: the tag as a number `(group << 16) | element`, and its value representation. */
export interface DictionaryEntry {
  keyword: string;
  tag: number;
  vr: string;
}

// keyword, tag (gggg,eeee), VR. PS3.6 chapter 6 and 7.
const table = `
FileMetaInformationGroupLength 00020000 UL
FileMetaInformationVersion 00020001 OB
MediaStorageSOPClassUID 00020002 UI
MediaStorageSOPInstanceUID 00020003 UI
TransferSyntaxUID 00020010 UI
ImplementationClassUID 00020012 UI
ImplementationVersionName 00020013 SH
SourceApplicationEntityTitle 00020016 AE
SpecificCharacterSet 00080005 CS
ImageType 00080008 CS
InstanceCreationDate 00080012 DA
InstanceCreationTime 00080013 TM
SOPClassUID 00080016 UI
SOPInstanceUID 00080018 UI
StudyDate 00080020 DA
SeriesDate 00080021 DA
AcquisitionDate 00080022 DA
ContentDate 00080023 DA
StudyTime 00080030 TM
SeriesTime 00080031 TM
AcquisitionTime 00080032 TM
ContentTime 00080033 TM
AccessionNumber 00080050 SH
Modality 00080060 CS
ConversionType 00080064 CS
Manufacturer 00080070 LO
InstitutionName 00080080 LO
ReferringPhysicianName 00080090 PN
StationName 00081010 SH
StudyDescription 00081030 LO
SeriesDescription 0008103E LO
ManufacturerModelName 00081090 LO
ReferencedImageSequence 00081140 SQ
SourceImageSequence 00082112 SQ
ReferencedSOPClassUID 00081150 UI
ReferencedSOPInstanceUID 00081155 UI
DerivationDescription 00082111 ST
PatientName 00100010 PN
PatientID 00100020 LO
PatientBirthDate 00100030 DA
PatientSex 00100040 CS
PatientAge 00101010 AS
PatientWeight 00101030 DS
BodyPartExamined 00180015 CS
ScanningSequence 00180020 CS
SequenceVariant 00180021 CS
ScanOptions 00180022 CS
MRAcquisitionType 00180023 CS
SequenceName 00180024 SH
SliceThickness 00180050 DS
RepetitionTime 00180080 DS
EchoTime 00180081 DS
InversionTime 00180082 DS
NumberOfAverages 00180083 DS
ImagingFrequency 00180084 DS
ImagedNucleus 00180085 SH
EchoNumbers 00180086 IS
MagneticFieldStrength 00180087 DS
SpacingBetweenSlices 00180088 DS
EchoTrainLength 00180091 IS
SoftwareVersions 00181020 LO
ProtocolName 00181030 LO
FlipAngle 00181314 DS
PatientPosition 00185100 CS
StudyInstanceUID 0020000D UI
SeriesInstanceUID 0020000E UI
StudyID 00200010 SH
SeriesNumber 00200011 IS
AcquisitionNumber 00200012 IS
InstanceNumber 00200013 IS
PatientOrientation 00200020 CS
ImagePositionPatient 00200032 DS
ImageOrientationPatient 00200037 DS
FrameOfReferenceUID 00200052 UI
Laterality 00200060 CS
PositionReferenceIndicator 00201040 LO
SliceLocation 00201041 DS
ImageComments 00204000 LT
SamplesPerPixel 00280002 US
PhotometricInterpretation 00280004 CS
PlanarConfiguration 00280006 US
NumberOfFrames 00280008 IS
Rows 00280010 US
Columns 00280011 US
PixelSpacing 00280030 DS
BitsAllocated 00280100 US
BitsStored 00280101 US
HighBit 00280102 US
PixelRepresentation 00280103 US
SmallestImagePixelValue 00280106 US
LargestImagePixelValue 00280107 US
WindowCenter 00281050 DS
WindowWidth 00281051 DS
RescaleIntercept 00281052 DS
RescaleSlope 00281053 DS
RescaleType 00281054 LO
WindowCenterWidthExplanation 00281055 LO
VOILUTFunction 00281056 CS
LossyImageCompression 00282110 CS
LossyImageCompressionRatio 00282112 DS
LossyImageCompressionMethod 00282114 CS
ModalityLUTSequence 00283000 SQ
LUTDescriptor 00283002 US
LUTExplanation 00283003 LO
ModalityLUTType 00283004 LO
LUTData 00283006 OW
VOILUTSequence 00283010 SQ
BurnedInAnnotation 00280301 CS
RecognizableVisualFeatures 00280302 CS
PresentationLUTShape 20500020 CS
ContentLabel 00700080 CS
ContentDescription 00700081 LO
ContentCreatorName 00700084 PN
PixelData 7FE00010 OW
`;

const byKeyword = new Map<string, DictionaryEntry>();
const byTag = new Map<number, DictionaryEntry>();
for (const line of table.trim().split('\n')) {
  const [keyword, tagHex, vr] = line.split(' ') as [string, string, string];
  const entry: DictionaryEntry = { keyword, tag: Number.parseInt(tagHex, 16), vr };
  byKeyword.set(keyword, entry);
  byTag.set(entry.tag, entry);
}

/** The dictionary entry of a standard keyword, or undefined when the built-in dictionary does not know it. */
export function lookupKeyword(keyword: string): DictionaryEntry | undefined {
  return byKeyword.get(keyword);
}

/** The dictionary entry of a tag number, or undefined. */
export function lookupTag(tag: number): DictionaryEntry | undefined {
  return byTag.get(tag);
}

/** Every keyword of the built-in dictionary, in table order. */
export function listKeywords(): string[] {
  return [...byKeyword.keys()];
}

/** Formats a tag number as dicom-parser's key, `xggggeeee` (lower-case hex). */
export function tagKey(tag: number): string {
  return `x${(tag >>> 0).toString(16).padStart(8, '0')}`;
}
