import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts', 'src/train-worker.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // One TensorFlow.js instance for the CLI and every SpineDx package: never bundle it.
  external: [/^@tensorflow\//],
});
