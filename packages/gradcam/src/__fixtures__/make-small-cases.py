#!/usr/bin/env python3
"""Writes small-cases.json: a tiny conv net, its weights, an input and the reference CAMs of every method.

Run with Debian's PyTorch:  /usr/bin/python3 make-small-cases.py > small-cases.json

The net (NCHW here; the JSON stores NHWC arrays and tfjs-layout weights so the test needs no transposes):
    features  A = relu(conv3x3_valid(x, W1) + b1)                      x [2, 3, 6, 7] -> A [2, 4, 4, 5]
    head      logits = linear(mean_yx(relu(conv1x1(A, W2) + b2)), W3, b3)   4 -> 5 -> K
The 1x1 convolution and ReLU inside the head make d logit / d A vary across positions, so Grad-CAM, HiResCAM,
LayerCAM, XGrad-CAM and Grad-CAM++ all give different maps. Heads: K = 3 (multi-class), 2 and 1 (single logit).

Reference formulas follow jacobgil/pytorch-grad-cam (pytorch_grad_cam/*.py), with three documented choices:
  * every map gets relu() as BaseCAM does;
  * Score-CAM upsamples with align_corners=False (pytorch-grad-cam uses UpsamplingBilinear2d, align_corners=True);
  * Eigen-CAM fixes the SVD sign so that the first right singular vector's entries sum to >= 0;
  * a single-logit head explains class 1 with the logit and class 0 with minus the logit; the default class is
    1 when the logit is > 0 (the sigmoid prediction), else 0.
"""
import json
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_grad_enabled(True)
rng = np.random.default_rng(20230607)


def f32(shape, scale):
    return torch.from_numpy((rng.standard_normal(shape) * scale).astype(np.float32))


x = torch.from_numpy(rng.uniform(-1, 1, (2, 3, 6, 7)).astype(np.float32))
w1, b1 = f32((4, 3, 3, 3), 0.4), f32((4,), 0.1)
w2, b2 = f32((5, 4, 1, 1), 0.6), f32((5,), 0.2)
heads = {k: (f32((k, 5), 0.8), f32((k,), 0.1)) for k in (3, 2, 1)}


def features(inp):
    return F.relu(F.conv2d(inp, w1, b1))


def head(a, k):
    w3, b3 = heads[k]
    hidden = F.relu(F.conv2d(a, w2, b2)).mean(dim=(2, 3))
    return hidden @ w3.T + b3


def target(logits, classes, k):
    """One score per row: the class logit; for a single logit +logit (class 1) or -logit (class 0)."""
    if k == 1:
        sign = torch.tensor([1.0 if c == 1 else -1.0 for c in classes])
        return logits[:, 0] * sign
    return logits[torch.arange(logits.shape[0]), torch.tensor(classes)]


def default_classes(logits, k):
    if k == 1:
        return [1 if v > 0 else 0 for v in logits[:, 0].tolist()]
    return logits.argmax(dim=1).tolist()


def activations_and_grads(k, classes):
    a = features(x).detach().requires_grad_(True)
    score = target(head(a, k), classes, k).sum()
    (grads,) = torch.autograd.grad(score, a)
    return a.detach().double(), grads.double()


def gradient_cam(method, k, classes):
    a, g = activations_and_grads(k, classes)
    if method == 'gradcam':  # grad_cam.py: weights = mean over (y, x)
        cam = (g.mean(dim=(2, 3), keepdim=True) * a).sum(1)
    elif method == 'hirescam':  # hirescam.py: element-wise product, summed over channels
        cam = (g * a).sum(1)
    elif method == 'xgradcam':  # xgrad_cam.py
        sums = a.sum(dim=(2, 3), keepdim=True)
        weights = (g * a).sum(dim=(2, 3), keepdim=True) / (sums + 1e-7)
        cam = (weights * a).sum(1)
    elif method == 'layercam':  # layer_cam.py
        cam = (F.relu(g) * a).sum(1)
    elif method == 'gradcam++':  # grad_cam_plusplus.py
        g2, g3 = g ** 2, g ** 3
        sum_a = a.sum(dim=(2, 3), keepdim=True)
        aij = g2 / (2 * g2 + sum_a * g3 + 1e-6)
        aij = torch.where(g != 0, aij, torch.zeros_like(aij))
        weights = (F.relu(g) * aij).sum(dim=(2, 3), keepdim=True)
        cam = (weights * a).sum(1)
    else:
        raise ValueError(method)
    return F.relu(cam)


def eigen_cam():
    a = features(x).detach().double()
    maps = []
    for image in a:  # utils/svd_on_activations.py: get_2d_projection
        flat = image.reshape(image.shape[0], -1).T
        flat = flat - flat.mean(dim=0)
        _, _, vt = torch.linalg.svd(flat, full_matrices=False)
        v = vt[0] if vt[0].sum() >= 0 else -vt[0]
        maps.append((flat @ v).reshape(image.shape[1:]))
    return F.relu(torch.stack(maps))


def score_cam(k, classes):
    with torch.no_grad():
        a = features(x)
        up = F.interpolate(a, size=x.shape[-2:], mode='bilinear', align_corners=False)
        flat = up.reshape(up.shape[0], up.shape[1], -1)
        mins = flat.min(-1)[0][:, :, None, None]
        maxs = flat.max(-1)[0][:, :, None, None]
        masks = (up - mins) / (maxs - mins + 1e-8)
        maps = []
        for n in range(x.shape[0]):
            masked = x[n][None] * masks[n][:, None]  # [C, 3, H, W]
            scores = target(head(features(masked), k), [classes[n]] * masked.shape[0], k)
            weights = torch.softmax(scores.double(), dim=0)
            maps.append((weights[:, None, None] * a[n].double()).sum(0))
        return F.relu(torch.stack(maps))


def nhwc(t):
    return t.permute(0, 2, 3, 1).reshape(-1).tolist()


def rounded(values):
    return [float(f'{v:.9g}') for v in values]


cases = []
for k in (3, 2, 1):
    with torch.no_grad():
        logits = head(features(x), k)
    chosen = [default_classes(logits, k)]
    chosen.append([2, 0] if k == 3 else [0, 1] if k == 2 else [1, 0])
    methods = ['gradcam', 'hirescam', 'xgradcam', 'layercam', 'gradcam++', 'eigencam', 'scorecam'] if k != 2 else ['gradcam', 'scorecam']
    for classes in chosen:
        explicit = classes is not chosen[0]
        for method in methods:
            if method == 'eigencam' and explicit:
                continue  # Eigen-CAM does not depend on the class
            if method == 'eigencam':
                cam = eigen_cam()
            elif method == 'scorecam':
                cam = score_cam(k, classes)
            else:
                cam = gradient_cam(method, k, classes)
            cases.append({'numClasses': k, 'method': method, 'classIndex': classes if explicit else None,
                          'expectedClass': classes, 'cam': rounded(cam.reshape(-1).tolist())})

upsample_source = torch.from_numpy(rng.uniform(0, 1, (1, 1, 3, 4)).astype(np.float64))
upsample_cases = []
for size in ([7, 9], [2, 3], [12, 5], [3, 4]):
    out = F.interpolate(upsample_source, size=size, mode='bilinear', align_corners=False)
    upsample_cases.append({'size': size, 'values': rounded(out.reshape(-1).tolist())})

with torch.no_grad():
    all_logits = {str(k): rounded(head(features(x), k).reshape(-1).tolist()) for k in (3, 2, 1)}

json.dump({
    'generator': 'make-small-cases.py (torch ' + torch.__version__ + ')',
    'input': {'shape': [2, 6, 7, 3], 'data': rounded(nhwc(x))},
    'featureSize': [4, 5],
    'weights': {
        'conv1': {'shape': [3, 3, 3, 4], 'data': rounded(w1.permute(2, 3, 1, 0).reshape(-1).tolist())},
        'conv1Bias': rounded(b1.tolist()),
        'conv2': {'shape': [1, 1, 4, 5], 'data': rounded(w2.permute(2, 3, 1, 0).reshape(-1).tolist())},
        'conv2Bias': rounded(b2.tolist()),
        'heads': {str(k): {'shape': [5, k], 'data': rounded(w.T.reshape(-1).tolist()), 'bias': rounded(b.tolist())}
                  for k, (w, b) in heads.items()},
    },
    'logits': all_logits,
    'cases': cases,
    'upsample': {'source': {'size': [3, 4], 'values': rounded(upsample_source.reshape(-1).tolist())}, 'cases': upsample_cases},
}, sys.stdout, separators=(',', ':'))
sys.stdout.write('\n')
