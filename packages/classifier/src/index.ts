/**
 * @packageDocumentation
 * Train, evaluate, explain and ship a spinal tuberculosis vs metastasis classifier.
 */
export { DEFAULT_CLASS_NAMES } from './class-names';
