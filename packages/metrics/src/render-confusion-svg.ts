import { InvalidArgumentError } from '@spinedx/core';
import { coordinate, element, escapeXml, svgDocument } from './svg-elements';

/** Options of {@link renderConfusionMatrixSvg}. */
export interface ConfusionMatrixSvgOptions {
  /** Class names in row/column order; default 'Negative', 'Positive' for 2×2, else '0', '1', …. */
  labels?: readonly string[];
  /** Title above the heatmap; default 'Confusion matrix'. */
  title?: string;
  /** Side of one cell in pixels; default 110. */
  cellSize?: number;
}

// Sequential white-to-blue ramp (ColorBrewer "Blues" end points and middle), linear in RGB between stops.
const rampStops: [number, number, number][] = [
  [247, 251, 255],
  [107, 174, 214],
  [8, 48, 107],
];

function rampColor(fraction: number): string {
  const scaled = Math.min(1, Math.max(0, fraction)) * (rampStops.length - 1);
  const lower = Math.min(Math.floor(scaled), rampStops.length - 2);
  const weight = scaled - lower;
  const channels = rampStops[lower]!.map((channel, index) => Math.round(channel + (rampStops[lower + 1]![index]! - channel) * weight));
  return `rgb(${channels.join(',')})`;
}

/**
 * SVG heatmap of a confusion matrix (rows true, columns predicted): each cell shows the count and the row
 * percentage (sensitivity/specificity on the diagonal of a 2×2), shaded by count, with axis titles and a colour bar.
 */
export function renderConfusionMatrixSvg(matrix: readonly (readonly number[])[], options: ConfusionMatrixSvgOptions = {}): string {
  const classes = matrix.length;
  if (classes === 0 || matrix.some((row) => row.length !== classes)) {
    throw new InvalidArgumentError(`renderConfusionMatrixSvg: expected a square non-empty matrix, received ${JSON.stringify(matrix)}`, { code: 'SHAPE_MISMATCH' });
  }
  if (matrix.some((row) => row.some((count) => !Number.isFinite(count) || count < 0))) {
    throw new InvalidArgumentError(`renderConfusionMatrixSvg: expected non-negative finite counts, received ${JSON.stringify(matrix)}`, { code: 'OUT_OF_RANGE' });
  }
  const labels = options.labels ?? (classes === 2 ? ['Negative', 'Positive'] : matrix.map((_, index) => String(index)));
  if (labels.length !== classes) {
    throw new InvalidArgumentError(`renderConfusionMatrixSvg: expected ${classes} labels, received ${labels.length}`, { code: 'LENGTH_MISMATCH' });
  }
  const title = options.title ?? 'Confusion matrix';
  const cell = options.cellSize ?? 110;
  const left = 120;
  const top = 56;
  const barWidth = 16;
  const width = left + classes * cell + 90;
  const height = top + classes * cell + 70;
  const maximum = Math.max(1, ...matrix.flat());
  const body: string[] = [element('text', { x: left + (classes * cell) / 2, y: 28, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold' }, escapeXml(title))];
  matrix.forEach((row, rowIndex) => {
    const rowTotal = row.reduce((total, count) => total + count, 0);
    row.forEach((count, columnIndex) => {
      const fraction = count / maximum;
      const x = left + columnIndex * cell;
      const y = top + rowIndex * cell;
      const textColor = fraction > 0.55 ? '#ffffff' : '#000000';
      const share = rowTotal === 0 ? 'n/a' : `${((100 * count) / rowTotal).toFixed(1)}%`;
      body.push(element('rect', { x, y, width: cell, height: cell, fill: rampColor(fraction), stroke: '#ffffff', 'stroke-width': 2 }));
      body.push(element('text', { x: x + cell / 2, y: y + cell / 2, 'text-anchor': 'middle', 'font-size': 22, 'font-weight': 'bold', fill: textColor }, String(count)));
      body.push(element('text', { x: x + cell / 2, y: y + cell / 2 + 22, 'text-anchor': 'middle', 'font-size': 13, fill: textColor }, share));
    });
  });
  body.push(element('rect', { x: left, y: top, width: classes * cell, height: classes * cell, fill: 'none', stroke: '#000000', 'stroke-width': 1.2 }));
  labels.forEach((label, index) => {
    const center = index * cell + cell / 2;
    body.push(element('text', { x: left + center, y: top + classes * cell + 20, 'text-anchor': 'middle', 'font-size': 13 }, escapeXml(label)));
    body.push(element('text', { x: left - 10, y: top + center + 4, 'text-anchor': 'end', 'font-size': 13 }, escapeXml(label)));
  });
  body.push(element('text', { x: left + (classes * cell) / 2, y: top + classes * cell + 48, 'text-anchor': 'middle', 'font-size': 14 }, 'Predicted label'));
  const axisY = top + (classes * cell) / 2;
  body.push(element('text', { x: 24, y: axisY, 'text-anchor': 'middle', 'font-size': 14, transform: `rotate(-90 24 ${coordinate(axisY)})` }, 'True label'));
  // Colour bar: 0 at the bottom, the largest count at the top.
  const barLeft = left + classes * cell + 24;
  const steps = 20;
  const stepHeight = (classes * cell) / steps;
  for (let step = 0; step < steps; step++) {
    body.push(element('rect', { x: barLeft, y: top + step * stepHeight, width: barWidth, height: stepHeight + 0.5, fill: rampColor(1 - (step + 0.5) / steps) }));
  }
  body.push(element('rect', { x: barLeft, y: top, width: barWidth, height: classes * cell, fill: 'none', stroke: '#000000', 'stroke-width': 0.8 }));
  body.push(element('text', { x: barLeft + barWidth + 6, y: top + 10, 'font-size': 12 }, String(maximum)));
  body.push(element('text', { x: barLeft + barWidth + 6, y: top + classes * cell, 'font-size': 12 }, '0'));
  return svgDocument(width, height, title, body);
}
