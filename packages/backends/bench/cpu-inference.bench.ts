// CPU inference of the paper's backbones at their native input sizes, batch 1 and 8, on the wasm backend with one
// thread (stock tfjs in Node), with enableWasmThreadsInNode() (2 threads), and with the native oneDNN kernels of
// @spinedx/backends/native on 1 and 2 threads (skipped, with the reason, when the addon is not built), next to torchvision in PyTorch
// (Debian python3-torch, with as many threads as the wasm row; best runs on both sides) measured in the same run.
// mvitv2_tiny, which torchvision lacks (and timm is not in Debian), is timm's architecture rebuilt in bench/torch_mvitv2.py.
//
// Each (mode, model) runs in its own child process, so the peak RSS of batch 1 and then batch 8 is that
// configuration's alone, and the two wasm modules never share a process. Every row's `extra` carries the 1-minute
// load average (the machine is shared), the thread count and the peak RSS.
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureMs, PYTHON_BEST_OF, PYTHON_SET_THREADS, recordBenchRow } from '@spinedx/test-utils';
import * as tf from '@tensorflow/tfjs';
import { type CpuMode, loadBackbones, modeLabel, modelsIn, nativeUnavailableReason, PYTHON_BUILD_MODEL, runChildProcess, runTorchReference, startCpuMode } from './cpu-bench-support';

const modes: readonly CpuMode[] = [
  { threads: 1, native: false },
  { threads: 2, native: false },
  { threads: 1, native: true },
  { threads: 2, native: true },
];
/** A mode's row label, e.g. 'wasm+native-2-threads'. */
type Mode = string;
/** SPINEDX_BENCH_CPU_MODELS (comma-separated) narrows the run, e.g. to resnet34 for a quick look. */
const models = modelsIn(process.env.SPINEDX_BENCH_CPU_MODELS);
const batches = [1, 8];
/** Timed iterations after one warm-up, best run kept (few runs keep the bench near 5 minutes on an idle 2-core machine). */
const iterationsOf = (batch: number) => (batch === 1 ? 3 : 2);

interface ChildResult {
  model: string;
  mode: Mode;
  threads: number;
  rows: { batch: number; ms: number; peakRssMb: number; loadAverage: number }[];
}

/** Child: one model in one mode, batch 1 then batch 8; prints one JSON line. */
async function runChild(mode: Mode, model: string): Promise<void> {
  const threads = await startCpuMode(modes.find((candidate) => modeLabel(candidate) === mode)!);
  const { createBackbone, getPretrainedConfig } = await loadBackbones();
  const [, height, width] = getPretrainedConfig(model).inputSize;
  const backbone = createBackbone(model, { inputShape: [height, width, 3] });
  const rows: ChildResult['rows'] = [];
  for (const batch of batches) {
    const input = tf.randomUniform([batch, height, width, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    const ms = await measureMs(
      async () => {
        const logits = backbone.predict(input);
        await logits.data();
        logits.dispose();
      },
      { warmup: 1, iterations: iterationsOf(batch), statistic: 'min' },
    );
    input.dispose();
    // maxRSS is the process's high-water mark in KiB: batch 1 runs first, so each reading is that batch's peak.
    rows.push({ batch, ms, peakRssMb: process.resourceUsage().maxRSS / 1024, loadAverage: loadavg()[0]! });
  }
  backbone.dispose();
  const result: ChildResult = { model, mode, threads, rows };
  console.log(JSON.stringify(result));
}

// Best of N on both sides: on a machine shared with other jobs, PyTorch's 2-thread runs are bimodal (a preempted
// OpenMP thread stalls the other at every barrier), so medians swing by 10x; the best run is the stable figure.
// PyTorch runs with 1 and with 2 threads, the reference of the 1-thread and 2-thread wasm rows respectively.
const torchScript = String.raw`
import json, sys, time
import torch
${PYTHON_BEST_OF}${PYTHON_SET_THREADS}${PYTHON_BUILD_MODEL}out = {}
for spec in json.loads(sys.argv[1]):
    model = build_model(spec['model'], 1000).eval()
    out[spec['model']] = {}
    for threads in (1, 2):
        set_threads(threads)
        for batch in (1, 8):
            x = torch.randn(batch, 3, spec['size'], spec['size'])
            def run():
                with torch.no_grad(): model(x)
            out[spec['model']][f'{threads}:{batch}'] = best(run, 1, 5 if batch == 1 else 3)
print(json.dumps({'version': torch.__version__, 'models': out}))
`;

async function runParent(): Promise<void> {
  const torchLoad = loadavg()[0]!;
  const { torch, referenceName } = await runTorchReference<Record<string, Record<string, number>>>(torchScript, models, 'best of 3-5');
  const results: ChildResult[] = [];
  const nativeUnavailable = nativeUnavailableReason();
  if (nativeUnavailable !== undefined) console.log(`native modes skipped: ${nativeUnavailable}`);
  const labels = modes.filter((mode) => !mode.native || nativeUnavailable === undefined).map(modeLabel);
  for (const model of models) {
    for (const mode of labels) {
      const result = runChildProcess(fileURLToPath(import.meta.url), [mode, model]) as ChildResult | null;
      if (result === null) continue;
      results.push(result);
      for (const row of result.rows) {
        const referenceMs = torch?.models[model]?.[`${result.threads}:${row.batch}`] ?? null;
        recordBenchRow({
          task: 'inference',
          model,
          backend: mode,
          batch: row.batch,
          oursMs: row.ms,
          reference: referenceName(result.threads, model),
          referenceMs,
          extra: { threads: result.threads, peakRssMb: Math.round(row.peakRssMb), loadAverage1m: row.loadAverage, referenceLoadAverage1m: torchLoad },
        });
      }
    }
  }
  // Each mode against stock single-thread wasm, per model and batch.
  for (const model of models) {
    const stock = results.find((result) => result.model === model && result.mode === 'wasm-1-thread');
    for (const result of results.filter((candidate) => candidate.model === model && candidate.mode !== 'wasm-1-thread')) {
      for (const [index, batch] of batches.entries()) {
        const base = stock?.rows[index]?.ms;
        const ms = result.rows[index]?.ms;
        if (base !== undefined && ms !== undefined) console.log(`speed-up of ${result.mode} over wasm-1-thread: ${model} batch ${batch}: ${(base / ms).toFixed(2)}x`);
      }
    }
  }
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) await runChild(process.argv[childIndex + 1] as Mode, process.argv[childIndex + 2]!);
else await runParent();
