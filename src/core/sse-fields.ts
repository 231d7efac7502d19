import { CLOSE_BRACE, CLOSE_BRACKET, COLON, firstNonWhitespace, lastByte, lastNonWhitespace, latin1, OPEN_BRACE, OPEN_BRACKET, SPACE } from './bytes.js';
import { opensJsonArray } from './json-array.js';

/** The SSE fields the framer knows (docs/spec.md §2); any other `name:` line is unrecognized. */
export type FieldName = 'data' | 'event' | 'id' | 'retry';

/** Whether `buf` holds `name` followed by a colon at `start`. */
function isField(buf: Uint8Array, start: number, end: number, name: string): boolean {
  const length = name.length;
  if (end - start <= length || buf[start + length] !== COLON) return false;
  for (let i = 1; i < length; i++) if (buf[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** The SSE field a line starts with (`data:` …), or null. */
export function fieldName(buf: Uint8Array, start: number, end: number): FieldName | null {
  switch (buf[start]) {
    case 0x64: // d
      return isField(buf, start, end, 'data') ? 'data' : null;
    case 0x65: // e
      return isField(buf, start, end, 'event') ? 'event' : null;
    case 0x69: // i
      return isField(buf, start, end, 'id') ? 'id' : null;
    case 0x72: // r
      return isField(buf, start, end, 'retry') ? 'retry' : null;
    default:
      return null;
  }
}

const DONE_MARKERS = ['[DONE]', 'DONE'];

/** Whether a `data:` value is the end-of-stream marker (`[DONE]`, or `DONE` as some servers send it). */
export function isDone(value: Uint8Array): boolean {
  return DONE_MARKERS.includes(latin1.decode(value).trim());
}

/** Whether a value starts like a JSON object/array and ends like one (a cheap test; decoding tells for sure). */
export function looksWhole(head: Uint8Array, headStart: number, headEnd: number, tail: Uint8Array, tailStart: number, tailEnd: number): boolean {
  const first = firstNonWhitespace(head, headStart, headEnd);
  const last = lastNonWhitespace(tail, tailStart, tailEnd);
  if (first === -1 || last === -1) return false;
  const open = head[first];
  const close = tail[last];
  return (open === OPEN_BRACE && close === CLOSE_BRACE) || (open === OPEN_BRACKET && close === CLOSE_BRACKET);
}

/**
 * Where the payload of a long line starts, told from its first bytes `head` (from `from`, past a first line's BOM)
 * and its last non-blank byte across `pieces`: a JSON line (`json`), or a `data:` line holding one whole JSON
 * object or array; null for any other line, and for what may open a streamed JSON array (`maybeArray`: no
 * event line yet), which the array framer reads.
 */
export function longPayloadStart(head: Uint8Array, from: number, pieces: readonly Uint8Array[], maybeArray: boolean): { valueStart: number; json: boolean } | null {
  const first = firstNonWhitespace(head, from, head.length);
  if (first === -1) return null;
  const c = head[first];
  if (c === OPEN_BRACKET && maybeArray && opensJsonArray(head, first, head.length)) return null;
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return { valueStart: from, json: true };
  if (first !== from || fieldName(head, from, head.length) !== 'data') return null;
  // SSE: the value after `data:`, minus one optional leading space.
  const valueStart = from + (head[from + 5] === SPACE ? 6 : 5);
  const open = firstNonWhitespace(head, valueStart, head.length);
  if (open === -1 || (head[open] !== OPEN_BRACE && head[open] !== OPEN_BRACKET)) return null;
  const close = lastByte(pieces);
  if ((head[open] === OPEN_BRACE && close !== CLOSE_BRACE) || (head[open] === OPEN_BRACKET && close !== CLOSE_BRACKET)) return null;
  return { valueStart, json: false };
}
