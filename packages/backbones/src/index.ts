/**
 * @packageDocumentation
 * ResNet, EfficientNet and MViTv2 backbones in TensorFlow.js, numerically equal to timm, with timm weight import.
 */
export type { Backbone, ForwardOptions } from './backbone';
export { convOutputSize } from './conv-output-size';
export type { PretrainedConfig } from './pretrained-config';
export type { LoadTimmWeightsOptions, LoadTimmWeightsReport } from './weights/load-timm-weights';
export { adaptInputConv, exportTimmWeights, loadTimmWeights } from './weights/load-timm-weights';
export type { ParameterLayout, ParameterSpec, StateDictTensor } from './weights/parameter-spec';
export { tfjsShapeOf, toPytorchLayout, toTfjsLayout } from './weights/parameter-spec';
export { readSafetensors, writeSafetensors } from './weights/safetensors';
export { backboneWeightsFormat, loadBackboneWeights, saveBackboneWeights } from './weights/tfjs-weights';
export { SafetensorsError, WeightMismatchError } from './weights/weight-errors';
export type { CreateBackboneOptions, ModelEntry } from './model-entry';
export { createBackbone, getPretrainedConfig, listBackbones } from './registry';
export type { FunctionalBackboneParts } from './functional-backbone';
export { createFunctionalBackbone } from './functional-backbone';
export type { CreatedParameters, ParameterDeclaration, ParameterInit } from './layers/parameter-declarations';
export { batchNormParameters, convParameters, createParameters, linearParameters } from './layers/parameter-declarations';
export type { ParameterReader } from './layers/parameter-reader';
export { createParameterReader } from './layers/parameter-reader';
export type { ForwardContext } from './layers/forward-context';
export { createForwardContext } from './layers/forward-context';
export type { Conv2dOptions } from './layers/conv2d';
export { conv2d, pytorchPadding } from './layers/conv2d';
export { batchNorm2d, batchNormDefaults, batchNormTraining, updateRunningStatistics } from './layers/batch-norm';
export type { ConvActivation, ConvBatchNormOptions } from './layers/conv-batch-norm';
export { convBatchNorm } from './layers/conv-batch-norm';
export type { ConvBatchNormNames, FoldedConvolution, FoldedConvolutionCache } from './layers/folded-convolutions';
export { createFoldedConvolutionCache, foldBatchNorm } from './layers/folded-convolutions';
export { silu } from './layers/activations';
export { squeezeExcite } from './layers/squeeze-excite';
export { globalAveragePool, maxPool2d } from './layers/pooling';
export { dropout, dropPath } from './layers/dropout';
export { linear } from './layers/linear';
export type { ResNetName, ResNetVariant } from './resnet/resnet-configs';
export { resnetVariants } from './resnet/resnet-configs';
export type { EfficientNetName, EfficientNetVariant } from './efficientnet/efficientnet-configs';
export { efficientnetArchitecture, efficientnetVariants } from './efficientnet/efficientnet-configs';
export type { BlockArgs } from './efficientnet/block-strings';
export { decodeBlockString, makeDivisible, roundChannels } from './efficientnet/block-strings';
export type { CreateMvitv2Options, Mvitv2Backbone } from './mvitv2/mvitv2';
export { createMvitv2 } from './mvitv2/mvitv2';
export type { MultiScaleVitConfig, Mvitv2Name } from './mvitv2/mvitv2-configs';
export { mvitv2Configs, mvitv2PretrainedConfigs } from './mvitv2/mvitv2-configs';
export type { Mvitv2MacCount } from './mvitv2/mvitv2-flops';
export { countMvitv2Macs } from './mvitv2/mvitv2-flops';
export { interpolateRelativePositionTable } from './mvitv2/relative-position';
