/** One status line for a set of opened files, given which of them look like DICOM. */
export function describeFiles(isDicom: readonly boolean[]): string {
  const dicom = isDicom.filter(Boolean).length;
  return `${dicom} of ${isDicom.length} files are DICOM.`;
}
