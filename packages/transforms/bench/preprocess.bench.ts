// `pnpm bench` (or `pnpm --filter @spinedx/transforms bench` after a build): a 512x512 float32 slice to a
// 224x224x3 normalised input (resnet-style config: bilinear, cropPct 0.875, ImageNet-style mean/std from the
// config), ms per image. Reference in the same run: Pillow + numpy doing the same steps (Debian's python3).
import { createRandom, type ImageArray } from '@spinedx/core';
import { measureMs, recordBenchRow, runPythonJson } from '@spinedx/test-utils';
import { compose, centerCrop, normalize, preprocessFor, replicateChannels, resize, scaleIntensityPercentiles } from '@spinedx/transforms';

const size = 512;
const config = {
  inputSize: [3, 224, 224] as const,
  interpolation: 'bilinear' as const,
  cropPct: 0.875,
  mean: [0.485, 0.456, 0.406] as const,
  std: [0.229, 0.224, 0.225] as const,
};

function mrLikeSlice(): ImageArray<Float32Array> {
  const random = createRandom(2023);
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inside = Math.abs(x - size / 2) < size / 5 && y > size / 10 && y < (size * 9) / 10;
      data[y * size + x] = (inside ? 900 + 300 * Math.sin(y / 9) : 30) + random.uniform(0, 80);
    }
  }
  return { data, height: size, width: size, channels: 1, spacing: [0.5, 0.5] };
}

const reference = String.raw`
import json, sys, time
import numpy as np
from PIL import Image
size, batch = 512, 20
rng = np.random.default_rng(2023)
y, x = np.mgrid[0:size, 0:size]
inside = (np.abs(x - size / 2) < size / 5) & (y > size / 10) & (y < size * 9 / 10)
image = (np.where(inside, 900 + 300 * np.sin(y / 9), 30) + rng.uniform(0, 80, (size, size))).astype(np.float32)
mean = np.array([0.485, 0.456, 0.406], dtype=np.float32)
std = np.array([0.229, 0.224, 0.225], dtype=np.float32)
def preprocess(img):
    low, high = np.percentile(img, [0.5, 99.5])
    scaled = np.clip((img - low) / (high - low), 0, 1).astype(np.float32)
    resized = np.asarray(Image.fromarray(scaled, mode='F').resize((256, 256), Image.BILINEAR))
    cropped = resized[16:240, 16:240]
    return (np.repeat(cropped[:, :, None], 3, axis=2) - mean) / std
for _ in range(3): preprocess(image)
times, cpu = [], []
for _ in range(7):
    start, start_cpu = time.perf_counter(), time.process_time()
    for _ in range(batch): preprocess(image)
    times.append((time.perf_counter() - start) * 1000 / batch)
    cpu.append((time.process_time() - start_cpu) * 1000 / batch)
times.sort()
cpu.sort()
print(json.dumps({"ms": times[len(times) // 2], "cpuMs": cpu[len(cpu) // 2]}))
`;

async function main(): Promise<void> {
  const image = mrLikeSlice();
  const batch = 50;
  const fused = preprocessFor(config, { reuseOutput: true }).evaluation;
  const allocating = preprocessFor(config).evaluation;
  const composed = compose([
    (input) => scaleIntensityPercentiles(input, { lower: 0.5, upper: 99.5, outMin: 0, outMax: 1, clip: true }),
    (input) => resize(input, { height: 256, width: 256, method: 'bilinear' }),
    (input) => centerCrop(input, { height: 224, width: 224 }),
    (input) => replicateChannels(input, 3),
    (input) => normalize(input, { mean: config.mean, std: config.std }),
  ]);
  const perImage = async (transform: (input: ImageArray) => unknown): Promise<number> =>
    (await measureMs(() => {
      for (let index = 0; index < batch; index++) transform(image);
    }, { warmup: 2, iterations: 9 })) / batch;
  // CPU time per image as well: on a shared, loaded machine wall time mostly measures waiting for a core.
  const cpuPerImage = (transform: (input: ImageArray) => unknown): number => {
    const start = process.cpuUsage();
    for (let index = 0; index < batch * 5; index++) transform(image);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / (batch * 5);
  };

  // Python from Debian (/usr/bin first): a pyenv python3 earlier on PATH may lack Pillow.
  const python = runPythonJson<{ ms: number; cpuMs: number }>(reference, [], { PATH: `/usr/bin:${process.env.PATH ?? ''}` });
  const referenceMs = python?.ms ?? null;
  const rows: Array<[string, (input: ImageArray) => unknown]> = [
    ['preprocessFor evaluation, reuseOutput (fused)', fused],
    ['preprocessFor evaluation, new output per image (fused)', allocating],
    ['composed public transforms (unfused)', composed],
  ];
  for (const [model, transform] of rows) {
    const row = recordBenchRow({
      task: 'preprocess 512x512 float32 -> 224x224x3 ms/image',
      model,
      backend: `node ${process.version}`,
      batch: 1,
      oursMs: await perImage(transform),
      reference: 'Pillow 9.4 + numpy (np.percentile, Image.resize F BILINEAR, crop, repeat, normalise)',
      referenceMs,
      extra: { goalMs: 2, oursCpuMs: Number(cpuPerImage(transform).toFixed(3)), referenceCpuMs: python === null ? 'null' : Number(python.cpuMs.toFixed(3)) },
    });
    console.log(`  cpu time per image: ours ${String(row.extra?.oursCpuMs)} ms, reference ${String(row.extra?.referenceCpuMs)} ms`);
  }
}

await main();
