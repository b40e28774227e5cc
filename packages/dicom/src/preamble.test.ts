import { describe, expect, it } from 'vitest';
import { hasDicomPreamble } from './preamble';

describe('hasDicomPreamble', () => {
  it('should accept DICM at offset 128 and reject other bytes', () => {
    const bytes = new Uint8Array(132);
    bytes.set([0x44, 0x49, 0x43, 0x4d], 128);
    expect([hasDicomPreamble(bytes), hasDicomPreamble(new Uint8Array(132)), hasDicomPreamble(new Uint8Array(10))]).toEqual([true, false, false]);
  });
});
