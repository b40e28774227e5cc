import * as tf from '@tensorflow/tfjs-core';
import { createRandom, type Random } from '@spinedx/core';
import type { ParameterSpec } from '../weights/parameter-spec';
import { tfjsShapeOf } from '../weights/parameter-spec';
import type { LayerNormParameters } from './layer-norm';
import type { LinearParameters } from './linear';
import type { MultiScaleBlockParameters } from './multi-scale-block';
import type { MultiScaleVitConfig } from './mvitv2-configs';
import type { MultiScaleVitLayout } from './mvitv2-layout';

/** How a parameter is initialised (timm's `_init_weights` and PyTorch defaults). */
type Initialiser = 'truncatedNormal' | 'zeros' | 'ones' | 'convUniform';

interface PlannedParameter extends ParameterSpec {
  initialiser: Initialiser;
  /** Fan-in for `convUniform`. */
  fanIn: number;
}

/**
 * Every state-dict entry of an MViTv2 in timm's `state_dict` order (a module's own parameters before its children's,
 * so `cls_token` / `pos_embed` come first and `rel_pos_h` / `rel_pos_w` before `qkv`), with its layout and initialiser.
 */
export function planParameters(config: MultiScaleVitConfig, layout: MultiScaleVitLayout, numClasses: number, inChannels: number): PlannedParameter[] {
  const specs: PlannedParameter[] = [];
  const add = (name: string, pytorchShape: number[], specLayout: ParameterSpec['layout'], initialiser: Initialiser, fanIn = 0): void => {
    specs.push({ name, pytorchShape, layout: specLayout, trainable: true, initialiser, fanIn });
  };
  const addLinear = (name: string, inFeatures: number, outFeatures: number, bias = true): void => {
    add(`${name}.weight`, [outFeatures, inFeatures], 'linear', 'truncatedNormal');
    if (bias) add(`${name}.bias`, [outFeatures], 'vector', 'zeros');
  };
  const addNorm = (name: string, channels: number): void => {
    add(`${name}.weight`, [channels], 'vector', 'ones');
    add(`${name}.bias`, [channels], 'vector', 'zeros');
  };
  const embedDim = config.embedDims[0]!;
  const [patchHeight, patchWidth] = config.patchKernel;
  if (config.useClassToken) add('cls_token', [1, 1, embedDim], 'raw', 'truncatedNormal');
  if (config.useAbsolutePosition) add('pos_embed', [1, layout.numPrefixTokens + layout.patchGrid[0] * layout.patchGrid[1], embedDim], 'raw', 'truncatedNormal');
  const patchFanIn = inChannels * patchHeight * patchWidth;
  add('patch_embed.proj.weight', [embedDim, inChannels, patchHeight, patchWidth], 'conv2d', 'convUniform', patchFanIn);
  add('patch_embed.proj.bias', [embedDim], 'vector', 'convUniform', patchFanIn);
  for (const block of layout.blocks) {
    const { prefix, dim, dimOut, attentionDim, headDim, kernel } = block;
    addNorm(`${prefix}.norm1`, dim);
    if (block.hasShortcutProjectionAttention) addLinear(`${prefix}.shortcut_proj_attn`, dim, dimOut);
    add(`${prefix}.attn.rel_pos_h`, [block.relativePositionLength, headDim], 'raw', 'truncatedNormal');
    add(`${prefix}.attn.rel_pos_w`, [block.relativePositionLength, headDim], 'raw', 'truncatedNormal');
    addLinear(`${prefix}.attn.qkv`, dim, 3 * attentionDim, config.qkvBias);
    addLinear(`${prefix}.attn.proj`, attentionDim, attentionDim);
    for (const pooled of ['q', 'k', 'v']) {
      add(`${prefix}.attn.pool_${pooled}.weight`, [headDim, 1, kernel[0], kernel[1]], 'depthwise', 'convUniform', kernel[0] * kernel[1]);
      addNorm(`${prefix}.attn.norm_${pooled}`, headDim);
    }
    addNorm(`${prefix}.norm2`, attentionDim);
    if (block.hasShortcutProjectionMlp) addLinear(`${prefix}.shortcut_proj_mlp`, dim, dimOut);
    addLinear(`${prefix}.mlp.fc1`, attentionDim, block.mlpHidden);
    addLinear(`${prefix}.mlp.fc2`, block.mlpHidden, dimOut);
  }
  addNorm('norm', layout.numFeatures);
  addLinear('head.fc', layout.numFeatures, numClasses);
  return specs;
}

/** timm's `trunc_normal_tf_(std=0.02)`: a normal sample redrawn until it lies within two standard deviations. */
function truncatedNormal(random: Random, std: number): number {
  for (;;) {
    const value = random.normal();
    if (Math.abs(value) <= 2) return value * std;
  }
}

function initialValues(spec: PlannedParameter, random: Random): Float32Array {
  const size = spec.pytorchShape.reduce((product, dimension) => product * dimension, 1);
  const values = new Float32Array(size);
  if (spec.initialiser === 'ones') return values.fill(1);
  if (spec.initialiser === 'zeros') return values;
  // PyTorch's Conv2d default (kaiming_uniform with a = sqrt(5)) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), for weight and bias.
  const bound = 1 / Math.sqrt(Math.max(spec.fanIn, 1));
  for (let index = 0; index < size; index++) values[index] = spec.initialiser === 'convUniform' ? random.uniform(-bound, bound) : truncatedNormal(random, 0.02);
  return values;
}

/**
 * Creates one tf.Variable per planned parameter (tfjs layout), initialised deterministically from `seed`.
 * Values are drawn in PyTorch layout and converted, so the same seed gives the same state dict whatever the layout.
 */
export function createVariables(specs: readonly PlannedParameter[], seed: number, toTfjs: (spec: ParameterSpec, data: Float32Array) => Float32Array): Map<string, tf.Variable> {
  const random = createRandom(seed);
  const variables = new Map<string, tf.Variable>();
  try {
    for (const spec of specs) {
      const initial = tf.tensor(toTfjs(spec, initialValues(spec, random)), tfjsShapeOf(spec), 'float32');
      variables.set(spec.name, tf.variable(initial, spec.trainable));
      initial.dispose();
    }
  } catch (error) {
    for (const variable of variables.values()) variable.dispose();
    throw error;
  }
  return variables;
}

/** Typed views of the variables, in the shape the functional layers take. */
export interface MultiScaleVitParameters {
  classToken?: tf.Variable;
  positionEmbedding?: tf.Variable;
  patchEmbed: { weight: tf.Tensor4D; bias: tf.Tensor1D };
  blocks: MultiScaleBlockParameters[];
  norm: LayerNormParameters;
  head: LinearParameters;
}

/** Gathers the variables of {@link createVariables} into {@link MultiScaleVitParameters}. */
export function bindParameters(variables: ReadonlyMap<string, tf.Variable>, layout: MultiScaleVitLayout): MultiScaleVitParameters {
  const get = <T extends tf.Tensor>(name: string): T => {
    const variable = variables.get(name);
    if (variable === undefined) throw new Error(`bindParameters: no variable '${name}' (parameter plan and binding disagree)`);
    return variable as unknown as T;
  };
  const norm = (name: string): LayerNormParameters => ({ weight: get(`${name}.weight`), bias: get(`${name}.bias`) });
  const dense = (name: string): LinearParameters => ({ weight: get(`${name}.weight`), ...(variables.has(`${name}.bias`) ? { bias: get<tf.Tensor1D>(`${name}.bias`) } : {}) });
  return {
    ...(variables.has('cls_token') ? { classToken: get<tf.Variable>('cls_token') } : {}),
    ...(variables.has('pos_embed') ? { positionEmbedding: get<tf.Variable>('pos_embed') } : {}),
    patchEmbed: { weight: get('patch_embed.proj.weight'), bias: get('patch_embed.proj.bias') },
    blocks: layout.blocks.map(({ prefix, hasShortcutProjectionAttention, hasShortcutProjectionMlp }) => ({
      norm1: norm(`${prefix}.norm1`),
      ...(hasShortcutProjectionAttention ? { shortcutProjAttn: dense(`${prefix}.shortcut_proj_attn`) } : {}),
      attn: {
        qkv: dense(`${prefix}.attn.qkv`),
        proj: dense(`${prefix}.attn.proj`),
        poolQ: get(`${prefix}.attn.pool_q.weight`),
        poolK: get(`${prefix}.attn.pool_k.weight`),
        poolV: get(`${prefix}.attn.pool_v.weight`),
        normQ: norm(`${prefix}.attn.norm_q`),
        normK: norm(`${prefix}.attn.norm_k`),
        normV: norm(`${prefix}.attn.norm_v`),
        relPosH: get(`${prefix}.attn.rel_pos_h`),
        relPosW: get(`${prefix}.attn.rel_pos_w`),
      },
      norm2: norm(`${prefix}.norm2`),
      ...(hasShortcutProjectionMlp ? { shortcutProjMlp: dense(`${prefix}.shortcut_proj_mlp`) } : {}),
      mlp: { fc1: dense(`${prefix}.mlp.fc1`), fc2: dense(`${prefix}.mlp.fc2`) },
    })),
    norm: norm('norm'),
    head: dense('head.fc'),
  };
}
