import * as tf from '@tensorflow/tfjs-core';

type KernelArguments = Parameters<tf.KernelFunc>[0];

/**
 * Multiply-adds per product from which the explicit route pays for its transposes, slices and per-product setup.
 * Measured on wasm, one thread: 16 products of 49x96x49 (0.23 M each) took 2.8 ms stock and 5.0 ms split into single
 * products; 4 of 196x784x96 (14.8 M each) 43.9 ms against 12.4 ms.
 */
const MINIMUM_PRODUCT_SIZE = 2 ** 20;

/**
 * wasm's BatchMatMul runs XNNPACK only for one product with neither operand transposed (about 30 GFLOP/s on one
 * thread); a batch of products or a transposed operand takes a plain loop (2.7 GFLOP/s), and those are MViTv2's
 * attention products and every weight gradient. This kernel transposes operands explicitly and splits a batch into
 * single products (a batch against one right-hand matrix becomes one product with the batch's rows stacked), each
 * run by `stock`, wasm's own kernel. Small products, other broadcasts, non-float32 operands and mismatched shapes go
 * to `stock` unchanged.
 */
export function batchMatMulAsSingleProducts(args: KernelArguments, stock: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { a, b } = args.inputs as { a: tf.Tensor; b: tf.Tensor };
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  const rankA = a.shape.length;
  const rankB = b.shape.length;
  const rows = a.shape[transposeA ? rankA - 1 : rankA - 2]!;
  const inner = a.shape[transposeA ? rankA - 2 : rankA - 1]!;
  const columns = b.shape[transposeB ? rankB - 2 : rankB - 1]!;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  const fastAlready = batchA === 1 && batchB === 1 && !transposeA && !transposeB;
  const supported = a.dtype === 'float32' && b.dtype === 'float32' && inner === b.shape[transposeB ? rankB - 1 : rankB - 2] && (batchB === 1 || tf.util.arraysEqual(outerA, outerB));
  if (fastAlready || !supported || rows * inner * columns < MINIMUM_PRODUCT_SIZE) return stock(args);
  return tf.tidy(() => {
    // Operands as [batch, rows, inner] and [batch, inner, columns]; tf.matMul on single products runs `stock` again
    // through this kernel's first test.
    const left = toRowMajor(tf.reshape(a, [batchA, ...a.shape.slice(-2)]), transposeA);
    const right = toRowMajor(tf.reshape(b, [batchB, ...b.shape.slice(-2)]), transposeB);
    const outputShape = [...tf.backend_util.assertAndGetBroadcastShape(outerA, outerB), rows, columns];
    if (batchB === 1) return tf.reshape(tf.matMul(tf.reshape(left, [1, batchA * rows, inner]), right), outputShape);
    const rights = tf.unstack(right);
    return tf.reshape(tf.stack(tf.unstack(left).map((matrix, index) => tf.matMul(matrix, rights[index]!))), outputShape);
  });
}

function toRowMajor(matrices: tf.Tensor, transposed: boolean): tf.Tensor {
  return transposed ? tf.transpose(matrices, [0, 2, 1]) : matrices;
}
