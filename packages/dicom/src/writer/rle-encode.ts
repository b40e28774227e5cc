/** PackBits-encodes `count` bytes read at `source[start + step * index]` (PS3.5 G.3.1), padded to even length. */
function encodeSegment(source: Uint8Array, start: number, step: number, count: number, columns: number): number[] {
  const output: number[] = [];
  // Runs never cross a row, as PS3.5 G.2 asks of each row of a segment.
  for (let rowStart = 0; rowStart < count; rowStart += columns) {
    const rowEnd = Math.min(count, rowStart + columns);
    let index = rowStart;
    while (index < rowEnd) {
      const value = source[start + step * index]!;
      let run = 1;
      while (index + run < rowEnd && run < 128 && source[start + step * (index + run)] === value) run++;
      if (run >= 2) {
        output.push(257 - run, value);
        index += run;
        continue;
      }
      let literal = 1;
      while (index + literal < rowEnd && literal < 128) {
        const next = source[start + step * (index + literal)];
        if (index + literal + 1 < rowEnd && source[start + step * (index + literal + 1)] === next) break;
        literal++;
      }
      output.push(literal - 1);
      for (let offset = 0; offset < literal; offset++) output.push(source[start + step * (index + offset)]!);
      index += literal;
    }
  }
  if (output.length % 2 === 1) output.push(0x80);
  return output;
}

/**
 * Encodes one frame of little-endian interleaved samples as RLE Lossless (PS3.5 annex G): one segment per byte
 * of each sample, most significant byte first, after a 64-byte header of segment offsets.
 */
export function encodeRle(frame: Uint8Array, rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number): Uint8Array {
  const bytesPerSample = bitsAllocated / 8;
  const segmentCount = samplesPerPixel * bytesPerSample;
  const segments: number[][] = [];
  for (let sample = 0; sample < samplesPerPixel; sample++) {
    for (let byte = bytesPerSample - 1; byte >= 0; byte--) {
      segments.push(encodeSegment(frame, sample * bytesPerSample + byte, segmentCount, rows * columns, columns));
    }
  }
  const total = 64 + segments.reduce((sum, segment) => sum + segment.length, 0);
  const result = new Uint8Array(total);
  const view = new DataView(result.buffer);
  view.setUint32(0, segmentCount, true);
  let offset = 64;
  segments.forEach((segment, index) => {
    view.setUint32(4 + 4 * index, offset, true);
    result.set(segment, offset);
    offset += segment.length;
  });
  return result;
}
