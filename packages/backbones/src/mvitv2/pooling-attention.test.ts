import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { referenceAttention, type ReferenceAttentionLayout, type ReferenceAttentionParameters } from './__fixtures__/reference-attention';
import { poolingAttention, type PoolingAttentionLayout } from './pooling-attention';
import { relativePositionIndices } from './relative-position';

const random = createRandom(11);
const matrix = (rows: number, columns: number, scale = 0.5): number[][] => Array.from({ length: rows }, () => Array.from({ length: columns }, () => random.uniform(-scale, scale)));
const vector = (length: number, center = 0, scale = 0.1): number[] => Array.from({ length }, () => center + random.uniform(-scale, scale));

function randomParameters(dim: number, channels: number, heads: number, tableLength: number): ReferenceAttentionParameters {
  const headDim = channels / heads;
  const filter = (): number[][][] => Array.from({ length: headDim }, () => matrix(3, 3));
  const norm = () => ({ weight: vector(headDim, 1), bias: vector(headDim) });
  return {
    qkvWeight: matrix(3 * channels, dim),
    qkvBias: vector(3 * channels),
    projWeight: matrix(channels, channels),
    projBias: vector(channels),
    pool: { q: filter(), k: filter(), v: filter() },
    norm: { q: norm(), k: norm(), v: norm() },
    relPosH: matrix(tableLength, headDim),
    relPosW: matrix(tableLength, headDim),
  };
}

/** PyTorch-layout nested arrays to the tfjs layouts poolingAttention takes. */
function toTfjs(parameters: ReferenceAttentionParameters) {
  const linearWeight = (weight: number[][]) => tf.transpose(tf.tensor2d(weight)) as tf.Tensor2D;
  const depthwise = (filter: number[][][]) => tf.expandDims(tf.transpose(tf.tensor3d(filter), [1, 2, 0]), 3) as tf.Tensor4D;
  const norm = (values: { weight: number[]; bias: number[] }) => ({ weight: tf.tensor1d(values.weight), bias: tf.tensor1d(values.bias) });
  return {
    qkv: { weight: linearWeight(parameters.qkvWeight), bias: tf.tensor1d(parameters.qkvBias) },
    proj: { weight: linearWeight(parameters.projWeight), bias: tf.tensor1d(parameters.projBias) },
    poolQ: depthwise(parameters.pool.q),
    poolK: depthwise(parameters.pool.k),
    poolV: depthwise(parameters.pool.v),
    normQ: norm(parameters.norm.q),
    normK: norm(parameters.norm.k),
    normV: norm(parameters.norm.v),
    relPosH: tf.tensor2d(parameters.relPosH),
    relPosW: tf.tensor2d(parameters.relPosW),
  };
}

const pooledSize = (size: number, stride: number): number => Math.floor((size + 2 - 3) / stride) + 1;

interface Case {
  grid: [number, number];
  strideQ: [number, number];
  strideKv: [number, number];
  numPrefixTokens: number;
  residualPooling: boolean;
}

const cases: [string, Case][] = [
  ['without stride', { grid: [4, 4], strideQ: [1, 1], strideKv: [1, 1], numPrefixTokens: 0, residualPooling: true }],
  ['with query and key/value stride 2', { grid: [4, 4], strideQ: [2, 2], strideKv: [2, 2], numPrefixTokens: 0, residualPooling: true }],
  ['with key/value stride only (query 4x4, keys 2x2)', { grid: [4, 4], strideQ: [1, 1], strideKv: [2, 2], numPrefixTokens: 0, residualPooling: true }],
  ['on a non-square odd grid with query stride', { grid: [5, 3], strideQ: [2, 2], strideKv: [1, 1], numPrefixTokens: 0, residualPooling: true }],
  ['with a class token', { grid: [4, 4], strideQ: [2, 2], strideKv: [2, 2], numPrefixTokens: 1, residualPooling: true }],
  ['without residual pooling', { grid: [4, 4], strideQ: [2, 2], strideKv: [1, 1], numPrefixTokens: 0, residualPooling: false }],
];

function run(testCase: Case, parameters: ReferenceAttentionParameters, input: number[][][], heads: number, channels: number) {
  const queryGrid: [number, number] = [pooledSize(testCase.grid[0], testCase.strideQ[0]), pooledSize(testCase.grid[1], testCase.strideQ[1])];
  const keyGrid: [number, number] = [pooledSize(testCase.grid[0], testCase.strideKv[0]), pooledSize(testCase.grid[1], testCase.strideKv[1])];
  const layout: PoolingAttentionLayout = {
    numHeads: heads,
    headDim: channels / heads,
    attentionDim: channels,
    kernel: [3, 3],
    strideQ: testCase.strideQ,
    strideKv: testCase.strideKv,
    inputGrid: testCase.grid,
    queryGrid,
    keyGrid,
    relativeIndexHeight: relativePositionIndices(queryGrid[0], keyGrid[0]),
    relativeIndexWidth: relativePositionIndices(queryGrid[1], keyGrid[1]),
  };
  const tensors = toTfjs(parameters);
  const inputTensor = tf.tensor3d(input);
  const before = tf.memory().numTensors;
  const output = poolingAttention(inputTensor, tensors, layout, { numPrefixTokens: testCase.numPrefixTokens, residualPooling: testCase.residualPooling, normEps: 1e-6 });
  const got = output.arraySync();
  output.dispose();
  const leaked = tf.memory().numTensors - before;
  tf.dispose([inputTensor, tensors as unknown as tf.TensorContainer]);
  return { got, leaked };
}

describe('poolingAttention', () => {
  const [batch, dim, channels, heads] = [2, 8, 12, 2];

  it.each(cases)('should equal a brute-force transcription of timm MultiScaleAttention %s', (_, testCase) => {
    const tableLength = 2 * Math.max(...testCase.grid) - 1;
    const parameters = randomParameters(dim, channels, heads, tableLength);
    const input = Array.from({ length: batch }, () => matrix(testCase.numPrefixTokens + testCase.grid[0] * testCase.grid[1], dim, 1));
    const referenceLayout: ReferenceAttentionLayout = { numHeads: heads, ...testCase, eps: 1e-6 };
    const want = referenceAttention(input, parameters, referenceLayout);
    const { got, leaked } = run(testCase, parameters, input, heads, channels);
    const flatWant = want.flat(2);
    const flatGot = got.flat(2);
    const scale = Math.max(...flatWant.map(Math.abs));
    const worst = Math.max(...flatGot.map((value, index) => Math.abs(value - flatWant[index]!)));
    expect([flatGot.length, leaked, worst <= 1e-5 * scale + 1e-6]).toEqual([flatWant.length, 0, true]);
  });

  it('should add exactly the projected pooled query with residual pooling on (and change the output)', () => {
    const testCase = cases[1]![1];
    const parameters = randomParameters(dim, channels, heads, 7);
    const input = Array.from({ length: batch }, () => matrix(16, dim, 1));
    const withResidual = run(testCase, parameters, input, heads, channels).got.flat(2);
    const withoutResidual = run({ ...testCase, residualPooling: false }, parameters, input, heads, channels).got.flat(2);
    // The reference's own difference: proj's weight applied to the pooled, normalised query.
    const difference = referenceAttention(input, parameters, { numHeads: heads, ...testCase, eps: 1e-6 }).flat(2);
    const differenceWithout = referenceAttention(input, parameters, { numHeads: heads, ...testCase, residualPooling: false, eps: 1e-6 }).flat(2);
    const worst = Math.max(...withResidual.map((value, index) => Math.abs(value - withoutResidual[index]! - (difference[index]! - differenceWithout[index]!))));
    const largestDifference = Math.max(...withResidual.map((value, index) => Math.abs(value - withoutResidual[index]!)));
    expect([worst < 1e-4, largestDifference > 0.1]).toEqual([true, true]);
  });

  it('should throw a ShapeError naming the expected token count', () => {
    const parameters = toTfjs(randomParameters(dim, channels, heads, 7));
    const input = tf.zeros([1, 15, dim]) as tf.Tensor3D;
    const layout = { numHeads: heads, headDim: 6, attentionDim: channels, kernel: [3, 3], strideQ: [1, 1], strideKv: [1, 1], inputGrid: [4, 4], queryGrid: [4, 4], keyGrid: [4, 4], relativeIndexHeight: relativePositionIndices(4, 4), relativeIndexWidth: relativePositionIndices(4, 4) } as const;
    expect(() => poolingAttention(input, parameters, layout, { numPrefixTokens: 0, residualPooling: true, normEps: 1e-6 })).toThrow(/poolingAttention: expected 0 \+ 4 x 4 tokens, received 15/);
    tf.dispose([input, parameters as unknown as tf.TensorContainer]);
  });
});
