import type { CamMap } from '@spinedx/gradcam';

/** How the classifier fitted a slice into its square input (the classifier's `preprocessing.fit`). */
export interface InputGeometry {
  /** Square model input size in pixels. */
  inputSize: number;
  /** `'crop'`: shortest edge to floor(size / cropPct), then a centre crop; `'letterbox'`: fit the long edge and pad. */
  fit: 'crop' | 'letterbox';
  /** The backbone's crop fraction (used by `'crop'`). */
  cropPct: number;
}

/** Python's round(), which the centre crop uses for its offsets. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Where the slice lands inside the model input: scale per axis and the offset of the slice's top-left corner. */
function placement(height: number, width: number, geometry: InputGeometry): { scaleY: number; scaleX: number; top: number; left: number } {
  const size = geometry.inputSize;
  if (geometry.fit === 'letterbox') {
    const scale = size / Math.max(height, width);
    const resizedHeight = Math.max(1, Math.round(height * scale));
    const resizedWidth = Math.max(1, Math.round(width * scale));
    return { scaleY: resizedHeight / height, scaleX: resizedWidth / width, top: Math.floor((size - resizedHeight) / 2), left: Math.floor((size - resizedWidth) / 2) };
  }
  // The same sizes as `evaluationResizeSize` of @spinedx/transforms (shortest edge, truncated long edge).
  const shortest = Math.floor(size / geometry.cropPct);
  const resizedHeight = height <= width ? shortest : Math.trunc((shortest * height) / width);
  const resizedWidth = height <= width ? Math.trunc((shortest * width) / height) : shortest;
  return {
    scaleY: resizedHeight / height,
    scaleX: resizedWidth / width,
    top: -roundHalfToEven((resizedHeight - size) / 2),
    left: -roundHalfToEven((resizedWidth - size) / 2),
  };
}

/**
 * Carries a heat map over the model input (`inputSize` square, values in [0, 1]) back onto the slice it was
 * computed from, sampling it bilinearly at each slice pixel's centre. Pixels the model never saw (cut off by
 * the centre crop) get 0 and `covered` 0 (1 elsewhere), so a view can leave them uncoloured.
 */
export function heatmapOnSlice(heatmap: Float32Array, sliceHeight: number, sliceWidth: number, geometry: InputGeometry): CamMap & { covered: Uint8Array } {
  const size = geometry.inputSize;
  const { scaleY, scaleX, top, left } = placement(sliceHeight, sliceWidth, geometry);
  const cam = new Float32Array(sliceHeight * sliceWidth);
  const covered = new Uint8Array(sliceHeight * sliceWidth);
  for (let y = 0; y < sliceHeight; y++) {
    const inputY = (y + 0.5) * scaleY - 0.5 + top;
    if (inputY < -0.5 || inputY > size - 0.5) continue;
    const y0 = Math.min(size - 1, Math.max(0, Math.floor(inputY)));
    const y1 = Math.min(size - 1, y0 + 1);
    const fy = Math.min(1, Math.max(0, inputY - y0));
    for (let x = 0; x < sliceWidth; x++) {
      const inputX = (x + 0.5) * scaleX - 0.5 + left;
      if (inputX < -0.5 || inputX > size - 0.5) continue;
      const x0 = Math.min(size - 1, Math.max(0, Math.floor(inputX)));
      const x1 = Math.min(size - 1, x0 + 1);
      const fx = Math.min(1, Math.max(0, inputX - x0));
      const upper = heatmap[y0 * size + x0]! * (1 - fx) + heatmap[y0 * size + x1]! * fx;
      const lower = heatmap[y1 * size + x0]! * (1 - fx) + heatmap[y1 * size + x1]! * fx;
      cam[y * sliceWidth + x] = upper * (1 - fy) + lower * fy;
      covered[y * sliceWidth + x] = 1;
    }
  }
  return { height: sliceHeight, width: sliceWidth, cam, covered };
}
