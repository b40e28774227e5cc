// Small builders for SVG text: the renderers produce self-contained markup (inline attributes, no CSS or
// external references) that a browser, an <img> tag or an HTML report can show as is.

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A coordinate with two decimals (enough for screen pixels, keeps the markup short). */
export function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** One element with attributes (values escaped) and optional text content. */
export function element(name: string, attributes: Record<string, string | number>, content?: string): string {
  const attributeText = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(typeof value === 'number' ? coordinate(value) : value)}"`)
    .join('');
  return content === undefined ? `<${name}${attributeText}/>` : `<${name}${attributeText}>${content}</${name}>`;
}

/** The `<svg>` root with a white background, a title for accessibility and the body. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    element('rect', { x: 0, y: 0, width, height, fill: '#ffffff' }),
    ...body,
    '</svg>',
  ].join('\n');
}

/** Okabe-Ito colours: distinguishable with colour-vision deficiency and in grey print. */
export const seriesColors = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** Width of a text run, approximated for a sans-serif font (no DOM to measure with). */
export function approximateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.56;
}
