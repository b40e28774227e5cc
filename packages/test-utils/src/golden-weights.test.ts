import { describe, expect, it } from 'vitest';
import { goldenExcess, goldenInputNhwc, goldenParameter } from './golden-weights';

// Expected values printed by fixtures/golden/make_golden.py (det_tensor / det_input), the reference generator:
//   det_tensor('layer1.0.conv1.weight', (4,3,3,3), 7).reshape(-1)[:5]
//   det_tensor('blocks.0.conv_pw.weight', (4,3,1,1), 3).reshape(-1)[:3]
//   det_tensor('bn1.running_var', (5,), 0)[:3]
//   det_input((1,3,2,2), 5).reshape(-1)   (NCHW order)
describe('goldenParameter', () => {
  it('should reproduce the reference generator for a conv, an EfficientNet conv and a running variance', () => {
    expect(Array.from(goldenParameter('layer1.0.conv1.weight', [4, 3, 3, 3], 7)!.data.slice(0, 5))).toEqual([
      0.1538296937942505, -0.06720415502786636, 0.25544801354408264, 0.021834731101989746, -0.3316025733947754,
    ]);
    expect(Array.from(goldenParameter('blocks.0.conv_pw.weight', [4, 3, 1, 1], 3)!.data.slice(0, 3))).toEqual([
      1.3393267393112183, 0.14803355932235718, 0.6789693832397461,
    ]);
    expect(Array.from(goldenParameter('bn1.running_var', [5], 0)!.data.slice(0, 3))).toEqual([0.5538572669029236, 1.0579845905303955, 0.9981786012649536]);
  });

  it('should skip num_batches_tracked', () => {
    expect(goldenParameter('bn1.num_batches_tracked', [], 0)).toBeNull();
  });
});

describe('goldenInputNhwc', () => {
  it('should reorder the NCHW reference input to NHWC', () => {
    const nchw = [
      0.4586644172668457, -0.24173617362976074, 0.6232477426528931, -0.3348740339279175, -0.6968261003494263, -0.5006808042526245,
      -0.07267522811889648, -0.03598940372467041, 0.2654534578323364, 0.7355421781539917, 0.39314210414886475, 0.16499626636505127,
    ];
    const expected: number[] = [];
    for (let pixel = 0; pixel < 4; pixel++) for (let channel = 0; channel < 3; channel++) expected.push(nchw[channel * 4 + pixel]!);
    expect(Array.from(goldenInputNhwc([1, 3, 2, 2], 5).data)).toEqual(expected);
  });
});

describe('goldenExcess', () => {
  it('should pass within 1e-3 of the largest value and fail beyond it', () => {
    expect(goldenExcess([10.005, 0], [10, 0])).toBeLessThanOrEqual(0);
    expect(goldenExcess([10.02, 0], [10, 0])).toBeGreaterThan(0);
  });
});
