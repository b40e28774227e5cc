/**
 * @packageDocumentation
 * ResNet, EfficientNet and MViTv2 backbones in TensorFlow.js, numerically equal to timm.
 */
export { convOutputSize } from './conv-output-size';
