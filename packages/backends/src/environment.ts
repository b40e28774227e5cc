import * as tf from '@tensorflow/tfjs-core';

/** Where the code runs: Node (server, CLI) or a browser (or web worker). */
export type RuntimeEnvironment = 'node' | 'browser';

/** Reads tfjs's own `IS_NODE` flag, so tests (and users) can override it with `tf.env().set('IS_NODE', …)`. */
export function detectEnvironment(): RuntimeEnvironment {
  return tf.env().getBool('IS_NODE') ? 'node' : 'browser';
}
