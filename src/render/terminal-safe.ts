// C0 controls except TAB and LF, DEL, C1 controls, and the Unicode bidi controls that reorder what follows.
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same, plus what starts or shapes a new line (TAB, LF, the Unicode line and paragraph separators).
const UNSAFE_IN_LINE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// What JSON.stringify leaves raw that a terminal acts on: DEL, C1 controls, bidi controls, line separators.
const UNSAFE_IN_JSON = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Shows control characters from the stream as visible escapes (`\x1b`, `\u202e`) so text cannot move
 * the cursor, retitle the window, write the clipboard (OSC 52) or reorder the line. TAB and LF stay.
 * Escaping each character on its own makes it safe however a sequence is split across deltas.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * Like `escapeControls`, for a string that sits inside one line of respcat's own (a label, a model
 * name, a file name, a message): TAB and LF are escaped too (`\x09`, `\x0a`), so a stream cannot start
 * a line that looks like respcat's. Escapes are printable, so escaping twice changes nothing more.
 */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, visible);
}

/**
 * JSON text with the characters JSON.stringify leaves raw but a terminal acts on (DEL, C1 controls such
 * as U+009B, bidi overrides such as U+202E, U+2028/U+2029) written as `\uXXXX`: the same JSON value.
 * They can only occur inside strings, where the escape means the same character.
 */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether a text holds anything `escapeControls` would change. */
export function hasControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
