#!/usr/bin/python3
"""Reference k-space truncation for gibbs-ringing.test.ts, computed with numpy 1.24.2's FFT (Debian bookworm).

For an H x W image and a fraction alpha, keep the frequencies |k_row| <= floor((1 - alpha) * H / 2) and
|k_col| <= floor((1 - alpha) * W / 2) of np.fft.fft2, zero the rest, and take the real part of np.fft.ifft2.
Run from this folder: /usr/bin/python3 generate-gibbs-references.py  (writes gibbs-references.json)
"""
import json

import numpy as np


def truncate(image, alpha):
    height, width = image.shape
    rows = np.abs(np.rint(np.fft.fftfreq(height) * height)) <= np.floor((1 - alpha) * height / 2)
    columns = np.abs(np.rint(np.fft.fftfreq(width) * width)) <= np.floor((1 - alpha) * width / 2)
    spectrum = np.fft.fft2(image) * np.outer(rows, columns)
    return np.real(np.fft.ifft2(spectrum))


def main():
    rng = np.random.default_rng(11)
    cases = []
    for height, width, alpha in [(17, 12, 0.5), (20, 15, 0.3)]:
        image = np.zeros((height, width))
        image[height // 4: 3 * height // 4, width // 3: 2 * width // 3] = 1.0  # a sharp-edged block rings
        image += rng.uniform(0, 0.1, size=(height, width))
        image = np.round(image, 4).astype(np.float32)
        cases.append({"height": height, "width": width, "alpha": alpha,
                      "input": [float(v) for v in image.ravel()],
                      "expected": [float(v) for v in truncate(image.astype(np.float64), alpha).ravel()]})
    with open("gibbs-references.json", "w") as handle:
        json.dump({"provenance": "generate-gibbs-references.py, numpy " + np.__version__ + " np.fft", "cases": cases}, handle, separators=(",", ":"))


main()
