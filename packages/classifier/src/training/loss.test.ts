import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { balancedClassWeights, crossEntropyLoss } from './loss';

// Hand derivation: logits [2, 0] -> log-softmax [-log(1+e^-2), -2-log(1+e^-2)] = [-0.126928, -2.126928].
describe('crossEntropyLoss', () => {
  it('should equal the negative log-likelihood without smoothing', () => {
    const loss = crossEntropyLoss(tf.tensor2d([[2, 0]]), [1]);
    expect(loss.dataSync()[0]).toBeCloseTo(2.126928, 5);
    loss.dispose();
  });

  it('should mix in the uniform target with label smoothing (PyTorch definition)', () => {
    // target = 0.9 * [0, 1] + 0.1 / 2 = [0.05, 0.95]
    const loss = crossEntropyLoss(tf.tensor2d([[2, 0]]), [1], { labelSmoothing: 0.1 });
    expect(loss.dataSync()[0]).toBeCloseTo(0.05 * 0.126928 + 0.95 * 2.126928, 5);
    loss.dispose();
  });

  it('should weight samples by class and normalise by the weight sum', () => {
    const loss = crossEntropyLoss(tf.tensor2d([[2, 0], [2, 0]]), [0, 1], { classWeights: [1, 3] });
    expect(loss.dataSync()[0]).toBeCloseTo((0.126928 + 3 * 2.126928) / 4, 5);
    loss.dispose();
  });
});

describe('balancedClassWeights', () => {
  it('should follow scikit-learn: n / (classes * count)', () => {
    expect(balancedClassWeights([0, 0, 0, 1], 2)).toEqual([4 / 6, 2]);
  });
});
