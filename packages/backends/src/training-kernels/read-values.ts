import * as tf from '@tensorflow/tfjs-core';

interface HeapViewBackend {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
  /** The backend's tensors; asking it for one another backend holds moves that one onto the heap first. */
  dataIdMap: { get(dataId: tf.DataId): unknown };
}

function hasHeapView(backend: tf.KernelBackend): backend is tf.KernelBackend & HeapViewBackend {
  const candidate = backend as Partial<HeapViewBackend>;
  return typeof candidate.typedArrayFromHeap === 'function' && typeof candidate.dataIdMap?.get === 'function';
}

/**
 * Moves onto a heap backend (wasm) any of `tensors` still held by another backend. tfjs moves a tensor when a
 * backend first reads it, and the move may grow the heap, which detaches every view of it taken before: so a kernel
 * moves all its inputs first, then allocates its outputs, then takes its views. Elsewhere it does nothing.
 */
export function moveOntoHeap(backend: tf.KernelBackend, tensors: readonly tf.TensorInfo[]): void {
  if (!hasHeapView(backend)) return;
  for (const tensor of tensors) backend.dataIdMap.get(tensor.dataId);
}

/**
 * The values of float32 tensors on `backend`, for a kernel to read. On wasm views of its heap (no copy; all taken
 * after every tensor is on the heap, and valid until something else is allocated there), elsewhere `readSync`.
 * Never write to the results: they are the tensors' own storage.
 */
export function readFloat32Values(backend: tf.KernelBackend, tensors: readonly tf.TensorInfo[]): Float32Array[] {
  if (!hasHeapView(backend)) return tensors.map((tensor) => backend.readSync(tensor.dataId) as Float32Array);
  moveOntoHeap(backend, tensors);
  return tensors.map((tensor) => backend.typedArrayFromHeap(tensor));
}
