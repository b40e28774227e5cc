// One AdamW step (createOptimizer, weight decay 0.05 on matrices) over every trainable parameter of ResNet34 and
// ResNet101 with random gradients: on wasm with the composite ops (about fifteen element-wise kernels per parameter),
// then with @spinedx/backends/native registered (the fused one-pass SpinedxAdamW kernel) on wasm and on the cpu
// backend, one thread each, next to PyTorch's torch.optim.AdamW (Debian's torch, one thread) on torchvision's model
// in the same run. Best of 5 steps after 2 warm-up steps. An optimizer step does not depend on the batch: rows say 1.
//
// SPINEDX_BENCH_OPTIMIZER_MODELS narrows the list.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createBackbone } from '@spinedx/backbones';
import { nativeKernelsAvailable, registerNativeKernels } from '@spinedx/backends/native';
import { measureMs, recordBenchRow, runPythonJson } from '@spinedx/test-utils';
import { createOptimizer } from '../src/training/optimizers';

tf.env().set('PROD', true);
const models = (process.env.SPINEDX_BENCH_OPTIMIZER_MODELS ?? 'resnet34,resnet101').split(',');

const reference = runPythonJson<Record<string, number>>(
  String.raw`
import json, sys, time
import torch, torchvision
torch.set_num_threads(1)
out = {}
for name in sys.argv[1:]:
    parameters = list(getattr(torchvision.models, name)(num_classes=2).parameters())
    for parameter in parameters:
        parameter.grad = torch.randn_like(parameter)
    optimizer = torch.optim.AdamW(parameters, lr=1e-3, weight_decay=0.05)
    for _ in range(2):
        optimizer.step()
    times = []
    for _ in range(5):
        begin = time.perf_counter(); optimizer.step(); times.append((time.perf_counter() - begin) * 1000)
    out[name] = min(times)
print(json.dumps(out))
`,
  models,
  { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
);

async function timeStep(model: string, backend: 'wasm' | 'cpu', mode: string): Promise<void> {
  await tf.setBackend(backend);
  const backbone = createBackbone(model, { inputShape: [224, 224, 3], numClasses: 2, seed: 0 });
  const variables = new Map(backbone.trainableVariables().map((variable) => [variable.name, variable]));
  const gradients = Object.fromEntries([...variables].map(([name, variable]) => [name, tf.randomNormal(variable.shape, 0, 1, 'float32', 1)]));
  const parameters = [...variables.values()].reduce((count, variable) => count + variable.size, 0);
  const optimizer = createOptimizer({ kind: 'adamw', weightDecay: 0.05 });
  const before = tf.memory().numTensors;
  const ms = await measureMs(() => optimizer.step(variables, gradients, 1e-3), { warmup: 2, iterations: 5, statistic: 'min' });
  // The optimizer's two moment slots per parameter are the only tensors a step may add (on its first call).
  const leaked = tf.memory().numTensors - before - 2 * variables.size;
  optimizer.dispose();
  tf.dispose(Object.values(gradients));
  backbone.dispose();
  if (leaked !== 0) throw new Error(`optimizer-step ${model} [${mode}]: expected no tensors left behind; received ${leaked}`);
  recordBenchRow({
    task: 'adamw-step',
    model,
    backend: mode,
    batch: 1,
    oursMs: ms,
    reference: 'pytorch-1.13-cpu (torch.optim.AdamW, 1 thread)',
    referenceMs: reference?.[model] ?? null,
    extra: { parameters, tensors: variables.size },
  });
}

for (const model of models) await timeStep(model, 'wasm', 'wasm-1-thread');
const native = nativeKernelsAvailable();
if (native.available) {
  registerNativeKernels({ backends: ['wasm', 'cpu'], threads: 1 });
  for (const model of models) await timeStep(model, 'wasm', 'wasm+native-1-thread');
  for (const model of models) await timeStep(model, 'cpu', 'cpu+native-1-thread');
} else {
  console.log(`native rows skipped: ${native.reason}`);
}
