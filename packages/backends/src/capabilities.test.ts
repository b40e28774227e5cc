import { describe, expect, it } from 'vitest';
import { BACKEND_CAPABILITIES } from './capabilities';

describe('BACKEND_CAPABILITIES', () => {
  it('should list each backend once, with the cpu backend able to train everywhere', () => {
    const names = BACKEND_CAPABILITIES.map((entry) => entry.name);
    const cpu = BACKEND_CAPABILITIES.find((entry) => entry.name === 'cpu');
    expect([new Set(names).size, names.length, cpu?.training, cpu?.environments]).toEqual([5, 5, true, ['node', 'browser']]);
  });
});
