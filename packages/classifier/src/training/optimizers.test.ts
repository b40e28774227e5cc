import { createRandom, FUSED_KERNEL_NAMES } from '@spinedx/core';
import { nativeKernelsAvailable, registerNativeKernels, unregisterNativeKernels } from '@spinedx/backends/native';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { createOptimizer } from './optimizers';

// Expected values: PyTorch 1.13 AdamW / SGD(momentum 0.9) on the same three gradient steps, float64
// (generator: __fixtures__/optimizer-reference.py, run with Debian's python3-torch).
const reference = {
  adamw: { w: [0.480469052662111, -0.9890622427555789, 1.9722783180977597, 0.23908431117541534], b: [0.07805871509237353, -0.1847276526882313] },
  sgd: { w: [0.4904777965, -0.993280397, 1.982386397, 0.24436989574999998], b: [0.08564999999999999, -0.19135] },
};
const gradients = [
  { w: [[0.3, -0.2], [0.1, 0.4]], b: [0.5, -0.5] },
  { w: [[-0.1, 0.2], [0.3, -0.4]], b: [0.2, 0.1] },
  { w: [[0.05, 0.05], [-0.2, 0.1]], b: [-0.3, 0.3] },
];

describe('createOptimizer', () => {
  it.each(['adamw', 'sgd'] as const)('should match PyTorch %s with decoupled weight decay on matrices only', (kind) => {
    const variables = new Map<string, tf.Variable>([
      ['w', tf.variable(tf.tensor2d([[0.5, -1.0], [2.0, 0.25]]))],
      ['b', tf.variable(tf.tensor1d([0.1, -0.2]))],
    ]);
    const optimizer = createOptimizer({ kind, weightDecay: 0.1, momentum: 0.9 });
    const before = tf.memory().numTensors;
    for (const step of gradients) {
      const grads = { w: tf.tensor2d(step.w), b: tf.tensor1d(step.b) };
      optimizer.step(variables, grads, 0.01);
      tf.dispose(Object.values(grads));
    }
    const slots = kind === 'adamw' ? 4 : 2;
    expect(tf.memory().numTensors).toBe(before + slots);
    const w = Array.from(variables.get('w')!.dataSync());
    const b = Array.from(variables.get('b')!.dataSync());
    w.forEach((value, index) => expect(value).toBeCloseTo(reference[kind].w[index]!, 5));
    b.forEach((value, index) => expect(value).toBeCloseTo(reference[kind].b[index]!, 5));
    optimizer.dispose();
    tf.dispose([...variables.values()]);
  });

  it('should continue identically after its state is saved and restored into a new optimizer', () => {
    const run = (restoreAfter: number | null) => {
      const variables = new Map([['w', tf.variable(tf.tensor2d([[0.5, -1.0], [2.0, 0.25]]))]]);
      let optimizer = createOptimizer({ kind: 'adamw', weightDecay: 0.1 });
      gradients.forEach((step, index) => {
        if (index === restoreAfter) {
          const state = optimizer.getState();
          optimizer.dispose();
          optimizer = createOptimizer({ kind: 'adamw', weightDecay: 0.1 });
          optimizer.setState(state);
          tf.dispose([...state.tensors.values()]);
        }
        const grads = { w: tf.tensor2d(step.w) };
        optimizer.step(variables, grads, 0.01);
        tf.dispose(Object.values(grads));
      });
      const result = Array.from(variables.get('w')!.dataSync());
      optimizer.dispose();
      variables.get('w')!.dispose();
      return result;
    };
    expect(run(2)).toEqual(run(null));
  });

  it('should reject an unknown kind', () => {
    expect(() => createOptimizer({ kind: 'adagrad' as 'sgd' })).toThrow(/kind must be 'adamw' or 'sgd'/);
  });
});

describe('createOptimizer with the fused AdamW kernel (@spinedx/backends/native)', () => {
  const available = nativeKernelsAvailable().available;

  /** Three AdamW steps on random parameters; returns the parameters and how many fused kernel calls ran. */
  function threeSteps(): { values: Float32Array[]; fusedCalls: number } {
    const random = createRandom(5);
    const normal = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random.normal()), shape);
    const variables = new Map<string, tf.Variable>([
      ['conv', tf.variable(normal([3, 3, 8, 16]))],
      ['bias', tf.variable(normal([16]))],
    ]);
    const optimizer = createOptimizer({ kind: 'adamw', weightDecay: 0.05 });
    const runKernel = vi.spyOn(tf.engine(), 'runKernel');
    try {
      for (let step = 0; step < 3; step++) {
        const gradients = { conv: normal([3, 3, 8, 16]), bias: normal([16]) };
        optimizer.step(variables, gradients, 1e-3);
        tf.dispose(Object.values(gradients));
      }
      const fusedCalls = runKernel.mock.calls.filter(([name]) => name === FUSED_KERNEL_NAMES.adamW).length;
      return { values: [...variables.values()].map((variable) => variable.dataSync() as Float32Array), fusedCalls };
    } finally {
      runKernel.mockRestore();
      optimizer.dispose();
      tf.dispose([...variables.values()]);
    }
  }

  it.runIf(available)('should match PyTorch and take the same steps as the composite ops, one kernel call per parameter', () => {
    const composite = threeSteps();
    registerNativeKernels({ backends: ['cpu'] });
    try {
      const fused = threeSteps();
      expect([composite.fusedCalls, fused.fusedCalls]).toEqual([0, 6]);
      fused.values.forEach((values, index) => values.forEach((value, position) => expect(Math.abs(value - composite.values[index]![position]!)).toBeLessThan(1e-6)));
      // And PyTorch's three reference steps, as above, through the fused kernel.
      const variables = new Map<string, tf.Variable>([
        ['w', tf.variable(tf.tensor2d([[0.5, -1.0], [2.0, 0.25]]))],
        ['b', tf.variable(tf.tensor1d([0.1, -0.2]))],
      ]);
      const optimizer = createOptimizer({ kind: 'adamw', weightDecay: 0.1 });
      for (const step of gradients) {
        const grads = { w: tf.tensor2d(step.w), b: tf.tensor1d(step.b) };
        optimizer.step(variables, grads, 0.01);
        tf.dispose(Object.values(grads));
      }
      Array.from(variables.get('w')!.dataSync()).forEach((value, index) => expect(value).toBeCloseTo(reference.adamw.w[index]!, 5));
      Array.from(variables.get('b')!.dataSync()).forEach((value, index) => expect(value).toBeCloseTo(reference.adamw.b[index]!, 5));
      optimizer.dispose();
      tf.dispose([...variables.values()]);
    } finally {
      unregisterNativeKernels();
    }
  });
});
