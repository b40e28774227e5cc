import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer); every asset is same-origin.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Minified builds break the wasm backend's worker under cross-origin isolation (see TOOLING.md).
  build: {
    target: 'es2022',
    minify: false,
    chunkSizeWarningLimit: 8000,
    // Two pages: the viewer and the preprocessing speed check (read by the benchmark and the e2e test).
    rollupOptions: {
      input: {
        viewer: fileURLToPath(new URL('index.html', import.meta.url)),
        preprocessTiming: fileURLToPath(new URL('preprocess-timing.html', import.meta.url)),
      },
    },
  },
  // One tfjs-core for the app and every @spinedx package, so they share one engine and one backend registry.
  resolve: { dedupe: ['@tensorflow/tfjs-core'] },
  server: { headers: isolation },
  preview: { headers: isolation },
});
