import { InvalidArgumentError } from '@spinedx/core';
import type { DelongInterval } from './delong';
import { formatNumber } from './format-number';
import type { RocCurve } from './roc';
import { approximateTextWidth, coordinate, element, escapeXml, seriesColors, svgDocument } from './svg-elements';

/** One model on the ROC chart; a {@link DiagnosticReport} fits as is. */
export interface RocSeries {
  name: string;
  roc: RocCurve | null;
  /** AUC and CI printed in the legend. */
  auc?: DelongInterval | null;
  /** Confidence level of the CI (printed in the legend); default 0.95. */
  level?: number;
}

/** Options of {@link renderRocSvg}. */
export interface RocSvgOptions {
  /** Title above the chart; default 'ROC curves'. */
  title?: string;
  /** Width and height in pixels; default 560 × 540. */
  width?: number;
  height?: number;
  /** Decimals of the AUC in the legend; default 3. */
  digits?: number;
}

const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];

/**
 * SVG of several models' ROC curves on one chart, as a paper's figure: framed square axes with ticks and
 * labels, dashed chance diagonal, one colour per model and a legend with each AUC and its confidence interval.
 */
export function renderRocSvg(series: readonly RocSeries[], options: RocSvgOptions = {}): string {
  const drawable = series.filter((item) => item.roc !== null);
  if (drawable.length === 0) throw new InvalidArgumentError('renderRocSvg: expected at least one series with a ROC curve, received none', { code: 'EMPTY_INPUT' });
  const width = options.width ?? 560;
  const height = options.height ?? 540;
  const title = options.title ?? 'ROC curves';
  const digits = options.digits ?? 3;
  const margin = { left: 72, right: 24, top: 44, bottom: 64 };
  const size = Math.min(width - margin.left - margin.right, height - margin.top - margin.bottom);
  const x = (rate: number): number => margin.left + rate * size;
  const y = (rate: number): number => margin.top + (1 - rate) * size;
  const body: string[] = [];
  body.push(element('text', { x: margin.left + size / 2, y: margin.top / 2 + 6, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 'bold' }, escapeXml(title)));
  for (const tick of ticks) {
    body.push(element('line', { x1: x(tick), y1: y(0), x2: x(tick), y2: y(1), stroke: '#e6e6e6', 'stroke-width': 1 }));
    body.push(element('line', { x1: x(0), y1: y(tick), x2: x(1), y2: y(tick), stroke: '#e6e6e6', 'stroke-width': 1 }));
    body.push(element('line', { x1: x(tick), y1: y(0), x2: x(tick), y2: y(0) + 6, stroke: '#000000', 'stroke-width': 1 }));
    body.push(element('line', { x1: x(0) - 6, y1: y(tick), x2: x(0), y2: y(tick), stroke: '#000000', 'stroke-width': 1 }));
    body.push(element('text', { x: x(tick), y: y(0) + 20, 'text-anchor': 'middle', 'font-size': 12 }, tick.toFixed(1)));
    body.push(element('text', { x: x(0) - 10, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 12 }, tick.toFixed(1)));
  }
  body.push(element('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), stroke: '#888888', 'stroke-width': 1, 'stroke-dasharray': '5,4' }));
  body.push(element('rect', { x: x(0), y: y(1), width: size, height: size, fill: 'none', stroke: '#000000', 'stroke-width': 1.2 }));
  body.push(element('text', { x: x(0.5), y: y(0) + 46, 'text-anchor': 'middle', 'font-size': 14 }, '1 − Specificity (false positive rate)'));
  body.push(
    element('text', { x: margin.left - 48, y: y(0.5), 'text-anchor': 'middle', 'font-size': 14, transform: `rotate(-90 ${coordinate(margin.left - 48)} ${coordinate(y(0.5))})` }, 'Sensitivity (true positive rate)'),
  );
  const legend: string[] = [];
  drawable.forEach((item, index) => {
    const color = seriesColors[index % seriesColors.length]!;
    const roc = item.roc!;
    const points = roc.fpr.map((rate, position) => `${coordinate(x(rate))},${coordinate(y(roc.tpr[position]!))}`).join(' ');
    body.push(element('polyline', { points, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linejoin': 'round', 'data-model': item.name }));
    legend.push(legendLabel(item, digits));
  });
  body.push(...legendBox(legend, drawable.length, x(1), y(0), size));
  return svgDocument(width, height, title, body);
}

function legendLabel(item: RocSeries, digits: number): string {
  if (item.auc === undefined || item.auc === null) return item.name;
  const percent = Math.round((item.level ?? 0.95) * 1000) / 10;
  const interval = Number.isNaN(item.auc.lower) ? '' : ` (${percent}% CI ${formatNumber(item.auc.lower, digits)}–${formatNumber(item.auc.upper, digits)})`;
  return `${item.name}: AUC ${formatNumber(item.auc.auc, digits)}${interval}`;
}

// Lower-right corner, inside the axes, where ROC curves leave the most room.
function legendBox(labels: string[], count: number, right: number, bottom: number, size: number): string[] {
  const fontSize = 12;
  const rowHeight = 18;
  const textWidth = Math.max(...labels.map((label) => approximateTextWidth(label, fontSize)));
  const boxWidth = Math.min(size - 16, textWidth + 44);
  const boxHeight = count * rowHeight + 10;
  const left = right - boxWidth - 8;
  const top = bottom - boxHeight - 8;
  const parts = [element('rect', { x: left, y: top, width: boxWidth, height: boxHeight, fill: '#ffffff', 'fill-opacity': 0.9, stroke: '#555555', 'stroke-width': 0.8 })];
  labels.forEach((label, index) => {
    const rowY = top + 5 + rowHeight * index + rowHeight / 2;
    parts.push(element('line', { x1: left + 8, y1: rowY, x2: left + 32, y2: rowY, stroke: seriesColors[index % seriesColors.length]!, 'stroke-width': 2.5 }));
    parts.push(element('text', { x: left + 38, y: rowY + 4, 'font-size': fontSize }, escapeXml(label)));
  });
  return parts;
}
