import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Version of this package (from its package.json). */
export function cliVersion(): string {
  return (require('../package.json') as { version: string }).version;
}

/** Versions of the SpineDx and TensorFlow.js packages the CLI runs with, for the report's provenance. */
export function packageVersions(): Record<string, string> {
  const names = ['@spinedx/core', '@spinedx/dicom', '@spinedx/transforms', '@spinedx/backbones', '@spinedx/gradcam', '@spinedx/metrics', '@spinedx/phantom', '@spinedx/backends', '@spinedx/classifier', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-wasm'];
  const versions: Record<string, string> = { '@spinedx/cli': cliVersion() };
  for (const name of names) {
    try {
      versions[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}
