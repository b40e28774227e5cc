import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BundleError } from './bundle-error';

/**
 * Writes bundle files to `directory` atomically: everything goes to a temporary sibling folder first, which then
 * replaces the old bundle by rename. A crash at any point leaves either the previous bundle or the new one intact.
 */
export async function writeBundleDirectory(directory: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  const parent = dirname(directory);
  const stamp = `${process.pid}-${Date.now()}`;
  const temporary = join(parent, `.${basename(directory)}.tmp-${stamp}`);
  const previous = join(parent, `.${basename(directory)}.old-${stamp}`);
  try {
    await mkdir(temporary, { recursive: true });
    for (const [name, bytes] of files) await writeFile(join(temporary, name), bytes);
    let hadPrevious = true;
    try {
      await rename(directory, previous);
    } catch {
      hadPrevious = false;
    }
    await rename(temporary, directory);
    if (hadPrevious) await rm(previous, { recursive: true, force: true });
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw new BundleError(`writeBundleDirectory: cannot write '${directory}': ${(error as Error).message}`, 'WRITE_FAILED', undefined, { cause: error });
  }
}

/** A `readFile` for `decodeBundle` over a folder; a missing file reads as undefined. */
export function readFromDirectory(directory: string): (name: string) => Promise<Uint8Array | undefined> {
  return async (name) => {
    try {
      const buffer = await readFile(join(directory, name));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new BundleError(`bundle: cannot read '${join(directory, name)}': ${(error as Error).message}`, 'MISSING_FILE', name, { cause: error });
    }
  };
}
