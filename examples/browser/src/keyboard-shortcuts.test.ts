import { describe, expect, it } from 'vitest';
import { shortcutFor } from './keyboard-shortcuts';

const key = (name: string, modifiers: { ctrlKey?: boolean } = {}) => ({ key: name, ctrlKey: false, metaKey: false, altKey: false, ...modifiers });

describe('shortcutFor', () => {
  it.each([
    ['ArrowDown', { kind: 'slice', step: 1 }],
    ['k', { kind: 'slice', step: -1 }],
    ['PageDown', { kind: 'slice', step: 5 }],
    ['End', { kind: 'last-slice' }],
    ['+', { kind: 'zoom', factor: 1.25 }],
    ['3', { kind: 'preset', index: 2 }],
    ['O', { kind: 'toggle-overlay' }],
  ])('should map %s to its action', (name, action) => {
    expect(shortcutFor(key(name))).toEqual(action);
  });

  it('should leave browser shortcuts (Ctrl held) and other keys alone', () => {
    expect([shortcutFor(key('+', { ctrlKey: true })), shortcutFor(key('x'))]).toEqual([undefined, undefined]);
  });
});
