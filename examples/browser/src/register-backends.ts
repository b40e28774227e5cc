// The app bundles every backend itself (a bundler cannot follow @spinedx/backends' lazy imports), so importing
// them here registers webgl and cpu (with the gradients Grad-CAM needs), wasm and webgpu.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { initBackend, registerTrainingKernels, type BackendName, type InitBackendResult } from '@spinedx/backends';

/** The backends a user can pick, fastest first. */
export const BROWSER_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

let wasmPathsSet = false;

/** Points the wasm backend at the .wasm files Vite emitted with the app's own assets (no CDN). */
function useBundledWasm(): void {
  if (wasmPathsSet) return;
  setWasmPaths({ 'tfjs-backend-wasm.wasm': plainWasm, 'tfjs-backend-wasm-simd.wasm': simdWasm, 'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdWasm });
  wasmPathsSet = true;
}

/**
 * Starts `name` (and only it) as the active tfjs backend; without a name, the fastest that works here.
 * Throws `BackendUnavailableError` from @spinedx/backends, with each reason, when it cannot start.
 */
export async function startBackend(name?: BackendName): Promise<InitBackendResult> {
  useBundledWasm();
  const started = await (name === undefined ? initBackend() : initBackend({ prefer: [name], allowFallback: false }));
  // initBackend cannot see the thread count of a backend the app bundled itself; ask the wasm package directly.
  if (started.name === 'wasm' && started.threads === undefined) started.threads = getThreadsCount();
  // wasm's own BatchMatMul runs batched and transposed products in a plain loop; these kernels route MViTv2's
  // attention through XNNPACK (about 1.7x faster inference).
  if (started.name === 'wasm') registerTrainingKernels({ backends: ['wasm'] });
  return started;
}
