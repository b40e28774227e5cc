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
 * The values of float32 tensors on `backend`, for a kernel to read. On wasm views of its heap (no copy), valid until
 * something else is allocated there: tfjs moves a tensor another backend holds when wasm first reads it, and the
 * move may grow the heap, which detaches every view taken before, so every tensor moves first and the views come
 * after. Elsewhere `readSync`. Never write to the results: they are the tensors' own storage.
 */
export function readFloat32Values(backend: tf.KernelBackend, tensors: readonly tf.TensorInfo[]): Float32Array[] {
  if (!hasHeapView(backend)) return tensors.map((tensor) => backend.readSync(tensor.dataId) as Float32Array);
  for (const tensor of tensors) backend.dataIdMap.get(tensor.dataId);
  return tensors.map((tensor) => backend.typedArrayFromHeap(tensor));
}
