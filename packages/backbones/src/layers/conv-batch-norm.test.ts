import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { relativeDifference } from '../../test/relative-difference';
import { blockInput, blockWeights } from '../../test/block-weights';
import { convBatchNorm, type ConvActivation } from './conv-batch-norm';
import { createFoldedConvolutionCache, foldBatchNorm } from './folded-convolutions';
import { createForwardContext } from './forward-context';
import { batchNormParameters, convParameters } from './parameter-declarations';

const seed = 5;

/** Names of the kernels `fn` runs, in order (inside tf.tidy). */
function kernelsOf(fn: () => tf.Tensor): string[] {
  const engine = tf.engine();
  const names: string[] = [];
  const runKernel = engine.runKernel.bind(engine);
  engine.runKernel = (name, inputs, attrs) => {
    names.push(name);
    return runKernel(name, inputs, attrs);
  };
  try {
    tf.tidy(fn);
  } finally {
    engine.runKernel = runKernel;
  }
  return names;
}

/** A conv + batch norm with SPEC.md values by name (running variances in [0.5, 1.5], non-trivial gamma and beta). */
function convBnWeights(inChannels: number, outChannels: number, kernelSize: number, depthwise: boolean) {
  return blockWeights(
    [...convParameters('conv', { inChannels, outChannels, kernelSize, depthwise, init: { kind: 'constant', value: 0 } }), ...batchNormParameters('bn', outChannels)],
    seed,
  );
}

describe('convBatchNorm', () => {
  it.each([
    ['3x3 stride 2, ReLU', { inChannels: 3, outChannels: 8, kernelSize: 3, stride: 2, depthwise: false, activation: 'relu' }, [2, 9, 7, 3]],
    ['7x7 stride 2 padding 3, ReLU', { inChannels: 2, outChannels: 4, kernelSize: 7, stride: 2, depthwise: false, activation: 'relu', padding: 3 }, [1, 12, 10, 2]],
    ['1x1, linear', { inChannels: 6, outChannels: 5, kernelSize: 1, stride: 1, depthwise: false, activation: 'linear' }, [2, 4, 5, 6]],
    ['depthwise 5x5 stride 2, SiLU', { inChannels: 6, outChannels: 6, kernelSize: 5, stride: 2, depthwise: true, activation: 'silu' }, [1, 11, 8, 6]],
    ['depthwise 3x3, linear', { inChannels: 4, outChannels: 4, kernelSize: 3, stride: 1, depthwise: true, activation: 'linear' }, [2, 5, 6, 4]],
  ] as const)('should give the unfused evaluation output with one fused convolution for %s', (_, options, shape) => {
    const weights = convBnWeights(options.inChannels, options.outChannels, options.kernelSize, options.depthwise);
    const input = blockInput([...shape], seed);
    const cache = createFoldedConvolutionCache();
    const layer = { conv: 'conv', norm: 'bn', stride: options.stride, depthwise: options.depthwise, activation: options.activation as ConvActivation, padding: 'padding' in options ? options.padding : undefined };
    const unfused = tf.tidy(() => convBatchNorm(input.tensor, weights.parameters, layer, createForwardContext(false)).dataSync());
    const fused = tf.tidy(() => convBatchNorm(input.tensor, weights.parameters, layer, createForwardContext(false, createRandom(0), cache)).dataSync());
    // The kernels of a pass on the filled cache.
    const kernels = kernelsOf(() => convBatchNorm(input.tensor, weights.parameters, layer, createForwardContext(false, createRandom(0), cache)));
    expect(relativeDifference(fused, unfused)).toBeLessThan(1e-4);
    const convolution = options.depthwise ? 'FusedDepthwiseConv2D' : 'FusedConv2D';
    expect(kernels).toEqual(options.activation === 'silu' ? [convolution, 'Sigmoid', 'Multiply'] : [convolution]);
    cache.dispose();
    input.tensor.dispose();
    weights.dispose();
  });
});

describe('createFoldedConvolutionCache', () => {
  it('should reuse a fold until a source variable is assigned, then refold and release the stale tensors', () => {
    const weights = convBnWeights(3, 4, 3, false);
    const cache = createFoldedConvolutionCache();
    const names = { conv: 'conv', norm: 'bn' };
    const before = tf.memory().numTensors;
    const first = cache.get(weights.parameters, names);
    expect(cache.get(weights.parameters, names)).toBe(first);
    expect(tf.memory().numTensors).toBe(before + 2);
    for (const source of ['bn.running_var', 'conv.weight']) {
      const previous = cache.get(weights.parameters, names);
      const variable = weights.parameters(source);
      tf.tidy(() => variable.assign(tf.mul(variable, 1.5)));
      const refolded = cache.get(weights.parameters, names);
      const fresh = foldBatchNorm(weights.parameters, names);
      expect([refolded === previous, previous.weight.isDisposed, previous.bias.isDisposed]).toEqual([false, true, true]);
      expect(relativeDifference(refolded.weight.dataSync(), fresh.weight.dataSync())).toBe(0);
      expect(relativeDifference(refolded.bias.dataSync(), fresh.bias.dataSync())).toBe(0);
      tf.dispose([fresh.weight, fresh.bias]);
      expect(tf.memory().numTensors).toBe(before + 2);
    }
    cache.dispose();
    expect([cache.size, tf.memory().numTensors]).toEqual([0, before]);
    weights.dispose();
  });

  it('should fold per output channel: axis 3 of a dense filter, axis 2 of a depthwise one', () => {
    const dense = convBnWeights(2, 3, 1, false);
    const depthwise = convBnWeights(3, 3, 1, true);
    for (const [weights, isDepthwise] of [[dense, false], [depthwise, true]] as const) {
      const folded = foldBatchNorm(weights.parameters, { conv: 'conv', norm: 'bn', depthwise: isDepthwise });
      const gamma = weights.parameters('bn.weight').dataSync();
      const variance = weights.parameters('bn.running_var').dataSync();
      const weight = weights.parameters('conv.weight').dataSync();
      const channels = 3;
      const want = Array.from(weight, (value, index) => (value * gamma[index % channels]!) / Math.sqrt(variance[index % channels]! + 1e-5));
      expect(relativeDifference(folded.weight.dataSync(), want)).toBeLessThan(1e-6);
      const beta = weights.parameters('bn.bias').dataSync();
      const mean = weights.parameters('bn.running_mean').dataSync();
      const wantBias = Array.from(beta, (value, channel) => value - (mean[channel]! * gamma[channel]!) / Math.sqrt(variance[channel]! + 1e-5));
      expect(relativeDifference(folded.bias.dataSync(), wantBias)).toBeLessThan(1e-6);
      tf.dispose([folded.weight, folded.bias]);
      weights.dispose();
    }
  });
});
