// C0 controls except TAB and LF, DEL, C1 controls, and the Unicode bidi controls that reorder what follows.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Shows control characters from the stream as visible escapes (`\x1b`, `\u202e`) so text cannot move
 * the cursor, retitle the window, write the clipboard (OSC 52) or reorder the line. TAB and LF stay.
 * Escaping each character on its own makes it safe however a sequence is split across deltas.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether a text holds anything `escapeControls` would change. */
export function hasControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
