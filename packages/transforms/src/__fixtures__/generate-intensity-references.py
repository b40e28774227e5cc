#!/usr/bin/python3
"""Reference intensity transforms for the intensity tests, computed with numpy 1.24.2 (Debian bookworm).

  percentiles          np.percentile(values, q)  (method 'linear', numpy's default)
  scaleIntensityPercentiles   MONAI ScaleIntensityRangePercentiles written with numpy:
                       a_min, a_max = np.percentile(img, [lower, upper]); (img - a_min) / (a_max - a_min) * (b_max - b_min) + b_min, clipped
  histogramEqualize    scikit-image exposure.equalize_hist written with numpy:
                       hist, edges = np.histogram(img, nbins); centres = (edges[:-1] + edges[1:]) / 2; cdf = hist.cumsum() / hist.sum(); np.interp(img, centres, cdf)

Run from this folder: /usr/bin/python3 generate-intensity-references.py  (writes intensity-references.json)
"""
import json

import numpy as np


def main():
    rng = np.random.default_rng(7)
    arrays = {
        # MR-like: a large block of background zeros (ties in one bin), a tissue bulk and a few hot outliers.
        "mr-like": np.concatenate([np.zeros(400), rng.gamma(4.0, 120.0, 560), rng.uniform(3000, 4000, 8)]).astype(np.float32),
        "signed": rng.normal(-3.0, 10.0, 301).astype(np.float32),
        "tiny": np.array([5, 1, 3], dtype=np.float32),
    }
    quantiles = [0, 0.5, 1, 25, 50, 99, 99.5, 100]
    percentile_cases = []
    for name, values in arrays.items():
        percentile_cases.append({
            "name": name,
            "values": [float(v) for v in values],
            "percentiles": quantiles,
            "expected": [float(np.percentile(values.astype(np.float64), q)) for q in quantiles],
        })
    scale_cases = []
    for name, values in arrays.items():
        for lower, upper, b_min, b_max, clip in [(0.5, 99.5, 0.0, 1.0, True), (1, 99, -1.0, 1.0, False)]:
            a_min, a_max = np.percentile(values.astype(np.float64), [lower, upper])
            out = (values.astype(np.float64) - a_min) / (a_max - a_min) * (b_max - b_min) + b_min
            if clip:
                out = np.clip(out, b_min, b_max)
            scale_cases.append({"name": name, "lower": lower, "upper": upper, "outMin": b_min, "outMax": b_max, "clip": clip,
                                "values": [float(v) for v in values], "expected": [float(v) for v in out]})
    values = arrays["mr-like"]
    hist, edges = np.histogram(values, 16)
    centres = (edges[:-1] + edges[1:]) / 2
    cdf = hist.cumsum() / hist.sum()
    equalized = np.interp(values, centres, cdf)
    with open("intensity-references.json", "w") as handle:
        json.dump({
            "provenance": "generate-intensity-references.py, numpy " + np.__version__,
            "percentiles": percentile_cases,
            "scaleIntensityPercentiles": scale_cases,
            "histogramEqualize": {"bins": 16, "values": [float(v) for v in values], "expected": [float(v) for v in equalized]},
        }, handle, separators=(",", ":"))


main()
