// Child process of wasm-threads-exit.test.ts: starts the threaded backend, computes one convolution, prints the
// thread count and a value, and returns from its main module. `--keep-alive` holds the pool open and then shuts
// it down; without it the script never calls shutdown(), so the process must end on its own.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { enableWasmThreadsInNode } from '../enable-wasm-threads-in-node';

tf.env().set('PROD', true);
const keepProcessAlive = process.argv.includes('--keep-alive');
const handle = await enableWasmThreadsInNode({ threads: 2, keepProcessAlive });
const value = tf.tidy(() => tf.sum(tf.conv2d(tf.ones([1, 8, 8, 4]) as tf.Tensor4D, tf.ones([3, 3, 4, 2]) as tf.Tensor4D, 1, 'valid')).dataSync()[0]);
console.log(JSON.stringify({ backend: tf.getBackend(), threads: handle.threads, value }));
if (keepProcessAlive) await handle.shutdown();
