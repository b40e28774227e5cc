import { describe, expect, it } from 'vitest';
import { describeFiles } from './describe-files';

describe('describeFiles', () => {
  it('should count DICOM files', () => {
    expect(describeFiles([true, false, true])).toBe('2 of 3 files are DICOM.');
  });
});
