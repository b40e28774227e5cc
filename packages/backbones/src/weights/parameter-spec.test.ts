import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { tfjsShapeOf, toPytorchLayout, toTfjsLayout, type ParameterSpec } from './parameter-spec';

const iota = (count: number) => Float32Array.from({ length: count }, (_, index) => index + 1);

// Oracle: the transposes written with tf.transpose (conv [out,in,kh,kw] -> [kh,kw,in,out] is perm [2,3,1,0]).
describe('toTfjsLayout', () => {
  it.each<[string, Pick<ParameterSpec, 'pytorchShape' | 'layout'>, number[]]>([
    ['conv2d', { pytorchShape: [4, 3, 2, 5], layout: 'conv2d' }, [2, 3, 1, 0]],
    ['depthwise', { pytorchShape: [6, 1, 3, 2], layout: 'depthwise' }, [2, 3, 0, 1]],
    ['linear', { pytorchShape: [5, 7], layout: 'linear' }, [1, 0]],
  ])('should reorder a %s weight as tf.transpose does and invert with toPytorchLayout', (_, spec, permutation) => {
    const count = spec.pytorchShape.reduce((product, size) => product * size, 1);
    const data = iota(count);
    const expected = tf.tidy(() => tf.transpose(tf.tensor(data, [...spec.pytorchShape]), permutation).dataSync());
    const converted = toTfjsLayout(spec, data);
    expect([Array.from(converted), tfjsShapeOf(spec).reduce((product, size) => product * size, 1), Array.from(toPytorchLayout(spec, converted))]).toEqual([
      Array.from(expected),
      count,
      Array.from(data),
    ]);
  });

  it('should give tfjs shapes for each layout', () => {
    expect([
      tfjsShapeOf({ pytorchShape: [64, 3, 7, 7], layout: 'conv2d' }),
      tfjsShapeOf({ pytorchShape: [144, 1, 5, 5], layout: 'depthwise' }),
      tfjsShapeOf({ pytorchShape: [1000, 512], layout: 'linear' }),
      tfjsShapeOf({ pytorchShape: [64], layout: 'vector' }),
    ]).toEqual([
      [7, 7, 3, 64],
      [5, 5, 144, 1],
      [512, 1000],
      [64],
    ]);
  });

  it('should copy vectors instead of aliasing them', () => {
    const data = iota(3);
    const copy = toTfjsLayout({ pytorchShape: [3], layout: 'vector' }, data);
    copy[0] = 99;
    expect(data[0]).toBe(1);
  });
});
