import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ShapeError, SpineDxError } from './errors';

describe('SpineDxError', () => {
  it('should carry its code, name and cause', () => {
    const cause = new Error('inner');
    const error = new SpineDxError('outer', { code: 'SOMETHING', cause });
    expect([error.code, error.name, error.cause, error instanceof Error]).toEqual(['SOMETHING', 'SpineDxError', cause, true]);
  });

  it('should be recognised by isInstance through subclasses and not for plain errors', () => {
    expect([
      SpineDxError.isInstance(new ShapeError('x')),
      SpineDxError.isInstance(new InvalidArgumentError('x')),
      SpineDxError.isInstance(new Error('x')),
      SpineDxError.isInstance({ code: 'FAKE' }),
    ]).toEqual([true, true, false, false]);
  });

  it('should default subclass codes', () => {
    expect([new ShapeError('a').code, new InvalidArgumentError('b').code, new InvalidArgumentError('c', { code: 'X' }).code]).toEqual([
      'SHAPE_MISMATCH',
      'INVALID_ARGUMENT',
      'X',
    ]);
  });
});
