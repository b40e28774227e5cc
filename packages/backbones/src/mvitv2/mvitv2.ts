import * as tf from '@tensorflow/tfjs-core';
import { createRandom, InvalidArgumentError, ShapeError } from '@spinedx/core';
import type { Backbone, ForwardOptions } from '../backbone';
import type { CreateBackboneOptions } from '../model-entry';
import type { PretrainedConfig } from '../pretrained-config';
import { toTfjsLayout, type ParameterSpec, type StateDictTensor } from '../weights/parameter-spec';
import { dropout } from '../layers/dropout';
import { createForwardContext, type ForwardContext } from '../layers/forward-context';
import { layerNorm } from './layer-norm';
import { linear } from './linear';
import { multiScaleBlock } from './multi-scale-block';
import type { MultiScaleVitConfig } from './mvitv2-configs';
import { planMultiScaleVit, type MultiScaleVitLayout } from './mvitv2-layout';
import { bindParameters, createVariables, planParameters } from './mvitv2-parameters';
import { interpolateRelativePositionTable } from './relative-position';

/** Options of {@link createMvitv2}: the registry's options plus MViTv2's pooling choice. */
export interface CreateMvitv2Options extends CreateBackboneOptions {
  /**
   * How the head reduces tokens (timm `global_pool`): `'token'` takes the class token, `'avg'` averages the spatial
   * tokens. Default: `'token'` for class-token variants, `'avg'` otherwise (timm's default).
   */
  globalPool?: 'token' | 'avg';
}

/** An MViTv2 backbone: the {@link Backbone} contract plus the token-level forward pass timm's `forward_features` returns. */
export interface Mvitv2Backbone extends Backbone {
  /** Architecture record the model was built from. */
  readonly architecture: MultiScaleVitConfig;
  /** Block-by-block shape plan (token grids, relative-position table sizes). */
  readonly layout: MultiScaleVitLayout;
  readonly globalPool: 'token' | 'avg';
  /** timm `forward_features`: the final-norm tokens `[N, prefix + h * w, numFeatures]` (class token first when present). */
  forwardTokens(input: tf.Tensor4D, options?: ForwardOptions): tf.Tensor3D;
}

/**
 * Builds an MViTv2 (timm `MultiScaleVit`) from an architecture record, as functional code over `tf.Variable`s keyed by
 * timm names (no tfjs-layers; weights cross `loadTimmWeights` / `exportTimmWeights`).
 *
 * `forwardFeatures` returns the final-norm token map `[N, h, w, C]` (`[N, 7, 7, 768]` for mvitv2_tiny at 224, class
 * token dropped), which is Grad-CAM's target: `forwardHead` averages it and applies `head.fc`. With `globalPool: 'token'`
 * (class-token variants) the class token is not in that map, so `forwardHead` throws and `forward` pools the tokens of
 * {@link Mvitv2Backbone.forwardTokens} instead.
 *
 * A non-224 square input sizes the relative-position tables as timm does for `img_size`; `adaptWeight` interpolates
 * imported tables to them (timm's `checkpoint_filter_fn`).
 */
export function createMvitv2(
  name: string,
  architecture: MultiScaleVitConfig,
  config: PretrainedConfig,
  options: CreateMvitv2Options & { numClasses: number; inputShape: readonly [number, number, number]; seed: number },
): Mvitv2Backbone {
  const caller = `createMvitv2(${name})`;
  const { numClasses, inputShape, seed, dropRate = 0, dropPathRate = 0 } = options;
  const globalPool = options.globalPool ?? (architecture.useClassToken ? 'token' : 'avg');
  if (globalPool === 'token' && !architecture.useClassToken) {
    throw new InvalidArgumentError(`${caller}: globalPool 'token' needs a class-token variant (mvitv2_*_cls), received ${name}`, { code: 'NO_CLASS_TOKEN' });
  }
  for (const [label, rate] of [['dropRate', dropRate], ['dropPathRate', dropPathRate]] as const) {
    if (!(rate >= 0 && rate < 1)) throw new InvalidArgumentError(`${caller}: ${label} must be in [0, 1), received ${rate}`);
  }
  const [height, width, inChannels] = inputShape;
  const layout = planMultiScaleVit(architecture, [height, width], dropPathRate, caller);
  const specs = planParameters(architecture, layout, numClasses, inChannels);
  const variables = createVariables(specs, seed, toTfjsLayout);
  const maskRandom = createRandom((seed ^ 0x5bd1e995) >>> 0);
  // Masks of drop-path (stream 0) and head dropout (stream 1): from ForwardOptions.seed when given, so a training
  // step repeats exactly, else from the backbone's own seeded generator.
  const forwardContextOf = (forwardOptions: ForwardOptions, stream: number): ForwardContext =>
    createForwardContext(
      forwardOptions.training ?? false,
      forwardOptions.seed === undefined ? maskRandom : createRandom((forwardOptions.seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0),
    );
  const parameters = bindParameters(variables, layout);
  const parameterSpecs: ParameterSpec[] = specs.map(({ name: specName, pytorchShape, layout: specLayout, trainable }) => ({ name: specName, pytorchShape, layout: specLayout, trainable }));
  const specByName = new Map(parameterSpecs.map((spec) => [spec.name, spec]));
  const attentionOptions = { numPrefixTokens: layout.numPrefixTokens, residualPooling: architecture.residualPooling, normEps: architecture.normEps };
  const [featureHeight, featureWidth] = layout.featureGrid;

  const checkInput = (input: tf.Tensor, method: string): void => {
    const [, inputHeight, inputWidth, channels] = input.shape;
    if (input.rank !== 4 || inputHeight !== height || inputWidth !== width || channels !== inChannels) {
      throw new ShapeError(`${name}.${method}: expected input [N, ${height}, ${width}, ${inChannels}] (the size the relative-position tables were built for), received [${input.shape.join(', ')}]`);
    }
  };

  const forwardTokens = (input: tf.Tensor4D, forwardOptions: ForwardOptions = {}): tf.Tensor3D => {
    checkInput(input, 'forwardTokens');
    const context = forwardContextOf(forwardOptions, 0);
    return tf.tidy(() => {
      const batch = input.shape[0];
      const [padHeight, padWidth] = architecture.patchPadding;
      const embedded = tf.add(
        tf.conv2d(input, parameters.patchEmbed.weight, [architecture.patchStride[0], architecture.patchStride[1]], [[0, 0], [padHeight, padHeight], [padWidth, padWidth], [0, 0]]),
        parameters.patchEmbed.bias,
      );
      let tokens = tf.reshape(embedded, [batch, layout.patchGrid[0] * layout.patchGrid[1], architecture.embedDims[0]!]) as tf.Tensor3D;
      if (parameters.classToken !== undefined) tokens = tf.concat([tf.tile(parameters.classToken, [batch, 1, 1]) as tf.Tensor3D, tokens], 1);
      if (parameters.positionEmbedding !== undefined) tokens = tf.add(tokens, parameters.positionEmbedding);
      layout.blocks.forEach((block, index) => {
        tokens = multiScaleBlock(tokens, parameters.blocks[index]!, block, { ...attentionOptions, context });
      });
      return layerNorm(tokens, parameters.norm, architecture.normEps);
    });
  };

  const classify = (pooled: tf.Tensor2D, forwardOptions: ForwardOptions): tf.Tensor2D =>
    tf.tidy(() => linear(dropout(pooled, dropRate, forwardContextOf(forwardOptions, 1)), parameters.head));

  const forwardFeatures = (input: tf.Tensor4D, forwardOptions: ForwardOptions = {}): tf.Tensor4D =>
    tf.tidy(() => {
      const tokens = forwardTokens(input, forwardOptions);
      const spatial = layout.numPrefixTokens > 0 ? tf.slice(tokens, [0, layout.numPrefixTokens, 0], [-1, -1, -1]) : tokens;
      return tf.reshape(spatial, [input.shape[0]!, featureHeight, featureWidth, layout.numFeatures]) as tf.Tensor4D;
    });

  const forwardHead = (features: tf.Tensor4D, forwardOptions: ForwardOptions = {}): tf.Tensor2D => {
    if (globalPool === 'token') {
      throw new InvalidArgumentError(`${name}.forwardHead: globalPool 'token' pools the class token, which the feature map does not hold; use forward() or create with globalPool 'avg'`, {
        code: 'CLASS_TOKEN_POOLING',
      });
    }
    if (features.rank !== 4 || features.shape[3] !== layout.numFeatures) {
      throw new ShapeError(`${name}.forwardHead: expected features [N, h, w, ${layout.numFeatures}], received [${features.shape.join(', ')}]`);
    }
    return tf.tidy((): tf.Tensor2D => classify(tf.mean(features, [1, 2]) as tf.Tensor2D, forwardOptions));
  };

  const forward = (input: tf.Tensor4D, forwardOptions: ForwardOptions = {}): tf.Tensor2D => {
    if (globalPool === 'avg') return tf.tidy(() => forwardHead(forwardFeatures(input, forwardOptions), forwardOptions));
    return tf.tidy(() => {
      const tokens = forwardTokens(input, forwardOptions);
      const classToken = tf.reshape(tf.slice(tokens, [0, 0, 0], [-1, 1, -1]), [input.shape[0], layout.numFeatures]) as tf.Tensor2D;
      return classify(classToken, forwardOptions);
    });
  };

  let disposed = false;
  return {
    name,
    config,
    numClasses,
    inputShape: [height, width, inChannels],
    numFeatures: layout.numFeatures,
    parameterSpecs,
    variables,
    architecture,
    layout,
    globalPool,
    forwardTokens,
    forwardFeatures,
    forwardHead,
    forward,
    predict: (input) => tf.tidy(() => forward(input, { training: false })),
    trainableVariables: ({ includeClassifier = true, includeBackbone = true } = {}) =>
      parameterSpecs
        .filter((spec) => spec.trainable && (spec.name.startsWith(`${config.classifier}.`) ? includeClassifier : includeBackbone))
        .map((spec) => variables.get(spec.name)!),
    adaptWeight: (spec: ParameterSpec, tensor: StateDictTensor): StateDictTensor | null => {
      const own = specByName.get(spec.name);
      const isTable = spec.name.endsWith('.attn.rel_pos_h') || spec.name.endsWith('.attn.rel_pos_w');
      if (own === undefined || !isTable || tensor.shape.length !== 2 || tensor.shape[1] !== own.pytorchShape[1]) return null;
      return interpolateRelativePositionTable(tensor, own.pytorchShape[0]!);
    },
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const variable of variables.values()) variable.dispose();
    },
  };
}
