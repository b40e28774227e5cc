import { basename, extname } from 'node:path';
import { CliError } from '../io/cli-error';
import { readCsvTable } from '../io/csv-table';

/** Patient ids and binary truth (1 = positive class) in file order. */
export interface LabelTable {
  patientIds: string[];
  labels: number[];
}

/** A named CSV argument: `name=path` or a plain path (named after the file). */
export function parseNamedPath(argument: string): { name: string; path: string } {
  const match = /^([^=/\\]+)=(.+)$/.exec(argument);
  if (match) return { name: match[1]!, path: match[2]! };
  return { name: basename(argument, extname(argument)), path: argument };
}

/** Parses a label cell: a class name (case-insensitive) or 0/1, where 1 is `classes[1]`. */
export function parseLabel(command: string, path: string, row: number, value: string, classes: readonly [string, string]): 0 | 1 {
  const upper = value.trim().toUpperCase();
  if (upper === '0' || upper === classes[0].toUpperCase()) return 0;
  if (upper === '1' || upper === classes[1].toUpperCase()) return 1;
  throw new CliError(`${command}: '${path}' row ${row}: expected label ${classes[0]}, ${classes[1]}, 0 or 1, received '${value}'`, 'INVALID_CSV');
}

/** Reads `patient_id,label` rows; duplicate or empty ids are errors. */
export async function readLabelCsv(command: string, path: string, classes: readonly [string, string]): Promise<LabelTable> {
  const table = await readCsvTable(command, path, ['patient_id', 'label']);
  const seen = new Set<string>();
  const result: LabelTable = { patientIds: [], labels: [] };
  table.rows.forEach((row, index) => {
    const id = row.patient_id!;
    if (id === '') throw new CliError(`${command}: '${path}' row ${index + 2}: empty patient_id`, 'INVALID_CSV');
    if (seen.has(id)) throw new CliError(`${command}: '${path}' lists patient '${id}' twice`, 'INVALID_CSV');
    seen.add(id);
    result.patientIds.push(id);
    result.labels.push(parseLabel(command, path, index + 2, row.label!, classes));
  });
  if (result.patientIds.length === 0) throw new CliError(`${command}: '${path}' has a header but no rows`, 'INVALID_CSV');
  return result;
}

/** Reads `patient_id,probability` rows (probability of the positive class, in [0, 1]). */
export async function readProbabilityCsv(command: string, path: string): Promise<Map<string, number>> {
  const table = await readCsvTable(command, path, ['patient_id', 'probability']);
  const scores = new Map<string, number>();
  table.rows.forEach((row, index) => {
    const id = row.patient_id!;
    const value = Number(row.probability);
    if (row.probability === '' || !(value >= 0 && value <= 1)) {
      throw new CliError(`${command}: '${path}' row ${index + 2}: expected a probability in [0, 1], received '${row.probability}'`, 'INVALID_CSV');
    }
    if (scores.has(id)) throw new CliError(`${command}: '${path}' lists patient '${id}' twice`, 'INVALID_CSV');
    scores.set(id, value);
  });
  return scores;
}

/**
 * Puts `values` (by patient id) in the order of `patientIds`; throws `LABELS_MISMATCH` naming the missing and the
 * unexpected patients when the two sets differ.
 */
export function alignToPatients<T>(command: string, path: string, patientIds: readonly string[], values: ReadonlyMap<string, T>): T[] {
  const missing = patientIds.filter((id) => !values.has(id));
  const expected = new Set(patientIds);
  const extra = [...values.keys()].filter((id) => !expected.has(id));
  if (missing.length > 0 || extra.length > 0) {
    const list = (ids: string[]): string => `${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ` and ${ids.length - 5} more` : ''}`;
    const parts = [missing.length > 0 ? `${missing.length} patient(s) missing (${list(missing)})` : '', extra.length > 0 ? `${extra.length} unknown patient(s) (${list(extra)})` : ''];
    throw new CliError(`${command}: '${path}' does not match the truth labels: ${parts.filter(Boolean).join('; ')}`, 'LABELS_MISMATCH');
  }
  return patientIds.map((id) => values.get(id)!);
}
