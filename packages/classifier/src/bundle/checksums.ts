import { BundleError } from './bundle-error';

/** Name of the checksum file in a bundle, in `sha256sum` format so `sha256sum -c SHA256SUMS` also verifies it. */
export const CHECKSUM_FILE = 'SHA256SUMS';

/** Lower-case hex SHA-256 of `bytes` through Web Crypto (Node 20 and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', copy));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Builds the SHA256SUMS text for the given files (sorted by name). */
export async function createChecksums(files: ReadonlyMap<string, Uint8Array>): Promise<string> {
  const names = [...files.keys()].sort();
  const lines = await Promise.all(names.map(async (name) => `${await sha256Hex(files.get(name)!)}  ${name}`));
  return `${lines.join('\n')}\n`;
}

/** Parses SHA256SUMS text into name → hex digest; a malformed line throws a `BundleError`. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([0-9a-f]{64}) [ *]([^/\\]+)$/.exec(line);
    if (!match) throw new BundleError(`bundle: malformed line in ${CHECKSUM_FILE}: '${line.slice(0, 80)}'`, 'INVALID_MANIFEST', CHECKSUM_FILE);
    sums.set(match[2]!, match[1]!);
  }
  return sums;
}

/** Verifies `bytes` against its listed digest, throwing a `BundleError` that names the file. */
export async function verifyChecksum(name: string, bytes: Uint8Array, sums: ReadonlyMap<string, string>): Promise<void> {
  const expected = sums.get(name);
  if (expected === undefined) throw new BundleError(`bundle: '${name}' is not listed in ${CHECKSUM_FILE}`, 'INVALID_MANIFEST', name);
  const actual = await sha256Hex(bytes);
  if (actual !== expected) {
    throw new BundleError(`bundle: '${name}' fails its checksum (expected sha256 ${expected.slice(0, 12)}…, got ${actual.slice(0, 12)}…): the file is corrupt or was modified`, 'CHECKSUM_MISMATCH', name);
  }
}
