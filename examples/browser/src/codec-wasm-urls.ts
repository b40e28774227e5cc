import charls from '@cornerstonejs/codec-charls/decodewasm?url';
import libjpeg from '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm?url';
import openjpeg from '@cornerstonejs/codec-openjpeg/decodewasm?url';
import openjph from '@cornerstonejs/codec-openjph/wasm?url';
import type { DecodeOptions } from '@spinedx/dicom';

// The codecs' .wasm files, emitted by Vite with the app's own assets (served from this origin, never a CDN).
const urls: Readonly<Record<string, string>> = {
  'charlswasm_decode.wasm': charls,
  'libjpegturbowasm_decode.wasm': libjpeg,
  'openjpegwasm_decode.wasm': openjpeg,
  'openjphjs.wasm': openjph,
};

/** Decode options that point @spinedx/dicom's JPEG-LS, JPEG and JPEG 2000 / HTJ2K codecs at the bundled .wasm files. */
export const BROWSER_DECODE_OPTIONS: DecodeOptions = { locateWasm: (fileName) => urls[fileName] ?? fileName };
