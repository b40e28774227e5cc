// Child process for native-addon.test.ts: tries the native kernels with SPINEDX_NATIVE_ADDON as the test set it and
// prints what happened as one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { nativeKernelsAvailable, registerNativeKernels } from '../register-native-kernels';

const availability = nativeKernelsAvailable();
let error: { name: string; code: string; message: string } | null = null;
try {
  registerNativeKernels({ backends: ['cpu'] });
} catch (caught) {
  const { name, code, message } = caught as { name: string; code: string; message: string };
  error = { name, code, message };
}
await tf.setBackend('cpu');
// The stock kernels still work after a failed registration.
const value = tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, tf.ones([3, 3, 1, 1]) as tf.Tensor4D, 1, 'valid').dataSync()[0];
console.log(JSON.stringify({ available: availability.available, reason: availability.available ? null : availability.reason, error, value }));
