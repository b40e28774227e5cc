// One training epoch of each paper backbone on the default phantom cohort (121 patients; the development sites'
// middle slices), on wasm with @spinedx/backends' training kernels (one thread), then with the native oneDNN kernels
// of @spinedx/backends/native in front (one thread; skipped with the reason when the addon is not built), as images
// per second, next to PyTorch (Debian's torch + torchvision, one thread) training the same architecture on as many
// images of the same size in the same run. Both sides time their second epoch (the first pays for warm-up: kernel
// set-up, XNNPACK operator creation); the first epoch's time is kept in `extra`. timm's MViTv2 is not in Debian, so
// its reference is null.
//
// SPINEDX_BENCH_EPOCH_SIZE (default 128) sets the square input size; SPINEDX_BENCH_EPOCH_MODELS narrows the list.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '@spinedx/backends';
import { nativeKernelsAvailable, registerNativeKernels } from '@spinedx/backends/native';
import { datasetFromPhantom, SpineClassifier } from '@spinedx/classifier';
import { generateCohort } from '@spinedx/phantom';
import { recordBenchRow, runPythonJson } from '@spinedx/test-utils';

tf.env().set('PROD', true);
const size = Number(process.env.SPINEDX_BENCH_EPOCH_SIZE ?? 128);
const batchSize = 8;
const models = (process.env.SPINEDX_BENCH_EPOCH_MODELS ?? 'mvitv2_tiny,efficientnet_b3,resnet101,resnet34').split(',');
const torchvisionModels = ['resnet34', 'resnet101', 'efficientnet_b3'];

await tf.setBackend('wasm');
await tf.ready();
registerTrainingKernels({ backends: ['wasm'] });
const plan = generateCohort({ seed: 0 });
const samples = datasetFromPhantom(plan, { filter: (patient) => patient.role === 'development' });
// Decode every slice once before timing, so the epoch measures training, not phantom rendering.
await Promise.all(samples.map((sample) => sample.load()));

const reference = runPythonJson<Record<string, number>>(
  String.raw`
import json, sys, time
import torch, torchvision
torch.set_num_threads(1)
size, batch, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
out = {}
for name in sys.argv[4:]:
    model = getattr(torchvision.models, name)(num_classes=2)
    # One input channel, as the classifier trains on grey MR.
    if name.startswith('resnet'):
        model.conv1 = torch.nn.Conv2d(1, 64, 7, 2, 3, bias=False)
    else:
        first = model.features[0][0]
        model.features[0][0] = torch.nn.Conv2d(1, first.out_channels, 3, 2, 1, bias=False)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.randn(count, 1, size, size); y = torch.randint(0, 2, (count,))
    def epoch():
        for start in range(0, count, batch):
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x[start:start + batch]), y[start:start + batch])
            loss.backward(); optimizer.step()
    epoch()
    begin = time.perf_counter(); epoch(); out[name] = (time.perf_counter() - begin) * 1000
print(json.dumps(out))
`,
  [String(size), String(batchSize), String(samples.length), ...models.filter((name) => torchvisionModels.includes(name))],
  { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
);

const native = nativeKernelsAvailable();
if (!native.available) console.log(`wasm+native-1-thread skipped: ${native.reason}`);
const modes = native.available ? ['wasm-1-thread', 'wasm+native-1-thread'] : ['wasm-1-thread'];

for (const mode of modes) {
  if (mode === 'wasm+native-1-thread') registerNativeKernels({ backends: ['wasm'], threads: 1 });
  for (const backbone of models) await timeEpoch(backbone, mode);
}

async function timeEpoch(backbone: string, mode: string): Promise<void> {
  const classifier = await SpineClassifier.create({ backbone, inputSize: size, inChannels: 1, seed: 0 });
  const epochMs: number[] = [];
  await classifier.fit(samples, {
    epochs: 2,
    batchSize,
    seed: 0,
    onProgress: (event) => {
      if (event.type === 'epoch') epochMs.push(event.seconds * 1000);
    },
  });
  classifier.dispose();
  const referenceMs = reference?.[backbone] ?? null;
  recordBenchRow({
    task: `train-epoch-${size}px`,
    model: backbone,
    backend: mode,
    batch: batchSize,
    oursMs: epochMs[1]!,
    reference: torchvisionModels.includes(backbone) ? 'pytorch-1.13-cpu (torchvision, 1 thread, second epoch)' : 'none (timm not in Debian)',
    referenceMs,
    extra: {
      images: samples.length,
      oursFirstEpochMs: Math.round(epochMs[0]!),
      oursImagesPerSecond: Number(((samples.length * 1000) / epochMs[1]!).toFixed(2)),
      ...(referenceMs === null ? {} : { referenceImagesPerSecond: Number(((samples.length * 1000) / referenceMs).toFixed(2)) }),
    },
  });
}
