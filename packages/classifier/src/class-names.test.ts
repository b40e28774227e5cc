import { describe, expect, it } from 'vitest';
import { DEFAULT_CLASS_NAMES } from './class-names';

describe('DEFAULT_CLASS_NAMES', () => {
  it('should put tuberculosis first and metastasis second', () => {
    expect([...DEFAULT_CLASS_NAMES]).toEqual(['STB', 'SM']);
  });
});
