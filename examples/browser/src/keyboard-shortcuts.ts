/** What a shortcut does. */
export type ShortcutAction =
  | { kind: 'slice'; step: number }
  | { kind: 'first-slice' }
  | { kind: 'last-slice' }
  | { kind: 'zoom'; factor: number }
  | { kind: 'zoom-fit' }
  | { kind: 'preset'; index: number }
  | { kind: 'toggle-overlay' }
  | { kind: 'predict' };

/** The shortcuts, as shown in the page's help list. */
export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: '↑ ↓ / J K / wheel', does: 'previous / next slice' },
  { keys: 'Page Up / Page Down', does: 'five slices back / forward' },
  { keys: 'Home / End', does: 'first / last slice' },
  { keys: '+ / − / 0', does: 'zoom in / out / fit' },
  { keys: '1 – 4', does: 'window presets' },
  { keys: 'O', does: 'show or hide the Grad-CAM overlay' },
  { keys: 'P', does: 'predict' },
];

/**
 * The action of a key press, or undefined when the key is not a shortcut (or a modifier other than Shift is
 * held, so browser shortcuts keep working).
 */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): ShortcutAction | undefined {
  if (event.ctrlKey || event.metaKey || event.altKey) return undefined;
  switch (event.key) {
    case 'ArrowUp':
    case 'k':
    case 'K':
      return { kind: 'slice', step: -1 };
    case 'ArrowDown':
    case 'j':
    case 'J':
      return { kind: 'slice', step: 1 };
    case 'PageUp':
      return { kind: 'slice', step: -5 };
    case 'PageDown':
      return { kind: 'slice', step: 5 };
    case 'Home':
      return { kind: 'first-slice' };
    case 'End':
      return { kind: 'last-slice' };
    case '+':
    case '=':
      return { kind: 'zoom', factor: 1.25 };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 0.8 };
    case '0':
      return { kind: 'zoom-fit' };
    case '1':
    case '2':
    case '3':
    case '4':
      return { kind: 'preset', index: Number(event.key) - 1 };
    case 'o':
    case 'O':
      return { kind: 'toggle-overlay' };
    case 'p':
    case 'P':
      return { kind: 'predict' };
    default:
      return undefined;
  }
}

/** True when a key press belongs to a text field, a select or a slider, whose own keys must win. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'file'].includes(target.type);
}
