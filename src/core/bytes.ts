/** Byte-range helpers of the framer's parts: lines are (bytes, start, end) ranges, never copied to look at them. */

export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const TAB = 0x09;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;

/** Text decoders of the framer: names and status lines as latin1, messages as UTF-8. */
export const latin1 = new TextDecoder('latin1');
export const utf8 = new TextDecoder('utf-8');

/** Whether a byte is JSON and SSE whitespace (space, tab, LF, CR). */
export function isWhitespace(c: number | undefined): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** The index of the first byte in [start, end) that is not whitespace, or -1. */
export function firstNonWhitespace(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (!isWhitespace(buf[i])) return i;
  return -1;
}

/** The index of the last byte in [start, end) that is not whitespace, or -1. */
export function lastNonWhitespace(buf: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (!isWhitespace(buf[i])) return i;
  return -1;
}

/** Copies `parts` one after another into `out`, as much as fits. */
export function concat(parts: readonly Uint8Array[], out: Uint8Array): Uint8Array {
  let at = 0;
  for (const part of parts) {
    if (at >= out.length) break;
    const piece = at + part.length > out.length ? part.subarray(0, out.length - at) : part;
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/** `bytes` with one more byte after them. */
export function withByte(bytes: Uint8Array, byte: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = byte;
  return out;
}

/** Whether a line's first bytes are a UTF-8 BOM and whitespace only. */
export function isBomOnly(head: Uint8Array): boolean {
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf && firstNonWhitespace(head, 3, head.length) === -1;
}

/** The pieces without their first `count` bytes. */
export function dropPrefix(pieces: readonly Uint8Array[], count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let skip = count;
  for (const piece of pieces) {
    if (skip >= piece.length) {
      skip -= piece.length;
      continue;
    }
    out.push(skip > 0 ? piece.subarray(skip) : piece);
    skip = 0;
  }
  return out;
}

/** The last byte that is not whitespace, across pieces; -1 when there is none. */
export function lastByte(pieces: readonly Uint8Array[]): number {
  for (let k = pieces.length - 1; k >= 0; k--) {
    const piece = pieces[k] as Uint8Array;
    const last = lastNonWhitespace(piece, 0, piece.length);
    if (last !== -1) return piece[last] as number;
  }
  return -1;
}

/** The pieces joined with LF between them (SSE's multi-line data), in a buffer from `allocate`. */
export function joinWithLf(parts: readonly Uint8Array[], allocate: (length: number) => Uint8Array): Uint8Array {
  let length = parts.length - 1;
  for (const part of parts) length += part.length;
  const out = allocate(length);
  let at = 0;
  parts.forEach((part, index) => {
    if (index > 0) out[at++] = LF;
    out.set(part, at);
    at += part.length;
  });
  return out;
}
