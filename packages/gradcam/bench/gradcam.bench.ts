// Grad-CAM latency per image (batch 1) for each registered backbone of the paper and each method, on the tfjs cpu and
// wasm backends. Reference: the same split computation (features without gradient, head gradient, CAM formula) in
// PyTorch on torchvision's resnet34 / resnet101 / efficientnet_b3 (one thread, like tfjs in Node), measured in the
// same run; torchvision has no mvitv2_tiny, so its reference is null.
//
// Environment: GRADCAM_BENCH_MODELS (comma list), GRADCAM_BENCH_BACKENDS (default cpu,wasm), GRADCAM_BENCH_SCORECAM=1
// to include Score-CAM (C forward passes per image: minutes per image for these backbones).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createBackbone, getPretrainedConfig, listBackbones } from '@spinedx/backbones';
import { gradCam, listCamMethods, type CamMethod } from '@spinedx/gradcam';
import { measureMs, recordBenchRow, runPythonJson } from '@spinedx/test-utils';

tf.env().set('PROD', true);
const paperModels = (process.env.GRADCAM_BENCH_MODELS ?? 'resnet34,resnet101,efficientnet_b3,mvitv2_tiny').split(',');
const backends = (process.env.GRADCAM_BENCH_BACKENDS ?? 'cpu,wasm').split(',');
const methods = listCamMethods().filter((method) => method !== 'scorecam' || process.env.GRADCAM_BENCH_SCORECAM === '1');
const torchvisionNames: Record<string, string> = { resnet34: 'resnet34', resnet101: 'resnet101', efficientnet_b3: 'efficientnet_b3' };

const referenceScript = `
import json, sys, time
import torch, torchvision
torch.set_num_threads(1)
name, size, methods = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(',')
model = getattr(torchvision.models, name)(weights=None).eval()
if name.startswith('resnet'):
    body = torch.nn.Sequential(*list(model.children())[:-2]); head = lambda a: model.fc(a.mean(dim=(2, 3)))
else:
    body = model.features; head = lambda a: model.classifier(a.mean(dim=(2, 3)))
x = torch.randn(1, 3, size, size)
def cam(method):
    with torch.no_grad():
        a = body(x)
    if method == 'eigencam':
        flat = a[0].reshape(a.shape[1], -1).T; flat = flat - flat.mean(0)
        _, _, vt = torch.linalg.svd(flat, full_matrices=False)
        return torch.relu(flat @ vt[0])
    if method == 'scorecam':
        up = torch.nn.functional.interpolate(a, size=x.shape[-2:], mode='bilinear', align_corners=False)
        flat = up.reshape(a.shape[1], -1); mins = flat.min(-1)[0][:, None, None]; maxs = flat.max(-1)[0][:, None, None]
        masks = (up[0] - mins) / (maxs - mins + 1e-8); scores = []
        with torch.no_grad():
            c = head(body(x)).argmax().item()
            for start in range(0, a.shape[1], 4):
                scores.append(head(body(x * masks[start:start + 4, None]))[:, c])
        w = torch.softmax(torch.cat(scores), 0)
        return torch.relu((w[:, None, None] * a[0]).sum(0))
    a = a.detach().requires_grad_(True)
    logits = head(a); c = logits.argmax().item()
    g, = torch.autograd.grad(logits[0, c], a)
    if method == 'gradcam': w = g.mean(dim=(2, 3), keepdim=True); m = w * a
    elif method == 'hirescam': m = g * a
    elif method == 'layercam': m = torch.relu(g) * a
    elif method == 'xgradcam': m = (g * a).sum(dim=(2, 3), keepdim=True) / (a.sum(dim=(2, 3), keepdim=True) + 1e-7) * a
    else:
        g2 = g ** 2; g3 = g2 * g; s = a.sum(dim=(2, 3), keepdim=True)
        al = torch.where(g != 0, g2 / (2 * g2 + s * g3 + 1e-6), torch.zeros_like(g2))
        m = (torch.relu(g) * al).sum(dim=(2, 3), keepdim=True) * a
    return torch.relu(m.sum(1)).detach()
result = {}
for method in methods:
    cam(method)
    runs = 1 if method == 'scorecam' else 3
    times = []
    for _ in range(runs):
        start = time.perf_counter(); cam(method); times.append((time.perf_counter() - start) * 1000)
    result[method] = sorted(times)[len(times) // 2]
print(json.dumps(result))
`;

for (const name of paperModels.filter((model) => listBackbones().includes(model))) {
  const [, height, width] = getPretrainedConfig(name).inputSize;
  const torchName = torchvisionNames[name];
  const reference = torchName === undefined ? null : runPythonJson<Record<string, number>>(referenceScript, [torchName, String(height), methods.join(',')]);
  for (const backend of backends) {
    await tf.setBackend(backend);
    await tf.ready();
    const model = createBackbone(name);
    const input = tf.randomNormal([1, height, width, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    for (const method of methods as CamMethod[]) {
      const slow = backend === 'cpu' || method === 'scorecam';
      const oursMs = await measureMs(() => gradCam(model, input, { method, batchSize: 4 }), { warmup: 1, iterations: slow ? 1 : 3 });
      recordBenchRow({
        task: `gradcam:${method}`,
        model: name,
        backend,
        batch: 1,
        oursMs,
        reference: torchName === undefined ? 'PyTorch (no torchvision mvitv2_tiny)' : `PyTorch ${torchName} (torchvision, 1 thread)`,
        referenceMs: reference?.[method] ?? null,
        extra: { input: `${height}x${width}` },
      });
    }
    input.dispose();
    model.dispose();
  }
}
