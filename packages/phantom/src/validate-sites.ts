import { PhantomError } from './phantom-error';
import type { PhantomTransferSyntax, SiteSpec } from './site-profile';

const TRANSFER_SYNTAXES: readonly PhantomTransferSyntax[] = ['explicit-little', 'implicit-little', 'rle', 'jpeg-ls', 'jpeg-2000'];

/** Checks a list of site specifications and returns it as a plain array; throws a PhantomError naming the bad field. */
export function validateSites(caller: string, sites: readonly SiteSpec[]): SiteSpec[] {
  if (!Array.isArray(sites) || sites.length === 0) {
    throw new PhantomError(`${caller}: sites must be a non-empty array of SiteSpec, received ${describe(sites)}`, 'INVALID_SITES');
  }
  const ids = new Set<string>();
  for (const site of sites) {
    const fail = (field: string, expected: string, value: unknown): never => {
      throw new PhantomError(`${caller}: site '${String(site?.id)}' ${field} must be ${expected}, received ${describe(value)}`, 'INVALID_SITES');
    };
    if (typeof site?.id !== 'string' || site.id.length === 0) fail('id', 'a non-empty string', site?.id);
    if (ids.has(site.id)) fail('id', 'unique', site.id);
    ids.add(site.id);
    if (typeof site.code !== 'string' || !/^[A-Z0-9]{1,4}$/.test(site.code)) fail('code', '1-4 upper-case letters or digits', site.code);
    if (site.role !== 'development' && site.role !== 'external') fail('role', "'development' or 'external'", site.role);
    if (!Number.isInteger(site.patients) || site.patients < 0) fail('patients', 'a non-negative integer', site.patients);
    const scanner = site.scanner;
    if (scanner === null || typeof scanner !== 'object') fail('scanner', 'a ScannerProfile', scanner);
    const [rows, columns] = scanner.matrix ?? [];
    if (!isIntegerIn(rows, 32, 2048) || !isIntegerIn(columns, 32, 2048)) fail('scanner.matrix', 'two integers in [32, 2048]', scanner.matrix);
    const [acquiredRows, acquiredColumns] = scanner.acquisitionMatrix ?? [];
    if (!isIntegerIn(acquiredRows, 16, rows as number) || !isIntegerIn(acquiredColumns, 16, columns as number)) {
      fail('scanner.acquisitionMatrix', `two integers in [16, matrix] (matrix ${String(rows)}x${String(columns)})`, scanner.acquisitionMatrix);
    }
    if (!isPositive(scanner.pixelSpacing?.[0]) || !isPositive(scanner.pixelSpacing?.[1])) fail('scanner.pixelSpacing', 'two positive numbers', scanner.pixelSpacing);
    if (!isPositive(scanner.sliceThickness)) fail('scanner.sliceThickness', 'a positive number', scanner.sliceThickness);
    if (!(scanner.sliceGap >= 0 && Number.isFinite(scanner.sliceGap))) fail('scanner.sliceGap', 'a non-negative number', scanner.sliceGap);
    if (!isPositive(scanner.signalScale)) fail('scanner.signalScale', 'a positive number', scanner.signalScale);
    if (!isPositive(scanner.rescaleSlope)) fail('scanner.rescaleSlope', 'a positive number', scanner.rescaleSlope);
    if (!Number.isFinite(scanner.rescaleIntercept)) fail('scanner.rescaleIntercept', 'a finite number', scanner.rescaleIntercept);
    if ((scanner.signalScale * 1.6 - scanner.rescaleIntercept) / scanner.rescaleSlope > 65535) {
      fail('scanner.signalScale', 'small enough that 1.6 × signalScale fits 16-bit stored values after RescaleSlope/Intercept', scanner.signalScale);
    }
    if (!(scanner.noise >= 0 && scanner.noise <= 0.5)) fail('scanner.noise', 'a number in [0, 0.5]', scanner.noise);
    if (!(scanner.biasField >= 0 && scanner.biasField <= 0.9)) fail('scanner.biasField', 'a number in [0, 0.9]', scanner.biasField);
    if (!isPositive(scanner.contrastGamma)) fail('scanner.contrastGamma', 'a positive number', scanner.contrastGamma);
    if (!isPositive(scanner.fatSignal)) fail('scanner.fatSignal', 'a positive number', scanner.fatSignal);
    if (!isPositive(scanner.echoTime) || !isPositive(scanner.repetitionTime)) fail('scanner.echoTime/repetitionTime', 'positive numbers', [scanner.echoTime, scanner.repetitionTime]);
    if (!isPositive(scanner.fieldStrength)) fail('scanner.fieldStrength', 'a positive number', scanner.fieldStrength);
    if (!TRANSFER_SYNTAXES.includes(scanner.transferSyntax)) fail('scanner.transferSyntax', `one of ${TRANSFER_SYNTAXES.join(', ')}`, scanner.transferSyntax);
  }
  return [...sites];
}

function isPositive(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

function isIntegerIn(value: unknown, low: number, high: number): boolean {
  return Number.isInteger(value) && (value as number) >= low && (value as number) <= high;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
