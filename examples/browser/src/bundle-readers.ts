import type { BundleReader } from '@spinedx/classifier';

/** Progress of a bundle download or read: bytes so far, and the total when known. */
export type ProgressListener = (loaded: number, total: number | undefined) => void;

/** The files of a bundle (spinedx.json, weights.bin, SHA256SUMS); SpineClassifier.load checks them. */
export const BUNDLE_FILES = ['SHA256SUMS', 'spinedx.json', 'weights.bin'] as const;

/** The part of a path after its last slash: a folder pick gives `model/weights.bin`. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A bundle reader over files the user picked (the three files, or every file of a bundle folder): files are
 * matched by name, the rest ignored; a missing one reads as undefined so the loader names it.
 */
export function createFileBundleReader(files: readonly File[], onProgress?: ProgressListener): BundleReader {
  const byName = new Map<string, File>();
  for (const file of files) {
    const name = baseName(file.webkitRelativePath || file.name);
    if ((BUNDLE_FILES as readonly string[]).includes(name)) byName.set(name, file);
  }
  const total = [...byName.values()].reduce((sum, file) => sum + file.size, 0);
  let loaded = 0;
  return async (name) => {
    const file = byName.get(name);
    if (file === undefined) return undefined;
    const bytes = new Uint8Array(await file.arrayBuffer());
    loaded += bytes.byteLength;
    onProgress?.(loaded, total);
    return bytes;
  };
}

/**
 * A bundle reader that fetches files next to `baseUrl`, reporting bytes as they stream in. The total is the
 * sum of the Content-Length headers seen so far (unknown until the weights start arriving).
 */
export function createUrlBundleReader(baseUrl: string, onProgress?: ProgressListener, fetchImpl: typeof fetch = fetch): BundleReader {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, globalThis.location?.href ?? 'http://localhost/');
  let loaded = 0;
  let total = 0;
  let totalKnown = true;
  return async (name) => {
    const response = await fetchImpl(new URL(name, base).toString());
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`fetching '${name}' from ${base.href} failed with HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length'));
    if (Number.isFinite(length) && length > 0) total += length;
    else totalKnown = false;
    if (response.body === null) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      loaded += bytes.byteLength;
      onProgress?.(loaded, totalKnown ? total : undefined);
      return bytes;
    }
    const chunks: Uint8Array[] = [];
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress?.(loaded, totalKnown ? total : undefined);
    }
    const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  };
}
