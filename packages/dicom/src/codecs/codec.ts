/** What a codec is told about the frame it decodes. */
export interface CodecFrame {
  /** The compressed bytes of one frame. */
  bytes: Uint8Array;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
}

/** A codec's result: little-endian samples of BitsAllocated bits. */
export interface CodecOutput {
  bytes: Uint8Array;
  /** True when colour samples come out planar (RRR..GGG..BBB) and still need interleaving. */
  planar: boolean;
  /** True when the codec already turned YCbCr into RGB (JPEG DCT, JPEG 2000 multi-component transform). */
  rgb: boolean;
}

/** Options for decoding compressed frames. */
export interface DecodeOptions {
  /**
   * Maps a codec's `.wasm` file name (e.g. `'charlswasm_decode.wasm'`) to the URL it is served from. Not needed
   * in Node; in a browser bundle pass the URLs your bundler emits (see the README for Vite).
   */
  locateWasm?: (fileName: string) => string;
}
