import { readFile } from 'node:fs/promises';
import { DicomError, listKeywords, lookupKeyword, parseDicom, TransferSyntax, type DicomImage } from '@spinedx/dicom';
import { readDicomFolder } from '@spinedx/dicom/node';
import { Command } from 'commander';
import dicomParser from 'dicom-parser';
import { CliError } from '../io/cli-error';
import { assertExists } from '../io/input-files';
import { formatKeyValues, printJson, type CommandContext } from './command-context';

/** Reads and parses one DICOM file; a missing file or non-DICOM bytes become one-line CLI errors. */
export async function readDicomFile(command: string, path: string): Promise<{ bytes: Uint8Array; image: DicomImage }> {
  await assertExists(command, path, 'file');
  const buffer = await readFile(path);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  try {
    return { bytes, image: parseDicom(bytes) };
  } catch (error) {
    if (error instanceof DicomError) throw new CliError(`${command}: '${path}' is not a readable DICOM image (${error.code}): ${error.message}`, 'NOT_DICOM', { cause: error });
    throw error;
  }
}

/** The attributes `spinedx dicom info` shows. */
export function describeImage(image: DicomImage): Record<string, unknown> {
  const transfer = Object.entries(TransferSyntax).find(([, uid]) => uid === image.transferSyntaxUID)?.[0];
  return {
    patientId: image.patientId,
    modality: image.modality,
    seriesDescription: image.seriesDescription,
    studyInstanceUID: image.studyInstanceUID,
    seriesInstanceUID: image.seriesInstanceUID,
    sopInstanceUID: image.sopInstanceUID,
    instanceNumber: image.instanceNumber,
    transferSyntaxUID: image.transferSyntaxUID,
    transferSyntax: transfer,
    rows: image.rows,
    columns: image.columns,
    frames: image.numberOfFrames,
    samplesPerPixel: image.samplesPerPixel,
    bitsAllocated: image.bitsAllocated,
    bitsStored: image.bitsStored,
    pixelRepresentation: image.pixelRepresentation,
    photometricInterpretation: image.photometricInterpretation,
    pixelSpacing: image.pixelSpacing,
    sliceThickness: image.sliceThickness,
    imagePositionPatient: image.imagePositionPatient,
    imageOrientationPatient: image.imageOrientationPatient,
    rescaleSlope: image.rescaleSlope,
    rescaleIntercept: image.rescaleIntercept,
    windowCenter: image.windowCenter,
    windowWidth: image.windowWidth,
    echoTime: image.echoTime,
    repetitionTime: image.repetitionTime,
    magneticFieldStrength: image.magneticFieldStrength,
  };
}

/** One line of `spinedx dicom dump`. */
export interface DumpedElement {
  tag: string;
  keyword: string | null;
  vr: string | null;
  length: number;
  value: string;
}

let tagNames: Map<number, string> | undefined;

/** Every element of a data set (File Meta included) with its dictionary keyword, VR, length and a printable value. */
export function dumpElements(bytes: Uint8Array, image: DicomImage): DumpedElement[] {
  tagNames ??= new Map(listKeywords().map((keyword) => [lookupKeyword(keyword)!.tag, keyword]));
  const dataSet = dicomParser.parseDicom(bytes, { untilTag: undefined } as never);
  return Object.values(dataSet.elements)
    .sort((a, b) => a.tag.localeCompare(b.tag))
    .map((element) => {
      const tag = Number.parseInt(element.tag.slice(1), 16);
      const keyword = tagNames!.get(tag) ?? null;
      let value: string;
      if (element.items !== undefined) value = `<sequence of ${element.items.length} item(s)>`;
      else if (tag === 0x7fe00010) value = `<pixel data, ${element.length} bytes>`;
      else value = printable(image.get(tag));
      return { tag: `(${element.tag.slice(1, 5)},${element.tag.slice(5, 9)})`.toUpperCase(), keyword, vr: element.vr ?? lookupVr(keyword), length: element.length, value };
    });
}

function lookupVr(keyword: string | null): string | null {
  return keyword === null ? null : (lookupKeyword(keyword)?.vr ?? null);
}

function printable(value: unknown): string {
  if (value === undefined) return '';
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  const text = Array.isArray(value) ? value.join('\\') : String(value);
  return text.length > 96 ? `${text.slice(0, 93)}...` : text;
}

/** Registers `spinedx dicom info|dump|series`. */
export function registerDicomCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const dicom = program.command('dicom').description('inspect DICOM files and folders');
  dicom
    .command('info')
    .description('show the key attributes of one DICOM image')
    .argument('<file>', 'DICOM Part 10 file')
    .option('--json', 'print JSON')
    .action(async (path: string, options: { json?: boolean }) => {
      const { image } = await readDicomFile('dicom info', path);
      const info = describeImage(image);
      if (options.json) printJson(io, { path, ...info });
      else io.stdout(`${io.colors.bold(path)}\n${formatKeyValues(io, Object.entries(info).filter(([, value]) => value !== undefined))}\n`);
    });
  dicom
    .command('dump')
    .description('list every element of a DICOM file (tag, keyword, VR, length, value)')
    .argument('<file>', 'DICOM Part 10 file')
    .option('--json', 'print JSON')
    .action(async (path: string, options: { json?: boolean }) => {
      const { bytes, image } = await readDicomFile('dicom dump', path);
      const elements = dumpElements(bytes, image);
      if (options.json) printJson(io, { path, elements });
      else io.stdout(`${elements.map((element) => `${element.tag} ${(element.vr ?? '??').padEnd(2)} ${(element.keyword ?? 'Unknown').padEnd(36)} [${element.length}] ${element.value}`).join('\n')}\n`);
    });
  dicom
    .command('series')
    .description('group the DICOM files of a folder into sorted series (plane, T2 guess, slice order)')
    .argument('<folder>', 'folder searched recursively')
    .option('--json', 'print JSON')
    .action(async (path: string, options: { json?: boolean }) => {
      await assertExists('dicom series', path, 'folder');
      const { series, failures } = await readDicomFolder(path);
      if (series.length === 0) {
        throw new CliError(`dicom series: no readable DICOM image in '${path}' (${failures.length} file(s) rejected${failures[0] ? `, e.g. '${failures[0].path}': ${failures[0].error.code}` : ''})`, 'NOT_DICOM');
      }
      const rows = series.map((item) => ({
        seriesInstanceUID: item.seriesInstanceUID,
        patientId: item.images[0]?.patientId,
        seriesNumber: item.seriesNumber,
        seriesDescription: item.seriesDescription,
        modality: item.modality,
        plane: item.plane,
        isLikelyT2: item.isLikelyT2,
        sortedBy: item.sortedBy,
        images: item.images.length,
      }));
      if (options.json) {
        printJson(io, { path, series: rows, failures: failures.map((failure) => ({ path: failure.path, code: failure.error.code, message: failure.error.message })) });
        return;
      }
      for (const row of rows) {
        io.stdout(`${io.colors.bold(row.seriesDescription ?? '(no description)')}  ${row.patientId ?? ''}  ${row.modality ?? ''} ${row.plane}${row.isLikelyT2 ? ' T2' : ''}  ${row.images} images (sorted by ${row.sortedBy})  ${row.seriesInstanceUID ?? ''}\n`);
      }
      if (failures.length > 0) io.stderr(`${io.colors.yellow('warning')}: ${failures.length} file(s) are not readable DICOM images, e.g. '${failures[0]!.path}' (${failures[0]!.error.code})\n`);
    });
}
