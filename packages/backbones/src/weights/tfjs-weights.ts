import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../backbone';
import { loadTimmWeights, type LoadTimmWeightsOptions, type LoadTimmWeightsReport } from './load-timm-weights';
import { tfjsShapeOf, toPytorchLayout, type StateDictTensor } from './parameter-spec';
import { WeightMismatchError } from './weight-errors';

/** `format` written into the artifacts by {@link saveBackboneWeights}. */
export const backboneWeightsFormat = 'spinedx-backbone-weights';

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((size, index) => size === b[index]);

/**
 * Saves every state-dict entry of a backbone through a `tf.io` handler (`tf.io.withSaveHandler`, a browser
 * `downloads://` / `indexeddb://` handler, or tfjs-node's `file://`), in tfjs weight encoding: tensors under
 * their timm names, in tfjs layout. `modelTopology` records the model id, class count and input shape.
 */
export async function saveBackboneWeights(backbone: Backbone, handler: tf.io.IOHandler): Promise<tf.io.SaveResult> {
  if (typeof handler?.save !== 'function') throw new TypeError('saveBackboneWeights: expected a tf.io.IOHandler with save()');
  const named: tf.NamedTensorMap = Object.fromEntries(backbone.parameterSpecs.map((spec) => [spec.name, backbone.variables.get(spec.name)!]));
  const { data, specs } = await tf.io.encodeWeights(named);
  return handler.save({
    modelTopology: { model: backbone.name, numClasses: backbone.numClasses, inputShape: [...backbone.inputShape] },
    format: backboneWeightsFormat,
    generatedBy: 'SpineDx @spinedx/backbones',
    weightSpecs: specs,
    weightData: data,
  });
}

/**
 * Loads weights written by {@link saveBackboneWeights} through a `tf.io` handler. They cross the same seam as timm
 * weights ({@link loadTimmWeights}), so missing, unexpected and wrongly-shaped entries throw a `WeightMismatchError`
 * and a class-count change leaves the classifier at its initial values.
 */
export async function loadBackboneWeights(backbone: Backbone, handler: tf.io.IOHandler, options: LoadTimmWeightsOptions = {}): Promise<LoadTimmWeightsReport> {
  if (typeof handler?.load !== 'function') throw new TypeError('loadBackboneWeights: expected a tf.io.IOHandler with load()');
  const artifacts = await handler.load();
  if (artifacts.weightSpecs === undefined || artifacts.weightData === undefined) {
    throw new WeightMismatchError(`loadBackboneWeights(${backbone.name}): the artifacts hold no weightSpecs/weightData`, {});
  }
  const decoded = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const specsByName = new Map(backbone.parameterSpecs.map((spec) => [spec.name, spec]));
  const stateDict = new Map<string, StateDictTensor>();
  try {
    for (const [name, tensor] of Object.entries(decoded)) {
      const data = tensor.dataSync() as Float32Array;
      const spec = specsByName.get(name);
      // Entries in this backbone's tfjs layout go back to PyTorch layout; anything else is passed on as it is,
      // so that loadTimmWeights reports it (unexpected, wrong shape) or adapts it (classifier, first conv).
      if (spec !== undefined && sameShape(tensor.shape, tfjsShapeOf(spec))) {
        stateDict.set(name, { shape: [...spec.pytorchShape], data: toPytorchLayout(spec, data) });
      } else if (spec !== undefined && spec.layout !== 'vector' && spec.layout !== 'raw' && tensor.rank === spec.pytorchShape.length) {
        // A saved model of another class count or input channel count: undo the tfjs layout by its own shape.
        const pytorchShape = toPytorchShape(spec.layout, tensor.shape);
        stateDict.set(name, { shape: pytorchShape, data: toPytorchLayout({ layout: spec.layout, pytorchShape }, data) });
      } else {
        stateDict.set(name, { shape: [...tensor.shape], data: Float32Array.from(data) });
      }
    }
  } finally {
    tf.dispose(Object.values(decoded));
  }
  return loadTimmWeights(backbone, stateDict, options);
}

function toPytorchShape(layout: 'conv2d' | 'depthwise' | 'linear', shape: readonly number[]): number[] {
  if (layout === 'linear') return [shape[1]!, shape[0]!];
  if (layout === 'depthwise') return [shape[2]! * shape[3]!, 1, shape[0]!, shape[1]!];
  return [shape[3]!, shape[2]!, shape[0]!, shape[1]!];
}
