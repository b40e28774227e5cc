import { SpineDxError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulAsSingleProducts } from './training-kernels/batch-mat-mul';
import { conv2dBackpropFilter } from './training-kernels/conv2d-backprop-filter';
import { conv2dBackpropInput } from './training-kernels/conv2d-backprop-input';
import { depthwiseConv2dBackpropFilter } from './training-kernels/depthwise-backprop-filter';
import { depthwiseConv2dBackpropInput } from './training-kernels/depthwise-backprop-input';
import { unsortedSegmentSum } from './training-kernels/unsorted-segment-sum';
import { isLayeredKernel } from './layered-kernels';

/** Backends this package has training kernels for. */
export type TrainingKernelBackend = 'wasm' | 'cpu';

/** Options of `registerTrainingKernels`. */
export interface RegisterTrainingKernelsOptions {
  /** Backends to register for (default both). Registering for a backend that is not loaded is harmless. */
  backends?: readonly TrainingKernelBackend[];
}

/** One kernel `registerTrainingKernels` put in place. */
export interface RegisteredTrainingKernel {
  backend: TrainingKernelBackend;
  kernel: string;
  /** True where a stock kernel existed and was replaced by the faster one (restored by `unregisterTrainingKernels`). */
  replacedStock: boolean;
}

type Tensor4D = tf.Tensor4D;
type KernelArguments = Parameters<tf.KernelFunc>[0];

/** Our kernels, each composed of ops that run on the active backend (nested ops are not taped by tfjs). */
const KERNEL_FUNCTIONS: Record<string, tf.KernelFunc> = {
  Conv2DBackpropFilter: ({ inputs, attrs }: KernelArguments) =>
    conv2dBackpropFilter(inputs.x as Tensor4D, inputs.dy as Tensor4D, attrs as unknown as tf.Conv2DBackpropFilterAttrs),
  Conv2DBackpropInput: ({ inputs, attrs, backend }: KernelArguments) =>
    conv2dBackpropInput(inputs.dy as Tensor4D, inputs.filter as Tensor4D, attrs as unknown as tf.Conv2DBackpropInputAttrs, backend as tf.KernelBackend),
  DepthwiseConv2dNativeBackpropFilter: ({ inputs, attrs, backend }: KernelArguments) =>
    depthwiseConv2dBackpropFilter(inputs.x as Tensor4D, inputs.dy as Tensor4D, attrs as unknown as tf.DepthwiseConv2dNativeBackpropFilterAttrs, backend as tf.KernelBackend),
  DepthwiseConv2dNativeBackpropInput: ({ inputs, attrs, backend }: KernelArguments) =>
    depthwiseConv2dBackpropInput(inputs.dy as Tensor4D, inputs.filter as Tensor4D, attrs as unknown as tf.DepthwiseConv2dNativeBackpropInputAttrs, backend as tf.KernelBackend),
  UnsortedSegmentSum: ({ inputs, attrs, backend }: KernelArguments) =>
    unsortedSegmentSum(inputs.x!, inputs.segmentIds!, (attrs as unknown as tf.UnsortedSegmentSumAttrs).numSegments, backend as tf.KernelBackend),
  BatchMatMul: (args: KernelArguments) => batchMatMulAsSingleProducts(args, stockKernel('wasm', 'BatchMatMul')),
  // tfjs clones every tensor a gradient keeps (the engine's clone runs Identity), and wasm's Identity copies it: a
  // ResNet34 step copied 293 activations. Tensors never change, so the output shares the input's memory, as wasm's
  // own Reshape and the cpu backend's Identity do.
  Identity: ({ inputs, backend }: KernelArguments) => {
    const { x } = inputs as { x: tf.TensorInfo };
    (backend as tf.KernelBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  },
};

/**
 * Which kernels each backend gets. wasm: the four it lacks, plus Conv2DBackpropInput (its stock kernel is a scalar
 * loop, ~10x slower than the forward conv), Identity (the stock one copies; ours shares the input's memory) and
 * BatchMatMul (the stock one runs XNNPACK only for a single untransposed product, a plain loop 10x slower otherwise). cpu: Conv2DBackpropFilter (the stock one is ~40x slower than ours) and
 * DepthwiseConv2dNativeBackpropFilter (the stock one is ~39x slower than our direct loop on EfficientNet-B3's
 * layers); its other gradient kernels are as fast as their forward ops. Measured in bench/training-kernels.bench.ts.
 */
export const TRAINING_KERNELS: Readonly<Record<TrainingKernelBackend, readonly string[]>> = Object.freeze({
  wasm: Object.freeze(['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum', 'Identity', 'BatchMatMul']),
  cpu: Object.freeze(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter']),
});

/** Stock kernels we replaced, so they can be put back. */
const replacedStockKernels = new Map<string, tf.KernelConfig>();

/** The stock kernel ours replaced on `backend`, for ours to hand cases to. */
function stockKernel(backend: TrainingKernelBackend, kernel: string): tf.KernelFunc {
  const stock = replacedStockKernels.get(`${backend}/${kernel}`);
  if (stock === undefined) throw new SpineDxError(`no stock ${kernel} kernel was registered for ${backend}`, { code: 'KERNEL_UNAVAILABLE' });
  return stock.kernelFunc;
}

function isOurs(kernel: string, backend: string): boolean {
  return tf.getKernel(kernel, backend)?.kernelFunc === KERNEL_FUNCTIONS[kernel];
}

/**
 * Registers the gradient kernels that let the SpineDx backbones train on the wasm backend and that speed up the
 * cpu backend's filter gradient. Explicit (nothing registers on import) and idempotent: a second call changes
 * nothing. Returns what this call registered.
 */
export function registerTrainingKernels(options: RegisterTrainingKernelsOptions = {}): RegisteredTrainingKernel[] {
  const backends = options.backends ?? (['wasm', 'cpu'] as const);
  const registered: RegisteredTrainingKernel[] = [];
  for (const backend of backends) {
    for (const kernel of TRAINING_KERNELS[backend] ?? []) {
      // Ours is there already, or a native kernel sits in front of it (it falls back to what it replaced).
      if (isOurs(kernel, backend) || isLayeredKernel(tf.getKernel(kernel, backend)?.kernelFunc)) continue;
      const stock = tf.getKernel(kernel, backend);
      if (stock !== undefined) {
        replacedStockKernels.set(`${backend}/${kernel}`, stock);
        tf.unregisterKernel(kernel, backend);
      }
      // The stock kernel's setup travels with ours: a backend started after this call sets up the kernels registered
      // then, and ours may hand cases to the stock one.
      tf.registerKernel({ kernelName: kernel, backendName: backend, kernelFunc: KERNEL_FUNCTIONS[kernel]!, setupFunc: stock?.setupFunc, disposeFunc: stock?.disposeFunc });
      registered.push({ backend, kernel, replacedStock: stock !== undefined });
    }
  }
  return registered;
}

/** Removes the kernels `registerTrainingKernels` added and restores the stock ones it replaced. */
export function unregisterTrainingKernels(): void {
  for (const backend of Object.keys(TRAINING_KERNELS) as TrainingKernelBackend[]) {
    for (const kernel of TRAINING_KERNELS[backend]) {
      if (!isOurs(kernel, backend)) continue;
      tf.unregisterKernel(kernel, backend);
      const stock = replacedStockKernels.get(`${backend}/${kernel}`);
      if (stock !== undefined) tf.registerKernel(stock);
      replacedStockKernels.delete(`${backend}/${kernel}`);
    }
  }
}
