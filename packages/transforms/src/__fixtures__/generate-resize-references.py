#!/usr/bin/python3
"""Reference resizes for resize.test.ts, computed by real libraries (Debian bookworm packages):

  python3-pil 9.4.0      Image.resize on mode 'F' (float32) images: NEAREST, BILINEAR, BICUBIC (antialiased when shrinking)
  python3-opencv 4.6.0   cv2.resize(..., interpolation=cv2.INTER_AREA) on float32 arrays
  python3-numpy 1.24.2   test images

Run from this folder: /usr/bin/python3 generate-resize-references.py  (writes resize-references.json)
Multi-channel cases are resized one channel at a time (Pillow's 'F' mode is single-channel), which is what
an interleaved float resize must reproduce.
"""
import json

import cv2
import numpy as np
from PIL import Image

PILLOW = {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC}


def test_image(rng, height, width, channels):
    """Smooth gradients + a bright disc with sharp edges + noise, on a 0-255 scale (edges stress ringing)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = []
    for channel in range(channels):
        smooth = 100 + 80 * np.sin(x / (3 + channel) + y / 5.0)
        disc = ((x - width * 0.4) ** 2 + (y - height * 0.6) ** 2 < (min(height, width) * 0.3) ** 2) * 60.0
        noise = rng.uniform(-15, 15, size=(height, width))
        planes.append(np.clip(smooth + disc + noise, 0, 255))
    return np.stack(planes, axis=-1).astype(np.float32)


def reference(image, method, out_height, out_width):
    planes = []
    for channel in range(image.shape[2]):
        plane = np.ascontiguousarray(image[:, :, channel])
        if method == "area":
            result = cv2.resize(plane, (out_width, out_height), interpolation=cv2.INTER_AREA)
        else:
            result = np.asarray(Image.fromarray(plane, mode="F").resize((out_width, out_height), PILLOW[method]))
        planes.append(result.astype(np.float32))
    return np.stack(planes, axis=-1)


# (in height, in width, channels, out height, out width): up, down, odd sizes, mixed, integer factors.
SIZES = [
    (37, 29, 1, 64, 51),
    (37, 29, 1, 17, 12),
    (64, 64, 1, 23, 23),
    (40, 21, 1, 19, 50),
    (33, 47, 3, 20, 61),
    (48, 36, 1, 16, 12),
    (25, 31, 2, 25, 31),
]


def main():
    rng = np.random.default_rng(20230401)
    images = []
    cases = []
    for in_height, in_width, channels, out_height, out_width in SIZES:
        # Inputs are stored rounded; the references are computed from exactly the stored values.
        image = np.round(test_image(rng, in_height, in_width, channels), 3).astype(np.float32)
        images.append({"height": in_height, "width": in_width, "channels": channels, "data": [round(float(v), 3) for v in image.ravel()]})
        for method in ["nearest", "bilinear", "bicubic", "area"]:
            expected = reference(image, method, out_height, out_width)
            cases.append({
                "image": len(images) - 1,
                "method": method,
                "height": out_height,
                "width": out_width,
                "expected": [round(float(v), 3) for v in expected.ravel()],
            })
    with open("resize-references.json", "w") as handle:
        json.dump({
            "provenance": "generate-resize-references.py: Pillow 9.4.0 'F'-mode Image.resize, OpenCV 4.6.0 cv2.INTER_AREA, numpy 1.24.2 (Debian bookworm)",
            "pillow": Image.__version__ if hasattr(Image, "__version__") else __import__("PIL").__version__,
            "opencv": cv2.__version__,
            "numpy": np.__version__,
            "images": images,
            "cases": cases,
        }, handle, separators=(",", ":"))


main()
