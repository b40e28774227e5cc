import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { toTfjsLayout } from '../weights/parameter-spec';
import { createForwardContext } from '../layers/forward-context';
import { multiScaleBlock, shortcutMaxPool } from './multi-scale-block';
import { mvitv2Configs, type MultiScaleVitConfig } from './mvitv2-configs';
import { planMultiScaleVit } from './mvitv2-layout';
import { bindParameters, createVariables, planParameters } from './mvitv2-parameters';

const random = createRandom(3);
const values = (count: number): number[] => Array.from({ length: count }, () => random.uniform(-1, 1));

describe('shortcutMaxPool', () => {
  it.each([
    ['a 5 x 5 grid without a class token', 0],
    ['a 5 x 5 grid with a class token passed through', 1],
  ] as const)('should max-pool (kernel 3, stride 2, padding 1, padding never wins) %s', (_, prefix) => {
    const [batch, height, width, channels] = [2, 5, 5, 3];
    const tokens = prefix + height * width;
    const data = values(batch * tokens * channels);
    const input = tf.tensor3d(data, [batch, tokens, channels]);
    const output = shortcutMaxPool(input, [height, width], { kernel: [3, 3], stride: [2, 2], padding: [1, 1] }, prefix);
    const want: number[] = [];
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < prefix; t++) for (let c = 0; c < channels; c++) want.push(data[(b * tokens + t) * channels + c]!);
      for (let y = 0; y < 3; y++)
        for (let x = 0; x < 3; x++)
          for (let c = 0; c < channels; c++) {
            let largest = -Infinity;
            for (let ky = -1; ky <= 1; ky++)
              for (let kx = -1; kx <= 1; kx++) {
                const [sourceY, sourceX] = [2 * y + ky, 2 * x + kx];
                if (sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width) largest = Math.max(largest, data[(b * tokens + prefix + sourceY * width + sourceX) * channels + c]!);
              }
            want.push(largest);
          }
    }
    expect([output.shape, Array.from(output.dataSync())]).toEqual([[batch, prefix + 9, channels], want.map(Math.fround)]);
    tf.dispose([input, output]);
  });
});

/** A small MViTv2 (same code paths as the real variants) with its branch outputs (attn.proj, mlp.fc2) zeroed. */
function blockFixture(config: MultiScaleVitConfig) {
  const layout = planMultiScaleVit(config, [32, 32]);
  const specs = planParameters(config, layout, 2, 3);
  const variables = createVariables(specs, 4, toTfjsLayout);
  for (const [name, variable] of variables) {
    if (/(attn\.proj|mlp\.fc2)\.(weight|bias)$/.test(name)) variable.assign(tf.zerosLike(variable));
  }
  return { layout, variables, parameters: bindParameters(variables, layout) };
}

const smallConfig = (expandAttention: boolean): MultiScaleVitConfig => ({
  ...mvitv2Configs.mvitv2_tiny,
  depths: [2, 2, 1, 1],
  embedDims: [8, 16, 32, 64],
  numHeads: [1, 2, 4, 8],
  expandAttention,
});

/** Plain-JS LayerNorm (eps 1e-6) then x @ W over tokens `[tokens][in]` with W in tfjs layout `[in, out]` plus bias. */
function normThenLinear(tokens: number[][], norm: { weight: Float32Array; bias: Float32Array }, weight: number[][], bias: Float32Array): number[][] {
  return tokens.map((row) => {
    const mean = row.reduce((sum, value) => sum + value, 0) / row.length;
    const variance = row.reduce((sum, value) => sum + (value - mean) ** 2, 0) / row.length;
    const normalised = row.map((value, index) => ((value - mean) / Math.sqrt(variance + 1e-6)) * norm.weight[index]! + norm.bias[index]!);
    return Array.from(bias, (value, out) => normalised.reduce((sum, input, index) => sum + input * weight[index]![out]!, value));
  });
}

describe('multiScaleBlock', () => {
  it('should pass the un-normalised input through as the shortcut of a block without projection (branches zeroed)', () => {
    const { layout, variables, parameters } = blockFixture(smallConfig(true));
    const blockIndex = layout.blocks.findIndex((block) => block.prefix === 'stages.1.blocks.1');
    const block = layout.blocks[blockIndex]!;
    const input = tf.add(tf.tensor3d(values(2 * 16 * 16), [2, 16, 16]), 3) as tf.Tensor3D;
    const output = multiScaleBlock(input, parameters.blocks[blockIndex]!, block, { numPrefixTokens: 0, residualPooling: true, normEps: 1e-6, context: createForwardContext(false) });
    expect(Array.from(output.dataSync())).toEqual(Array.from(input.dataSync()));
    tf.dispose([input, output, [...variables.values()]]);
  });

  it('should project norm1(x) with shortcut_proj_attn and max-pool it at a strided, widening block (branches zeroed)', () => {
    const { layout, variables, parameters } = blockFixture(smallConfig(true));
    const blockIndex = layout.blocks.findIndex((block) => block.prefix === 'stages.1.blocks.0');
    const block = layout.blocks[blockIndex]!;
    expect([block.dim, block.dimOut, block.inputGrid, block.queryGrid, block.hasShortcutProjectionAttention]).toEqual([8, 16, [8, 8], [4, 4], true]);
    const data = values(64 * 8);
    const input = tf.tensor3d(data, [1, 64, 8]);
    const output = multiScaleBlock(input, parameters.blocks[blockIndex]!, block, { numPrefixTokens: 0, residualPooling: true, normEps: 1e-6, context: createForwardContext(false) });
    const get = (name: string) => variables.get(`${block.prefix}.${name}`)!;
    const projected = normThenLinear(
      Array.from({ length: 64 }, (_, token) => data.slice(token * 8, token * 8 + 8)),
      { weight: get('norm1.weight').dataSync() as Float32Array, bias: get('norm1.bias').dataSync() as Float32Array },
      get('shortcut_proj_attn.weight').arraySync() as number[][],
      get('shortcut_proj_attn.bias').dataSync() as Float32Array,
    );
    const want: number[] = [];
    for (let y = 0; y < 4; y++)
      for (let x = 0; x < 4; x++)
        for (let c = 0; c < 16; c++) {
          let largest = -Infinity;
          for (let ky = -1; ky <= 1; ky++)
            for (let kx = -1; kx <= 1; kx++) {
              const [sourceY, sourceX] = [2 * y + ky, 2 * x + kx];
              if (sourceY >= 0 && sourceY < 8 && sourceX >= 0 && sourceX < 8) largest = Math.max(largest, projected[sourceY * 8 + sourceX]![c]!);
            }
          want.push(largest);
        }
    const got = output.dataSync();
    expect([output.shape, Math.max(...want.map((value, index) => Math.abs(value - got[index]!))) < 1e-5]).toEqual([[1, 16, 16], true]);
    tf.dispose([input, output, [...variables.values()]]);
  });

  it('should widen through shortcut_proj_mlp(norm2(x)) at the last block of a stage when attention does not expand (mvitv2_large style)', () => {
    const { layout, variables, parameters } = blockFixture(smallConfig(false));
    const blockIndex = layout.blocks.findIndex((block) => block.prefix === 'stages.0.blocks.1');
    const block = layout.blocks[blockIndex]!;
    expect([block.dim, block.dimOut, block.attentionDim, block.hasShortcutProjectionMlp, block.shortcutPool]).toEqual([8, 16, 8, true, null]);
    const data = values(64 * 8);
    const input = tf.tensor3d(data, [1, 64, 8]);
    const output = multiScaleBlock(input, parameters.blocks[blockIndex]!, block, { numPrefixTokens: 0, residualPooling: true, normEps: 1e-6, context: createForwardContext(false) });
    const get = (name: string) => variables.get(`${block.prefix}.${name}`)!;
    const want = normThenLinear(
      Array.from({ length: 64 }, (_, token) => data.slice(token * 8, token * 8 + 8)),
      { weight: get('norm2.weight').dataSync() as Float32Array, bias: get('norm2.bias').dataSync() as Float32Array },
      get('shortcut_proj_mlp.weight').arraySync() as number[][],
      get('shortcut_proj_mlp.bias').dataSync() as Float32Array,
    ).flat();
    const got = output.dataSync();
    expect([output.shape, Math.max(...want.map((value, index) => Math.abs(value - got[index]!))) < 1e-5]).toEqual([[1, 64, 16], true]);
    tf.dispose([input, output, [...variables.values()]]);
  });
});
