/**
 * @packageDocumentation
 * Diagnostic-accuracy statistics with scikit-learn's API in camelCase. Zero dependencies, no TensorFlow.js.
 */
export { accuracyScore } from './accuracy';
