import * as tf from '@tensorflow/tfjs-core';
import { BundleError } from './bundle-error';
import { CHECKSUM_FILE, createChecksums, parseChecksums, verifyChecksum } from './checksums';

/** File names inside a bundle. */
export const MANIFEST_FILE = 'spinedx.json';
export const WEIGHTS_FILE = 'weights.bin';
const FORMAT = 'spinedx-bundle';
const FORMAT_VERSION = 1;

/**
 * `spinedx.json`: everything needed to rebuild the classifier besides the weights. `weights` is a tfjs weights
 * manifest (`tf.io.WeightsManifestEntry[]`, the format `tf.io.encodeWeights` writes) for `weights.bin`, with
 * variables named by their timm state-dict keys in tfjs layout.
 */
export interface BundleManifest<Config = unknown> {
  format: typeof FORMAT;
  formatVersion: number;
  config: Config;
  weights: { file: typeof WEIGHTS_FILE; specs: tf.io.WeightsManifestEntry[] };
  provenance: Record<string, unknown>;
}

/** Encodes named tensors and a config into bundle files: spinedx.json, weights.bin and SHA256SUMS. */
export async function encodeBundle<Config>(
  config: Config,
  tensors: ReadonlyMap<string, tf.Tensor>,
  provenance: Record<string, unknown>,
): Promise<Map<string, Uint8Array>> {
  const { data, specs } = await tf.io.encodeWeights(Object.fromEntries(tensors));
  const manifest: BundleManifest<Config> = { format: FORMAT, formatVersion: FORMAT_VERSION, config, weights: { file: WEIGHTS_FILE, specs }, provenance };
  const files = new Map<string, Uint8Array>([
    [MANIFEST_FILE, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`)],
    [WEIGHTS_FILE, new Uint8Array(data)],
  ]);
  files.set(CHECKSUM_FILE, new TextEncoder().encode(await createChecksums(files)));
  return files;
}

/**
 * Reads and verifies a bundle through `readFile` (a folder in Node, a URL in browsers): every file is checked against
 * SHA256SUMS before use, so a tampered or truncated bundle fails with a `BundleError` naming the bad file.
 * The caller disposes the returned tensors.
 */
export async function decodeBundle<Config>(
  readFile: (name: string) => Promise<Uint8Array | undefined>,
): Promise<{ manifest: BundleManifest<Config>; tensors: Map<string, tf.Tensor> }> {
  const required = async (name: string): Promise<Uint8Array> => {
    const bytes = await readFile(name);
    if (bytes === undefined) throw new BundleError(`bundle: required file '${name}' is missing`, 'MISSING_FILE', name);
    return bytes;
  };
  const sums = parseChecksums(new TextDecoder().decode(await required(CHECKSUM_FILE)));
  const manifestBytes = await required(MANIFEST_FILE);
  await verifyChecksum(MANIFEST_FILE, manifestBytes, sums);
  let manifest: BundleManifest<Config>;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as BundleManifest<Config>;
  } catch (error) {
    throw new BundleError(`bundle: ${MANIFEST_FILE} is not valid JSON`, 'INVALID_MANIFEST', MANIFEST_FILE, { cause: error });
  }
  if (manifest?.format !== FORMAT || !Array.isArray(manifest.weights?.specs)) {
    throw new BundleError(`bundle: ${MANIFEST_FILE} is not a SpineDx bundle manifest`, 'INVALID_MANIFEST', MANIFEST_FILE);
  }
  if (manifest.formatVersion > FORMAT_VERSION) {
    throw new BundleError(`bundle: format version ${manifest.formatVersion} is newer than this package reads (${FORMAT_VERSION})`, 'UNSUPPORTED_VERSION', MANIFEST_FILE);
  }
  const weights = await required(WEIGHTS_FILE);
  await verifyChecksum(WEIGHTS_FILE, weights, sums);
  const expectedBytes = manifest.weights.specs.reduce((sum, spec) => sum + spec.shape.reduce((product, size) => product * size, 1) * 4, 0);
  if (weights.byteLength !== expectedBytes) {
    throw new BundleError(`bundle: ${WEIGHTS_FILE} has ${weights.byteLength} bytes, the manifest describes ${expectedBytes}`, 'INVALID_MANIFEST', WEIGHTS_FILE);
  }
  const buffer = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const named = tf.io.decodeWeights(buffer, manifest.weights.specs);
  return { manifest, tensors: new Map(Object.entries(named)) };
}

/** A `readFile` for {@link decodeBundle} that fetches files next to `baseUrl` (browsers, or Node with fetch). */
export function readFromUrl(baseUrl: string, fetchImpl: typeof fetch = fetch): (name: string) => Promise<Uint8Array | undefined> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (name) => {
    const response = await fetchImpl(new URL(name, new URL(base, globalThis.location?.href ?? 'http://localhost/')).toString());
    if (response.status === 404) return undefined;
    if (!response.ok) throw new BundleError(`bundle: fetching '${name}' failed with HTTP ${response.status}`, 'MISSING_FILE', name);
    return new Uint8Array(await response.arrayBuffer());
  };
}
