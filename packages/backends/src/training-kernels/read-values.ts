import * as tf from '@tensorflow/tfjs-core';

interface HeapViewBackend {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
}

function hasHeapView(backend: tf.KernelBackend): backend is tf.KernelBackend & HeapViewBackend {
  return typeof (backend as Partial<HeapViewBackend>).typedArrayFromHeap === 'function';
}

/**
 * The values of a float32 tensor on `backend`, for a kernel to read. On wasm a view of its heap (no copy; read it
 * before anything else is allocated there, since the heap may move when it grows), elsewhere `readSync`. Never
 * write to the result: it is the tensor's own storage.
 */
export function readFloat32Values(tensor: tf.TensorInfo, backend: tf.KernelBackend): Float32Array {
  return hasHeapView(backend) ? backend.typedArrayFromHeap(tensor) : (backend.readSync(tensor.dataId) as Float32Array);
}
