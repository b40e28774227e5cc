/**
 * Imports an optional peer package by name. The specifier is a variable so that TypeScript and bundlers do not
 * require the package to exist; a missing package rejects with the runtime's own "not found" error.
 */
export async function importOptional<T = Record<string, unknown>>(specifier: string): Promise<T> {
  return (await import(/* @vite-ignore */ specifier)) as T;
}

/** One line saying why `specifier` could not be imported: "not installed" or the runtime's message. */
export function describeImportFailure(specifier: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // Node says ERR_MODULE_NOT_FOUND; bundlers and vite-node say "Could not resolve" / "Failed to resolve".
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find (module|package)|(Could not|Failed to) resolve/.test(message);
  if (notFound) return `package '${specifier}' is not installed`;
  return `package '${specifier}' failed to load: ${message.split('\n')[0]}`;
}
