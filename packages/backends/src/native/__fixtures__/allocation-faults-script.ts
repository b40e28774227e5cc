// Child process for keep-freed-memory.test.ts (run with --expose-gc): registers the native kernels for the cpu
// backend with keepFreedMemory as argv[2] says, then allocates, fills and drops a 64 MiB output ten times the way
// the cpu backend does, and prints the page faults that took as one JSON line.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerNativeKernels } from '../register-native-kernels';

const keepFreedMemory = process.argv[2] === 'keep';
const info = registerNativeKernels({ backends: ['cpu'], keepFreedMemory });
await tf.setBackend('cpu');
const collect = (globalThis as { gc?: () => void }).gc!;
const before = process.resourceUsage().minorPageFault;
let checksum = 0;
for (let round = 0; round < 10; round++) {
  const output = new Float32Array(16 * 1024 * 1024);
  output.fill(round + 1);
  checksum += output[output.length - 1]!;
  collect();
  // V8 frees a collected ArrayBuffer's memory in a task after the collection: without this wait a round could
  // allocate before the last block was freed, faulting a third fresh block now and then (49,413 faults, a failed run).
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const faults = process.resourceUsage().minorPageFault - before;
console.log(JSON.stringify({ keepsFreedMemory: info.keepsFreedMemory, faults, checksum }));
