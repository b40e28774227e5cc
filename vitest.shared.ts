import { fileURLToPath } from 'node:url';

/** Workspace entry points resolved to TypeScript sources, so tests never need a build first. */
const entries: Record<string, string> = {
  '@spinedx/core': 'packages/core/src/index.ts',
  '@spinedx/dicom/node': 'packages/dicom/src/node.ts',
  '@spinedx/dicom': 'packages/dicom/src/index.ts',
  '@spinedx/transforms/tfjs': 'packages/transforms/src/tfjs.ts',
  '@spinedx/transforms': 'packages/transforms/src/index.ts',
  '@spinedx/backbones': 'packages/backbones/src/index.ts',
  '@spinedx/gradcam': 'packages/gradcam/src/index.ts',
  '@spinedx/metrics': 'packages/metrics/src/index.ts',
  '@spinedx/phantom/node': 'packages/phantom/src/node.ts',
  '@spinedx/phantom': 'packages/phantom/src/index.ts',
  '@spinedx/backends/native': 'packages/backends/src/native.ts',
  '@spinedx/backends': 'packages/backends/src/index.ts',
  '@spinedx/classifier/node': 'packages/classifier/src/node.ts',
  '@spinedx/classifier': 'packages/classifier/src/index.ts',
  '@spinedx/cli': 'packages/cli/src/index.ts',
  '@spinedx/test-utils': 'packages/test-utils/src/index.ts',
};

/** Vite aliases; exact-match regexes so '@spinedx/dicom' never swallows '@spinedx/dicom/node'. */
export const alias = Object.entries(entries).map(([name, path]) => ({
  find: new RegExp(`^${name.replace('/', '\\/')}$`),
  replacement: fileURLToPath(new URL(`./${path}`, import.meta.url)),
}));
