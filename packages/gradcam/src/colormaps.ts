import { InvalidArgumentError } from '@spinedx/core';
import { rgb } from 'd3-color';
import { interpolateInferno, interpolateTurbo, interpolateViridis } from 'd3-scale-chromatic';

/** The colour maps {@link colormapLut} and {@link overlay} offer. */
export type ColormapName = 'jet' | 'turbo' | 'viridis' | 'inferno';

const names: readonly ColormapName[] = ['jet', 'turbo', 'viridis', 'inferno'];

// matplotlib's _jet_data (LinearSegmentedColormap): per channel, [x, value] anchors joined linearly.
const jetAnchors: readonly (readonly [number, number])[][] = [
  [[0, 0], [0.35, 0], [0.66, 1], [0.89, 1], [1, 0.5]],
  [[0, 0], [0.125, 0], [0.375, 1], [0.64, 1], [0.91, 0], [1, 0]],
  [[0, 0.5], [0.11, 1], [0.34, 1], [0.65, 0], [1, 0]],
];

function jet(t: number): [number, number, number] {
  return jetAnchors.map((anchors) => {
    let index = 1;
    while (index < anchors.length - 1 && anchors[index]![0] < t) index++;
    const [x0, y0] = anchors[index - 1]!;
    const [x1, y1] = anchors[index]!;
    return Math.round(255 * (y0 + ((t - x0) / (x1 - x0)) * (y1 - y0)));
  }) as [number, number, number];
}

function fromD3(interpolate: (t: number) => string): (t: number) => [number, number, number] {
  return (t) => {
    const color = rgb(interpolate(t));
    return [Math.round(color.r), Math.round(color.g), Math.round(color.b)];
  };
}

const sources: Record<ColormapName, (t: number) => [number, number, number]> = {
  jet,
  turbo: fromD3(interpolateTurbo),
  viridis: fromD3(interpolateViridis),
  inferno: fromD3(interpolateInferno),
};

const cache = new Map<ColormapName, Uint8Array>();

/**
 * A 256-entry RGB lookup table (`lut[3 * i + channel]`, entry i for the value i / 255), built on first use.
 * jet: matplotlib's segment data; viridis, inferno: matplotlib's tables (via d3-scale-chromatic); turbo: Google's
 * published polynomial approximation of its table (via d3-scale-chromatic).
 */
export function colormapLut(name: ColormapName): Uint8Array {
  if (!names.includes(name)) {
    throw new InvalidArgumentError(`colormapLut: colormap must be one of ${names.join(', ')}, received '${String(name)}'`, { code: 'UNKNOWN_COLORMAP' });
  }
  let lut = cache.get(name);
  if (lut === undefined) {
    lut = new Uint8Array(256 * 3);
    for (let index = 0; index < 256; index++) lut.set(sources[name](index / 255), index * 3);
    cache.set(name, lut);
  }
  return lut;
}

/**
 * Colours values in [0, 1] (as matplotlib does: entry `min(floor(v * 256), 255)`) into interleaved RGB bytes.
 * Values outside [0, 1] or not finite throw, since they mean the map was not normalised.
 */
export function applyColormap(values: Float32Array, name: ColormapName): Uint8ClampedArray {
  const lut = colormapLut(name);
  const out = new Uint8ClampedArray(values.length * 3);
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidArgumentError(`applyColormap: values must lie in [0, 1] (normalise the CAM first), received ${value} at index ${index}`, {
        code: 'CAM_NOT_NORMALIZED',
      });
    }
    const entry = Math.min(Math.floor(value * 256), 255) * 3;
    out[index * 3] = lut[entry]!;
    out[index * 3 + 1] = lut[entry + 1]!;
    out[index * 3 + 2] = lut[entry + 2]!;
  }
  return out;
}
