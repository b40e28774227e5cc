import * as tf from '@tensorflow/tfjs-core';
import { createRandom, InvalidArgumentError, ShapeError } from '@spinedx/core';
import type { Backbone, ForwardOptions } from './backbone';
import { dropout } from './layers/dropout';
import { createFoldedConvolutionCache } from './layers/folded-convolutions';
import { createForwardContext, type ForwardContext } from './layers/forward-context';
import { linear } from './layers/linear';
import { createParameters, type ParameterDeclaration } from './layers/parameter-declarations';
import { createParameterReader, type ParameterReader } from './layers/parameter-reader';
import { globalAveragePool } from './layers/pooling';
import type { PretrainedConfig } from './pretrained-config';
import type { ParameterSpec, StateDictTensor } from './weights/parameter-spec';

/** What a family supplies to {@link createFunctionalBackbone}. */
export interface FunctionalBackboneParts {
  name: string;
  config: PretrainedConfig;
  numClasses: number;
  inputShape: readonly [number, number, number];
  numFeatures: number;
  /** Every state-dict entry in timm order, classifier included. */
  declarations: readonly ParameterDeclaration[];
  /** Seed of the initial weights and of the dropout / drop-path masks. */
  seed: number;
  /** Dropout before the classifier in training. */
  dropRate: number;
  /** Input `[N, H, W, C]` to the pre-pooling feature map `[N, h, w, numFeatures]`. */
  features(input: tf.Tensor4D, parameters: ParameterReader, context: ForwardContext): tf.Tensor4D;
  /** Feature map to the vector the classifier gets. Default: global average pooling. */
  pool?(features: tf.Tensor4D, parameters: ParameterReader, context: ForwardContext): tf.Tensor2D;
  adaptWeight?(spec: ParameterSpec, tensor: StateDictTensor): StateDictTensor | null;
}

/**
 * Builds a {@link Backbone} from a family's parameter declarations and feature function: variables by timm name,
 * a head of pooling, dropout and the linear classifier named by `config.classifier`, input validation, `tf.tidy`
 * around every public pass, and `dispose()`.
 */
export function createFunctionalBackbone(parts: FunctionalBackboneParts): Backbone {
  const random = createRandom(parts.seed);
  const { specs, variables } = createParameters(parts.declarations, random.fork());
  const maskRandom = random.fork();
  const parameters = createParameterReader(variables, parts.name);
  const classifierPrefix = `${parts.config.classifier}.`;
  // Evaluation passes reuse conv weights with their batch norm folded in; entries refold when a variable changes.
  const foldedConvolutions = createFoldedConvolutionCache();
  let disposed = false;
  // A per-pass seed (ForwardOptions.seed) makes each training step's masks reproducible on its own, e.g. after resuming.
  const context = (options?: ForwardOptions): ForwardContext =>
    createForwardContext(options?.training ?? false, options?.seed === undefined ? maskRandom : createRandom(options.seed), foldedConvolutions);

  const assertAlive = (caller: string): void => {
    if (disposed) throw new InvalidArgumentError(`${parts.name}.${caller}: the backbone was disposed`, { code: 'DISPOSED' });
  };
  const assertInput = (input: tf.Tensor, caller: string): void => {
    const channels = parts.inputShape[2];
    if (input?.rank !== 4 || input.shape[3] !== channels) {
      throw new ShapeError(`${parts.name}.${caller}: expected an NHWC tensor [N, H, W, ${channels}], received ${input?.rank === undefined ? String(input) : `[${input.shape.join(', ')}]`}`);
    }
    if (parts.config.fixedInputSize && (input.shape[1] !== parts.inputShape[0] || input.shape[2] !== parts.inputShape[1])) {
      throw new ShapeError(`${parts.name}.${caller}: this model needs ${parts.inputShape[0]}x${parts.inputShape[1]} input, received ${input.shape[1]}x${input.shape[2]}`);
    }
  };
  const assertFeatures = (features: tf.Tensor, caller: string): void => {
    if (features?.rank !== 4 || features.shape[3] !== parts.numFeatures) {
      throw new ShapeError(`${parts.name}.${caller}: expected features [N, h, w, ${parts.numFeatures}], received ${features?.rank === undefined ? String(features) : `[${features.shape.join(', ')}]`}`);
    }
  };
  const head = (features: tf.Tensor4D, forwardContext: ForwardContext): tf.Tensor2D => {
    const pooled = parts.pool ? parts.pool(features, parameters, forwardContext) : globalAveragePool(features);
    const dropped = dropout(pooled, parts.dropRate, forwardContext);
    return linear(dropped, parameters(`${parts.config.classifier}.weight`) as tf.Tensor2D, parameters(`${parts.config.classifier}.bias`) as tf.Tensor1D);
  };

  const backbone: Backbone = {
    name: parts.name,
    config: parts.config,
    numClasses: parts.numClasses,
    inputShape: parts.inputShape,
    numFeatures: parts.numFeatures,
    parameterSpecs: specs,
    variables,
    forwardFeatures(input, options) {
      assertAlive('forwardFeatures');
      assertInput(input, 'forwardFeatures');
      return tf.tidy(() => parts.features(input, parameters, context(options)));
    },
    forwardHead(features, options) {
      assertAlive('forwardHead');
      assertFeatures(features, 'forwardHead');
      return tf.tidy(() => head(features, context(options)));
    },
    forward(input, options) {
      assertAlive('forward');
      assertInput(input, 'forward');
      return tf.tidy(() => {
        const forwardContext = context(options);
        return head(parts.features(input, parameters, forwardContext), forwardContext);
      });
    },
    predict(input) {
      return backbone.forward(input, { training: false });
    },
    trainableVariables(options = {}) {
      const { includeClassifier = true, includeBackbone = true } = options;
      return specs
        .filter((spec) => spec.trainable && (spec.name.startsWith(classifierPrefix) ? includeClassifier : includeBackbone))
        .map((spec) => variables.get(spec.name)!);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      foldedConvolutions.dispose();
      for (const variable of variables.values()) variable.dispose();
    },
  };
  if (parts.adaptWeight) backbone.adaptWeight = parts.adaptWeight;
  return backbone;
}
