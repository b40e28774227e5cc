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
export { SafetensorsError, WeightMismatchError } from './weights/weight-errors';
export type { CreateBackboneOptions, ModelEntry } from './model-entry';
export { createBackbone, getPretrainedConfig, listBackbones } from './registry';
