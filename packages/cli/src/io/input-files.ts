import { stat } from 'node:fs/promises';
import { CliError } from './cli-error';

/** Throws a `FILE_NOT_FOUND` CliError unless `path` is an existing file (or folder when `kind` says so). */
export async function assertExists(command: string, path: string, kind: 'file' | 'folder' | 'any' = 'any'): Promise<'file' | 'folder'> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new CliError(`${command}: '${path}' does not exist or cannot be read`, 'FILE_NOT_FOUND', { cause: error });
  }
  const found = info.isDirectory() ? 'folder' : 'file';
  if (kind !== 'any' && kind !== found) {
    throw new CliError(`${command}: expected '${path}' to be a ${kind}, received a ${found}`, 'FILE_NOT_FOUND');
  }
  return found;
}
