import * as tf from '@tensorflow/tfjs';
import { InvalidArgumentError } from '@spinedx/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BackendUnavailableError } from './backend-error';
import { initBackend } from './init-backend';

tf.env().set('PROD', true);

describe('initBackend', () => {
  afterEach(async () => {
    tf.env().set('IS_NODE', true);
    await tf.setBackend('cpu');
  });

  it('should register nothing on import', async () => {
    const factoriesBefore = Object.keys(tf.engine().registryFactory).sort();
    const kernelBefore = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    await import('./index');
    expect([Object.keys(tf.engine().registryFactory).sort(), tf.getKernel('Conv2DBackpropFilter', 'wasm')]).toEqual([factoriesBefore, kernelBefore]);
  });

  it('should skip the missing tensorflow and webgpu backends in Node and start wasm with one thread', async () => {
    const result = await initBackend();
    expect({
      name: result.name,
      active: tf.getBackend(),
      threads: result.threads,
      environment: result.environment,
      skipped: result.skipped.map((attempt) => attempt.name),
      tensorflowReason: result.skipped[0]?.reason.includes("package '@tensorflow/tfjs-node' is not installed"),
      webgpuReason: result.skipped[1]?.reason.includes('requestAdapter() returned null'),
      sum: Array.from(await tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).data()),
    }).toEqual({ name: 'wasm', active: 'wasm', threads: 1, environment: 'node', skipped: ['tensorflow', 'webgpu'], tensorflowReason: true, webgpuReason: true, sum: [4, 6] });
  });

  it('should throw BACKEND_UNAVAILABLE naming both tfjs-node packages when tensorflow is required', async () => {
    const error = await initBackend({ prefer: ['tensorflow'], allowFallback: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    const typed = error as BackendUnavailableError;
    expect([typed.code, typed.attempts.length, /tfjs-node-gpu' is not installed.*tfjs-node' is not installed/.test(typed.message), tf.getBackend()]).toEqual([
      'BACKEND_UNAVAILABLE',
      1,
      true,
      'cpu',
    ]);
  });

  it('should fall back from webgpu (no adapter) to the next preference', async () => {
    const result = await initBackend({ prefer: ['webgpu', 'cpu'], allowFallback: false });
    expect([result.name, result.skipped[0]?.name, result.skipped[0]?.reason]).toEqual(['cpu', 'webgpu', 'Dawn (npm webgpu) found no GPU adapter: requestAdapter() returned null']);
  });

  it('should refuse a browser-only backend in Node', async () => {
    const error = (await initBackend({ prefer: ['webgl'], allowFallback: false }).catch((caught: unknown) => caught)) as BackendUnavailableError;
    expect([error.code, error.attempts[0]?.reason]).toEqual(['BACKEND_UNAVAILABLE', "'webgl' is not available in node (only in browser)"]);
  });

  it('should follow the browser order when tfjs reports a browser, failing webgl where it cannot register', async () => {
    tf.env().set('IS_NODE', false);
    const result = await initBackend({ prefer: ['webgl', 'cpu'], allowFallback: false });
    expect([result.environment, result.name, result.skipped[0]?.name, result.skipped[0]?.reason]).toEqual([
      'browser',
      'cpu',
      'webgl',
      "package '@tensorflow/tfjs-backend-webgl' loaded but registered no 'webgl' backend",
    ]);
  });

  it('should report wasm training capability from the kernel registry', async () => {
    const result = await initBackend({ prefer: ['wasm'], allowFallback: false });
    expect([result.capabilities.training, result.capabilities.missingTrainingKernels]).toEqual([
      false,
      ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum'],
    ]);
  });

  it('should reject an unknown backend name with the valid ones', async () => {
    const error = (await initBackend({ prefer: ['vulkan' as 'cpu'] }).catch((caught: unknown) => caught)) as InvalidArgumentError;
    expect([error instanceof InvalidArgumentError, error.code, error.message]).toEqual([
      true,
      'UNKNOWN_BACKEND',
      "initBackend: expected a backend among tensorflow, webgpu, webgl, wasm, cpu; received 'vulkan'",
    ]);
  });
});
