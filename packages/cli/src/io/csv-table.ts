import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { CliError } from './cli-error';
import { assertExists } from './input-files';

/** A CSV file read as records keyed by lower-cased, trimmed header names. */
export interface CsvTable {
  path: string;
  columns: string[];
  rows: Record<string, string>[];
}

/**
 * Reads a CSV file with a header row (comma separated, quotes allowed, BOM and blank lines ignored). Throws
 * `FILE_NOT_FOUND` for a missing file and `INVALID_CSV` for a malformed one or one that lacks a required column.
 */
export async function readCsvTable(command: string, path: string, requiredColumns: readonly string[]): Promise<CsvTable> {
  await assertExists(command, path, 'file');
  const text = await readFile(path, 'utf8');
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new CliError(`${command}: '${path}' is not a valid CSV file: ${(error as Error).message}`, 'INVALID_CSV', { cause: error });
  }
  const [header, ...body] = records;
  if (header === undefined) throw new CliError(`${command}: '${path}' is empty; expected a header row with ${requiredColumns.join(', ')}`, 'INVALID_CSV');
  const columns = header.map((name) => name.trim().toLowerCase());
  const missing = requiredColumns.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw new CliError(`${command}: '${path}' lacks column(s) ${missing.join(', ')}; expected ${requiredColumns.join(', ')}, received ${columns.join(', ')}`, 'INVALID_CSV');
  }
  const rows = body.map((record) => Object.fromEntries(columns.map((name, index) => [name, record[index] ?? ''])));
  return { path, columns, rows };
}
