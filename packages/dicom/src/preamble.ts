/** True when `bytes` start with the 128-byte preamble followed by `DICM` (PS3.10 section 7.1). */
export function hasDicomPreamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}
