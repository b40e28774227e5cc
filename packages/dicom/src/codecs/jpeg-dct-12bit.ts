import { DicomError } from '../dicom-error';
import type { CodecFrame, CodecOutput } from './codec';

// A sequential Huffman DCT decoder (ITU T.81 processes 1, 2 and 4) for 12-bit samples, which the 8-bit
// libjpeg-turbo build cannot decode and no maintained npm decoder handles.

const zigzag = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30,
  37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

// cosines[x * 8 + u] = C(u) / 2 * cos((2x + 1) u π / 16), the separable IDCT basis (T.81 A.3.3).
const cosines = new Float64Array(64);
for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) cosines[x * 8 + u] = ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

interface HuffmanTable {
  maxCode: Int32Array;
  valuePointer: Int32Array;
  minCode: Int32Array;
  values: Uint8Array;
}

interface Component {
  id: number;
  horizontal: number;
  vertical: number;
  quantTable: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  coefficients: Float64Array[];
  dcTable?: HuffmanTable;
  acTable?: HuffmanTable;
  predictor: number;
  output?: Int32Array;
}

const fail = (detail: string): never => {
  throw new DicomError(`decodeFrame: expected a valid 12-bit DCT JPEG stream, received ${detail}`, 'DECODE_FAILED');
};

function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxCode = new Int32Array(18).fill(-1);
  const minCode = new Int32Array(17);
  const valuePointer = new Int32Array(17);
  let code = 0;
  let pointer = 0;
  for (let length = 1; length <= 16; length++) {
    const count = counts[length - 1]!;
    if (count > 0) {
      valuePointer[length] = pointer;
      minCode[length] = code;
      code += count;
      pointer += count;
      maxCode[length] = code - 1;
    }
    code <<= 1;
  }
  return { maxCode, minCode, valuePointer, values };
}

class BitReader {
  private bits = 0;
  private count = 0;
  constructor(
    private readonly bytes: Uint8Array,
    public position: number,
  ) {}

  bit(): number {
    if (this.count === 0) {
      const byte = this.bytes[this.position];
      // Past the data or at a marker: feed zeros, as libjpeg does for corrupt streams.
      if (byte === undefined || (byte === 0xff && this.bytes[this.position + 1] !== 0x00)) {
        this.bits = 0;
      } else {
        this.bits = byte;
        this.position += byte === 0xff ? 2 : 1;
      }
      this.count = 8;
    }
    this.count--;
    return (this.bits >>> this.count) & 1;
  }

  receive(length: number): number {
    let value = 0;
    for (let index = 0; index < length; index++) value = (value << 1) | this.bit();
    return value;
  }

  decode(table: HuffmanTable): number {
    let code = 0;
    for (let length = 1; length <= 16; length++) {
      code = (code << 1) | this.bit();
      if (code <= table.maxCode[length]!) return table.values[table.valuePointer[length]! + code - table.minCode[length]!] ?? fail('a Huffman code outside its table');
    }
    return fail('an invalid Huffman code');
  }

  /** Skips to the next RSTn marker after a restart interval. */
  restart(): void {
    this.count = 0;
    while (this.position + 1 < this.bytes.length && !(this.bytes[this.position] === 0xff && this.bytes[this.position + 1]! >= 0xd0 && this.bytes[this.position + 1]! <= 0xd7)) this.position++;
    this.position += 2;
  }
}

const extend = (value: number, length: number): number => (length === 0 ? 0 : value < 1 << (length - 1) ? value - (1 << length) + 1 : value);

function decodeBlock(reader: BitReader, component: Component, block: Float64Array): void {
  const size = reader.decode(component.dcTable!);
  component.predictor += extend(reader.receive(size), size);
  block.fill(0);
  block[0] = component.predictor;
  for (let index = 1; index < 64; ) {
    const symbol = reader.decode(component.acTable!);
    const run = symbol >>> 4;
    const length = symbol & 15;
    if (length === 0) {
      if (run !== 15) break;
      index += 16;
      continue;
    }
    index += run;
    if (index > 63) fail('AC coefficients past the end of a block');
    block[zigzag[index]!] = extend(reader.receive(length), length);
    index++;
  }
}

/** Decodes a 12-bit (or any precision up to 16) sequential Huffman DCT JPEG frame to little-endian 16-bit samples. */
export function decodeJpegDct12Bit(frame: CodecFrame): CodecOutput {
  const { bytes } = frame;
  const quantTables: Float64Array[] = [];
  const dcTables: HuffmanTable[] = [];
  const acTables: HuffmanTable[] = [];
  let components: Component[] = [];
  let precision = 0;
  let width = 0;
  let height = 0;
  let restartInterval = 0;
  let decodedScan = false;
  let offset = 2;
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) fail('a stream without SOI');
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) {
      offset++;
      continue;
    }
    const marker = bytes[offset + 1]!;
    if (marker === 0xd9) break;
    if (marker === 0xff || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x00) {
      offset++;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const start = offset + 4;
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) fail(`a segment of length ${length} past the end at byte ${offset}`);
    if (marker === 0xdb) {
      for (let position = start; position < end; ) {
        const sixteenBit = bytes[position]! >> 4;
        const table = new Float64Array(64);
        for (let index = 0; index < 64; index++) table[zigzag[index]!] = sixteenBit ? (bytes[position + 1 + 2 * index]! << 8) | bytes[position + 2 + 2 * index]! : bytes[position + 1 + index]!;
        quantTables[bytes[position]! & 15] = table;
        position += 1 + (sixteenBit ? 128 : 64);
      }
    } else if (marker === 0xc4) {
      for (let position = start; position + 17 <= end; ) {
        const counts = bytes.subarray(position + 1, position + 17);
        const total = counts.reduce((sum, count) => sum + count, 0);
        const table = buildHuffman(counts, bytes.slice(position + 17, position + 17 + total));
        (bytes[position]! >> 4 === 0 ? dcTables : acTables)[bytes[position]! & 15] = table;
        position += 17 + total;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      precision = bytes[start]!;
      height = (bytes[start + 1]! << 8) | bytes[start + 2]!;
      width = (bytes[start + 3]! << 8) | bytes[start + 4]!;
      const count = bytes[start + 5]!;
      components = Array.from({ length: count }, (_, index) => {
        const base = start + 6 + 3 * index;
        return { id: bytes[base]!, horizontal: bytes[base + 1]! >> 4, vertical: bytes[base + 1]! & 15, quantTable: bytes[base + 2]!, blocksPerLine: 0, blocksPerColumn: 0, coefficients: [], predictor: 0 };
      });
      if (width === 0 || height === 0 || count === 0 || components.some((component) => component.horizontal < 1 || component.vertical < 1)) fail('an invalid SOF header');
    } else if ((marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)) {
      fail(`SOF marker 0x${marker.toString(16)} (progressive, lossless or arithmetic coding)`);
    } else if (marker === 0xdd) {
      restartInterval = (bytes[start]! << 8) | bytes[start + 1]!;
    } else if (marker === 0xda) {
      offset = decodeScan(bytes, start, end, components, dcTables, acTables, restartInterval, width, height);
      decodedScan = true;
      continue;
    }
    offset = end;
  }
  if (!decodedScan || components.length === 0) fail('no frame header or scan');
  return { bytes: assembleSamples(components, quantTables, precision, width, height, frame), planar: false, rgb: false };
}

function decodeScan(bytes: Uint8Array, start: number, end: number, components: Component[], dcTables: HuffmanTable[], acTables: HuffmanTable[], restartInterval: number, width: number, height: number): number {
  const maxHorizontal = Math.max(...components.map((component) => component.horizontal));
  const maxVertical = Math.max(...components.map((component) => component.vertical));
  const mcusPerLine = Math.ceil(width / (8 * maxHorizontal));
  const mcusPerColumn = Math.ceil(height / (8 * maxVertical));
  for (const component of components) {
    component.blocksPerLine = mcusPerLine * component.horizontal;
    component.blocksPerColumn = mcusPerColumn * component.vertical;
    if (component.coefficients.length === 0) component.coefficients = Array.from({ length: component.blocksPerLine * component.blocksPerColumn }, () => new Float64Array(64));
  }
  const scanComponents = Array.from({ length: bytes[start]! }, (_, index) => {
    const component = components.find((candidate) => candidate.id === bytes[start + 1 + 2 * index]) ?? fail('a scan naming an unknown component');
    component.dcTable = dcTables[bytes[start + 2 + 2 * index]! >> 4] ?? fail('a missing DC Huffman table');
    component.acTable = acTables[bytes[start + 2 + 2 * index]! & 15] ?? fail('a missing AC Huffman table');
    component.predictor = 0;
    return component;
  });
  const reader = new BitReader(bytes, end);
  const single = scanComponents.length === 1;
  const first = scanComponents[0]!;
  // A single-component scan is not interleaved: it covers only that component's own blocks (T.81 A.2.2).
  const unitsPerLine = single ? Math.ceil(Math.ceil((width * first.horizontal) / maxHorizontal) / 8) : mcusPerLine;
  const unitsPerColumn = single ? Math.ceil(Math.ceil((height * first.vertical) / maxVertical) / 8) : mcusPerColumn;
  const total = unitsPerLine * unitsPerColumn;
  for (let unit = 0; unit < total; unit++) {
    if (restartInterval > 0 && unit > 0 && unit % restartInterval === 0) {
      reader.restart();
      for (const component of scanComponents) component.predictor = 0;
    }
    const row = Math.floor(unit / unitsPerLine);
    const column = unit % unitsPerLine;
    if (single) {
      decodeBlock(reader, first, first.coefficients[row * first.blocksPerLine + column]!);
      continue;
    }
    for (const component of scanComponents) {
      for (let vertical = 0; vertical < component.vertical; vertical++) {
        for (let horizontal = 0; horizontal < component.horizontal; horizontal++) {
          const blockRow = row * component.vertical + vertical;
          const blockColumn = column * component.horizontal + horizontal;
          decodeBlock(reader, component, component.coefficients[blockRow * component.blocksPerLine + blockColumn]!);
        }
      }
    }
  }
  return reader.position;
}

function assembleSamples(components: Component[], quantTables: Float64Array[], precision: number, width: number, height: number, frame: CodecFrame): Uint8Array {
  if (width !== frame.columns || height !== frame.rows || components.length !== frame.samplesPerPixel) {
    fail(`a ${width}x${height} image with ${components.length} component(s) where the header declares ${frame.columns}x${frame.rows} with ${frame.samplesPerPixel}`);
  }
  const maxHorizontal = Math.max(...components.map((component) => component.horizontal));
  const maxVertical = Math.max(...components.map((component) => component.vertical));
  const maximum = 2 ** precision - 1;
  const shift = 2 ** (precision - 1);
  const output = new Uint8Array(width * height * components.length * 2);
  const view = new DataView(output.buffer);
  const temporary = new Float64Array(64);
  const samples = new Float64Array(64);
  components.forEach((component, componentIndex) => {
    const quant = quantTables[component.quantTable] ?? fail('a missing quantisation table');
    const planeWidth = component.blocksPerLine * 8;
    const plane = new Int32Array(planeWidth * component.blocksPerColumn * 8);
    component.coefficients.forEach((block, blockIndex) => {
      for (let index = 0; index < 64; index++) block[index] = block[index]! * quant[index]!;
      // Separable inverse DCT: rows, then columns (T.81 A.3.3).
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          let sum = 0;
          for (let u = 0; u < 8; u++) sum += cosines[x * 8 + u]! * block[y * 8 + u]!;
          temporary[y * 8 + x] = sum;
        }
      }
      for (let x = 0; x < 8; x++) {
        for (let y = 0; y < 8; y++) {
          let sum = 0;
          for (let v = 0; v < 8; v++) sum += cosines[y * 8 + v]! * temporary[v * 8 + x]!;
          samples[y * 8 + x] = sum;
        }
      }
      const blockRow = Math.floor(blockIndex / component.blocksPerLine);
      const blockColumn = blockIndex % component.blocksPerLine;
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) plane[(blockRow * 8 + y) * planeWidth + blockColumn * 8 + x] = Math.min(maximum, Math.max(0, Math.round(samples[y * 8 + x]! + shift)));
      }
    });
    const horizontalScale = component.horizontal / maxHorizontal;
    const verticalScale = component.vertical / maxVertical;
    for (let y = 0; y < height; y++) {
      const sourceRow = Math.floor(y * verticalScale) * planeWidth;
      for (let x = 0; x < width; x++) view.setUint16(2 * ((y * width + x) * components.length + componentIndex), plane[sourceRow + Math.floor(x * horizontalScale)]!, true);
    }
  });
  if (frame.bitsAllocated === 8) return Uint8Array.from({ length: width * height * components.length }, (_, index) => view.getUint16(2 * index, true));
  return output;
}
