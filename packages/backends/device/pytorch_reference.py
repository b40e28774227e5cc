"""PyTorch fp32 reference for gpu-bench-entry.ts, on the same GPU in the same call (run-on-device.sh).

ResNet34 (torchvision, random weights, NHWC-equivalent shapes in NCHW) inference at batch 1/32 and an SGD training
step at batch 8/32 at 224x224, the per-layer convolution kernels (forward, input gradient, filter gradient) of the
webgpu table, MViTv2-T inference at batch 1/32, and the peak allocated GPU memory of each. Prints one JSON object.
Usage: python3 pytorch_reference.py out.json
"""
import json
import pathlib
import statistics
import sys
import time

import torch
import torchvision

torch.backends.cudnn.benchmark = True
# fp32 throughout: no TF32 on the matrix units, so the figures compare like with like.
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
device = torch.device("cuda")
results = {"torch": torch.__version__, "torchvision": torchvision.__version__, "device": torch.cuda.get_device_name(0)}


def timed(run, repeats, warmup=3):
    """Median milliseconds of run() over repeats, each synchronised, after warm-up."""
    for _ in range(warmup):
        run()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        torch.cuda.synchronize()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def queued(run, repeats=20):
    """Milliseconds per call of repeats queued calls with one synchronisation (as the webgpu kernel table)."""
    for _ in range(3):
        run()
    torch.cuda.synchronize()
    rounds = []
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeats):
            run()
        torch.cuda.synchronize()
        rounds.append((time.perf_counter() - start) * 1000 / repeats)
    return statistics.median(rounds)


def time_inference(network):
    """Inference rows of network (in eval mode) at batch 1 and 32, 224x224, with peak allocated memory."""
    rows = []
    for batch in (1, 32):
        images = torch.randn(batch, 3, 224, 224, device=device)
        torch.cuda.reset_peak_memory_stats()
        with torch.no_grad():
            ms = timed(lambda: network(images), 20)
        rows.append({"batch": batch, "ms": ms, "imagesPerSecond": batch * 1000 / ms, "peakGpuBytes": torch.cuda.max_memory_allocated()})
    return rows


model = torchvision.models.resnet34(num_classes=2).to(device)
results["inference"] = time_inference(model.eval())

training = []
model.train()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
loss_function = torch.nn.CrossEntropyLoss()
for batch in (8, 32):
    images = torch.randn(batch, 3, 224, 224, device=device)
    labels = torch.arange(batch, device=device) % 2

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(images), labels)
        loss.backward()
        optimizer.step()
        return loss.item()  # a readback per step, as the webgpu loop does

    torch.cuda.reset_peak_memory_stats()
    ms = timed(step, 10)
    training.append({"batch": batch, "stepMs": ms, "imagesPerSecond": batch * 1000 / ms, "peakGpuBytes": torch.cuda.max_memory_allocated()})
results["training"] = training

layers = []
for size, in_channels, out_channels, kernel, stride in [(224, 3, 64, 7, 2), (56, 64, 64, 3, 1), (28, 128, 128, 3, 1), (14, 256, 256, 3, 1), (7, 512, 512, 3, 1), (112, 64, 64, 3, 2), (56, 64, 128, 1, 2)]:
    padding = kernel // 2
    x = torch.randn(32, in_channels, size, size, device=device)
    weight = torch.randn(out_channels, in_channels, kernel, kernel, device=device) * 0.05
    y = torch.nn.functional.conv2d(x, weight, stride=stride, padding=padding)
    dy = torch.randn_like(y)
    forward = queued(lambda: torch.nn.functional.conv2d(x, weight, stride=stride, padding=padding))
    input_gradient = queued(lambda: torch.nn.grad.conv2d_input(x.shape, weight, dy, stride=stride, padding=padding))
    filter_gradient = queued(lambda: torch.nn.grad.conv2d_weight(x, weight.shape, dy, stride=stride, padding=padding))
    layers.append({"layer": f"{size}x{size} {in_channels}->{out_channels} k{kernel} s{stride}", "batch": 32, "forwardMs": forward, "inputGradientMs": input_gradient, "filterGradientMs": filter_gradient})
results["layers"] = layers

# MViTv2-T inference (timm's architecture rebuilt on plain PyTorch: bench/torch_mvitv2.py, checked against timm's
# golden logits), batch 1 and 32, as gpu-bench-entry's mvitv2 section.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "bench"))
from torch_mvitv2 import mvitv2_tiny  # noqa: E402

results["mvitv2Inference"] = time_inference(mvitv2_tiny(num_classes=2).to(device).eval())

with open(sys.argv[1], "w") as handle:
    json.dump(results, handle, indent=2)
print(json.dumps(results))
