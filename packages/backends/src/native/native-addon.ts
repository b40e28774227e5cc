import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The compiled addon's functions (native/spinedx-native.cc). Every array is a Float32Array the call reads or fills. */
export interface NativeAddon {
  convolutionForward(geometry: number[], input: Float32Array, filter: Float32Array, bias: Float32Array | null, activation: number, activationAlpha: number, output: Float32Array, filterCache: FilterCache | null): void;
  /** A holder for a filter reordered into oneDNN's layout, freed when V8 collects it. */
  createFilterCache(): FilterCache;
  convolutionBackwardData(geometry: number[], outputGradient: Float32Array, filter: Float32Array, inputGradient: Float32Array): void;
  convolutionBackwardFilter(geometry: number[], input: Float32Array, outputGradient: Float32Array, filterGradient: Float32Array): void;
  matrixProduct(dimensions: number[], a: Float32Array, b: Float32Array, bias: Float32Array | null, activation: number, activationAlpha: number, output: Float32Array): void;
  reduceSum(shape: [number, number, number], input: Float32Array, scale: number, output: Float32Array): void;
  batchNormalize(channels: number, input: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null, scale: Float32Array | null, epsilon: number, output: Float32Array): void;
  layerNorm(channels: number, input: Float32Array, weight: Float32Array, bias: Float32Array, epsilon: number, output: Float32Array): void;
  layerNormGradient(channels: number, outputGradient: Float32Array, input: Float32Array, weight: Float32Array, epsilon: number, inputGradient: Float32Array, weightGradient: Float32Array, biasGradient: Float32Array): void;
  batchNormStatistics(channels: number, input: Float32Array, mean: Float32Array, variance: Float32Array): void;
  batchNormGradient(channels: number, outputGradient: Float32Array, input: Float32Array, mean: Float32Array, variance: Float32Array, scale: Float32Array, epsilon: number, inputGradient: Float32Array, scaleGradient: Float32Array, offsetGradient: Float32Array): void;
  maxPool(geometry: number[], input: Float32Array, output: Float32Array): void;
  maxPoolGradient(geometry: number[], input: Float32Array, outputGradient: Float32Array, inputGradient: Float32Array): void;
  binaryOperation(code: number, outputShape: number[], aStrides: number[], bStrides: number[], a: Float32Array, b: Float32Array, output: Float32Array): void;
  transpose(shape: number[], permutation: number[], input: Float32Array, output: Float32Array): void;
  unstack(shape: [number, number, number], input: Float32Array, outputs: Float32Array[]): void;
  stack(shape: [number, number, number], inputs: Float32Array[], output: Float32Array): void;
  gather(shape: [number, number, number], input: Float32Array, indices: Int32Array, output: Float32Array): void;
  unaryOperation(code: number, input: Float32Array, alpha: number, output: Float32Array): void;
  softmax(rows: number, input: Float32Array, output: Float32Array): void;
  slice(shape: number[], begin: number[], size: number[], input: Float32Array, output: Float32Array): void;
  unsortedSegmentSum(inner: number, input: Float32Array, segmentIds: Int32Array, segments: number, output: Float32Array): void;
  pad(shape: number[], before: number[], outputShape: number[], value: number, input: Float32Array, output: Float32Array): void;
  /** Makes glibc's malloc reuse freed blocks of any size instead of unmapping them (process-wide); false where not glibc. */
  keepFreedMemory(): boolean;
  setThreads(threads: number): void;
  threads(): number;
  version(): string;
  /** Bumped in the C++ source whenever an entry point's arguments change. */
  /** One AdamW step: settings [β1, 1 − β1, β2, 1 − β2, ε, 1 − lr·wd, lr, c1, √c2]; every other array of one length. */
  adamW(variable: Float32Array, gradient: Float32Array, first: Float32Array, second: Float32Array, settings: Float32Array, variableOut: Float32Array, firstOut: Float32Array, secondOut: Float32Array): void;
  interfaceVersion(): number;
}

/** The addon interface this source calls (kInterfaceVersion in native/spinedx-native.cc). */
const INTERFACE_VERSION = 12;

/** Opaque handle of `createFilterCache` (a native external). */
export type FilterCache = { readonly __filterCache: unique symbol };

/** Every function this source expects: an addon built from an older source lacks some and is refused. */
const ADDON_FUNCTIONS: readonly (keyof NativeAddon)[] = [
  'convolutionForward', 'createFilterCache', 'convolutionBackwardData', 'convolutionBackwardFilter', 'matrixProduct', 'reduceSum',
  'batchNormalize', 'batchNormStatistics', 'batchNormGradient', 'layerNorm', 'layerNormGradient', 'maxPool', 'maxPoolGradient', 'binaryOperation', 'unaryOperation', 'softmax', 'transpose', 'unstack', 'stack', 'gather',
  'slice', 'pad', 'unsortedSegmentSum', 'adamW', 'keepFreedMemory', 'setThreads', 'threads', 'version', 'interfaceVersion',
];

/** Where the addon was looked for and what happened. */
export type NativeAddonLoad = { addon: NativeAddon; path: string } | { addon: undefined; reason: string };

/** Environment variable naming a compiled addon to load instead of the package's own build. */
export const NATIVE_ADDON_PATH_VARIABLE = 'SPINEDX_NATIVE_ADDON';

// From dist/native.js and from src/native/native-addon.ts (tests run the sources) to packages/backends/native/build.
const CANDIDATES = ['../native/build/spinedx_native.node', '../../native/build/spinedx_native.node'];

let loaded: NativeAddonLoad | undefined;

/** Loads the addon once; later calls return the same result, so a failed load is reported, not retried. */
export function loadNativeAddon(): NativeAddonLoad {
  if (loaded !== undefined) return loaded;
  const override = process.env[NATIVE_ADDON_PATH_VARIABLE];
  const paths = override ? [override] : CANDIDATES.map((candidate) => fileURLToPath(new URL(candidate, import.meta.url)));
  const path = paths.find((candidate) => existsSync(candidate));
  if (path === undefined) {
    loaded = { addon: undefined, reason: `no compiled addon at ${paths.join(' or ')}; build it with 'npx spinedx-build-native' (in this repository: 'pnpm --filter @spinedx/backends build:native'; needs a C++ compiler and oneDNN, Debian: g++ libdnnl-dev)` };
    return loaded;
  }
  let addon: NativeAddon;
  try {
    // A plain copy of the exports: the addon's own properties are read-only, and tests watch which kernel ran.
    addon = { ...(createRequire(import.meta.url)(path) as NativeAddon) };
  } catch (error) {
    loaded = { addon: undefined, reason: `the addon at ${path} failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    return loaded;
  }
  const missing = ADDON_FUNCTIONS.filter((name) => typeof addon[name] !== 'function');
  const rebuild = "rebuild it with 'pnpm --filter @spinedx/backends build:native'";
  if (missing.length > 0) loaded = { addon: undefined, reason: `the addon at ${path} was built from an older source (it lacks ${missing.join(', ')}); ${rebuild}` };
  else if (addon.interfaceVersion() !== INTERFACE_VERSION) loaded = { addon: undefined, reason: `the addon at ${path} was built from an older source (interface ${addon.interfaceVersion()}, this source calls ${INTERFACE_VERSION}); ${rebuild}` };
  else loaded = { addon, path };
  return loaded;
}
