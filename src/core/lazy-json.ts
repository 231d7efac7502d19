/**
 * The cheap path for large payloads. An image event is one or two megabytes of base64 in a single JSON
 * string, with a few hundred bytes of structure around it. Decoding all of it to UTF-16 and running
 * `JSON.parse` over it costs more than everything else respcat does with the event. Here the long strings
 * are found on the bytes, lifted out, and only the small rest ("the skeleton") goes through `JSON.parse`;
 * each long string is then put back, read straight from the bytes.
 *
 * The result must be exactly what `JSON.parse(utf8(bytes))` gives, so a string is lifted only when that
 * is certain: no backslash (no escapes), nothing below 0x20 (JSON forbids raw control characters) and
 * nothing above 0x7F (plain ASCII, so bytes and characters are one to one). Anything else stays in the
 * skeleton, and any doubt at all (a skeleton that does not decode or parse, a `\u0000` escape that could
 * pose as a placeholder) answers `UNCERTAIN`: the caller then takes the full path, which also produces
 * the exact diagnostics.
 */

/** Payloads at least this long take the cheap path; below it one `JSON.parse` of the whole is fastest. */
export const LAZY_MIN_PAYLOAD = 64 * 1024;

/** Strings at least this long (in bytes) are lifted out of the skeleton. */
export const LONG_STRING = 4096;

/** The answer of {@link parseLargeJson} when only the full path can tell. */
export const UNCERTAIN: unique symbol = Symbol('uncertain');

/** Turns bytes that are all printable ASCII into a string (hosts may pass a faster one than TextDecoder). */
export type AsciiDecoder = (bytes: Uint8Array) => string;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;
const ZERO = 0x30;

const fallbackAscii = new TextDecoder('utf-8');

/** The default {@link AsciiDecoder}: a TextDecoder (any decoder agrees on printable ASCII). */
export const decodeAsciiFallback: AsciiDecoder = (bytes) => fallbackAscii.decode(bytes);

/**
 * Parses a JSON payload as `JSON.parse(decodeUtf8(bytes))` would, lifting long plain strings out first;
 * returns `UNCERTAIN` (never throws) whenever the full path is needed to be sure, including invalid input.
 * `bytes` may be the payload's pieces as they arrived (a line split across chunks): they are never joined,
 * only the skeleton and each lifted string are copied out. `decodeUtf8` must throw on invalid UTF-8, as
 * the full path's strict decoder does. Lifted strings under a key in `deferKeys` are decoded only when
 * read (a terminal response repeats every image `result`, which a replay does not need again); the value
 * read is the same, but `bytes` must stay untouched until then.
 */
export function parseLargeJson(
  bytes: Uint8Array | readonly Uint8Array[],
  decodeUtf8: (bytes: Uint8Array) => string,
  decodeAscii: AsciiDecoder = decodeAsciiFallback,
  longString: number = LONG_STRING,
  deferKeys: ReadonlySet<string> = NO_KEYS,
): unknown {
  const source = createSource(bytes);
  const scanner = createScanner(source, Math.max(1, longString));
  // Content ranges [start, end) of the lifted strings, flattened.
  const lifted: number[] = [];
  const n = source.length;
  let pos = 0;
  for (;;) {
    const open = source.indexOf(QUOTE, pos);
    if (open === -1) break;
    const close = scanner.stringEnd(open + 1);
    if (close < 0) return UNCERTAIN;
    // Values only: a key stays in the skeleton, where JSON.parse needs it.
    if (scanner.plain && !isKey(source, close + 1)) lifted.push(open + 1, close);
    pos = close + 1;
    if (pos >= n) break;
  }
  if (lifted.length === 0) return UNCERTAIN;

  const skeleton = buildSkeleton(source, lifted);
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(skeleton));
  } catch {
    return UNCERTAIN;
  }
  return restore(value, source, lifted, decodeAscii, deferKeys) ? value : UNCERTAIN;
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** The payload with each lifted string's content replaced by its placeholder: NUL (as `\u0000`) and its index. */
function buildSkeleton(source: Source, lifted: readonly number[]): Uint8Array {
  const count = lifted.length / 2;
  let length = source.length;
  for (let k = 0; k < count; k++) length += placeholderLength(k) - ((lifted[2 * k + 1] as number) - (lifted[2 * k] as number));
  const out = new Uint8Array(length);
  let from = 0;
  let at = 0;
  for (let k = 0; k < count; k++) {
    const start = lifted[2 * k] as number;
    source.copy(out, at, from, start);
    at += start - from;
    const text = `\\u0000${k}`;
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    from = lifted[2 * k + 1] as number;
  }
  source.copy(out, at, from, source.length);
  return out;
}

function placeholderLength(index: number): number {
  return 6 + String(index).length;
}

/**
 * Puts every lifted string back where its placeholder landed; false when a placeholder is not one of
 * ours or shows up twice. One may be missing: a later duplicate key replaced it, as JSON.parse does.
 */
function restore(root: unknown, source: Source, lifted: readonly number[], decodeAscii: AsciiDecoder, deferKeys: ReadonlySet<string>): boolean {
  const count = lifted.length / 2;
  const seen = new Uint8Array(count);
  // The string a placeholder stands for, or -1 when `value` is none; -2 when it is one that cannot be right.
  const placeholder = (value: string): number => {
    if (value.length < 2 || value.charCodeAt(0) !== 0) return -1;
    const digits = value.slice(1);
    if (!/^(0|[1-9]\d*)$/.test(digits)) return -2;
    const index = Number(digits);
    if (index >= count || seen[index] === 1) return -2;
    seen[index] = 1;
    return index;
  };
  const text = (index: number): string => decodeAscii(source.view(lifted[2 * index] as number, lifted[2 * index + 1] as number));
  // Defined, not assigned: `__proto__` is an own data property after JSON.parse, and an assignment would set the prototype.
  const put = (target: object, key: string, index: number): void => {
    if (deferKeys.has(key)) defer(target, key, () => text(index));
    else settle(target, key, text(index));
  };

  if (typeof root === 'string') {
    // The whole payload is one long string: not an event, and rare enough for the full path.
    return false;
  }
  // An explicit stack: payloads nest as deep as they like, the call stack does not.
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'string') {
          const index = placeholder(item);
          if (index === -2) return false;
          if (index >= 0) put(node, String(i), index);
        } else if (item !== null && typeof item === 'object') stack.push(item);
      }
    } else if (node !== null && typeof node === 'object') {
      const object = node as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        if (key.length > 0 && key.charCodeAt(0) === 0) return false;
        const item = object[key];
        if (typeof item === 'string') {
          const index = placeholder(item);
          if (index === -2) return false;
          if (index >= 0) put(object, key, index);
        } else if (item !== null && typeof item === 'object') stack.push(item);
      }
    }
  }
  return true;
}

/** Makes `key` an ordinary data property holding `value`, where it already stands in the key order. */
function settle(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * A property whose string is decoded when first read (or dropped when first written), then becomes an
 * ordinary data property. Until then it keeps the payload's bytes alive, which is why only callers whose
 * chunks stay untouched ask for it (see the processor's `deferResults`).
 */
function defer(target: object, key: string, decode: () => string): void {
  Object.defineProperty(target, key, {
    get() {
      const value = decode();
      settle(target, key, value);
      return value;
    },
    set(value: unknown) {
      settle(target, key, value);
    },
    enumerable: true,
    configurable: true,
  });
}

/** The payload's bytes, one buffer or several pieces, addressed as one run. */
interface Source {
  readonly length: number;
  /** The index of `byte` at or after `from`, or -1 (on a Node buffer piece, indexOf is memchr). */
  indexOf(byte: number, from: number): number;
  at(index: number): number;
  isPrintableAscii(start: number, end: number): boolean;
  /** Copies [start, end) into `out` at `at`. */
  copy(out: Uint8Array, at: number, start: number, end: number): void;
  /** [start, end) as one view: a subarray when it sits in one piece, else a copy in a buffer reused from call to call. */
  view(start: number, end: number): Uint8Array;
}

function createSource(bytes: Uint8Array | readonly Uint8Array[]): Source {
  if (!Array.isArray(bytes)) return wholeSource(bytes as Uint8Array);
  const pieces = (bytes as readonly Uint8Array[]).filter((piece) => piece.length > 0);
  if (pieces.length === 1) return wholeSource(pieces[0] as Uint8Array);
  return piecesSource(pieces);
}

function wholeSource(bytes: Uint8Array): Source {
  return {
    length: bytes.length,
    indexOf: (byte, from) => bytes.indexOf(byte, from),
    at: (index) => bytes[index] as number,
    isPrintableAscii: (start, end) => isPrintableAscii(bytes, start, end),
    copy: (out, at, start, end) => out.set(bytes.subarray(start, end), at),
    view: (start, end) => bytes.subarray(start, end),
  };
}

function piecesSource(pieces: readonly Uint8Array[]): Source {
  const starts: number[] = [];
  let length = 0;
  for (const piece of pieces) {
    starts.push(length);
    length += piece.length;
  }
  let hint = 0;
  /** The piece holding `index` (searched from the last one found: access is mostly in order). */
  const pieceOf = (index: number): number => {
    let k = hint;
    if ((starts[k] as number) > index) k = 0;
    while (k + 1 < pieces.length && (starts[k + 1] as number) <= index) k++;
    hint = k;
    return k;
  };
  let scratch: Uint8Array | null = null;
  const source: Source = {
    length,
    indexOf(byte, from) {
      if (from >= length) return -1;
      for (let k = pieceOf(from); k < pieces.length; k++) {
        const start = starts[k] as number;
        const found = (pieces[k] as Uint8Array).indexOf(byte, Math.max(0, from - start));
        if (found !== -1) return start + found;
      }
      return -1;
    },
    at(index) {
      const k = pieceOf(index);
      return (pieces[k] as Uint8Array)[index - (starts[k] as number)] as number;
    },
    isPrintableAscii(start, end) {
      for (let k = pieceOf(start); k < pieces.length && (starts[k] as number) < end; k++) {
        const base = starts[k] as number;
        const piece = pieces[k] as Uint8Array;
        if (!isPrintableAscii(piece, Math.max(0, start - base), Math.min(piece.length, end - base))) return false;
      }
      return true;
    },
    copy(out, at, start, end) {
      for (let k = pieceOf(start); k < pieces.length && (starts[k] as number) < end; k++) {
        const base = starts[k] as number;
        const piece = (pieces[k] as Uint8Array).subarray(Math.max(0, start - base), Math.min((pieces[k] as Uint8Array).length, end - base));
        out.set(piece, at);
        at += piece.length;
      }
    },
    view(start, end) {
      const k = pieceOf(start);
      const base = starts[k] as number;
      const piece = pieces[k] as Uint8Array;
      if (end - base <= piece.length) return piece.subarray(start - base, end - base);
      if (scratch === null || scratch.length < end - start) scratch = new Uint8Array(end - start);
      source.copy(scratch, 0, start, end);
      return scratch.subarray(0, end - start);
    },
  };
  return source;
}

/** Finds where JSON strings end, and whether a long one is plain. */
interface Scanner {
  /** The index of the quote that ends the string whose content starts at `from`; -1 when it never ends or holds `\u0000`. */
  stringEnd(from: number): number;
  /** Whether the last string scanned is long and plain: printable ASCII with no escape. */
  readonly plain: boolean;
}

/** Whether the backslash at `at` starts `\u0000`. */
function isNulEscape(source: Source, at: number): boolean {
  if (at + 5 >= source.length) return false;
  for (let i = 2; i <= 5; i++) if (source.at(at + i) !== ZERO) return false;
  return true;
}

function createScanner(source: Source, longString: number): Scanner {
  const n = source.length;
  // The next backslash at or after the last search; -2: not searched yet, -1: none left. Reused across
  // strings, so the payload is searched for backslashes once in all (on a Node buffer, indexOf is memchr).
  let nextBackslash = -2;
  let plain = true;

  return {
    stringEnd(from) {
      let close = source.indexOf(QUOTE, from);
      if (close === -1) return -1;
      if (nextBackslash !== -1 && nextBackslash < from) nextBackslash = source.indexOf(BACKSLASH, from);
      if (nextBackslash === -1 || nextBackslash > close) {
        plain = close - from >= longString && source.isPrintableAscii(from, close);
        return close;
      }
      // Escapes: hop from backslash to backslash (memchr on a Node buffer, not a byte loop), each escaping the
      // byte after it, to the first quote no backslash escapes. A \u0000 could pose as a placeholder: give up.
      plain = false;
      let at = nextBackslash;
      for (;;) {
        if (source.at(at + 1) === LOWER_U && isNulEscape(source, at)) return -1;
        const after = at + 2;
        if (close < after) {
          close = after < n ? source.indexOf(QUOTE, after) : -1;
          if (close === -1) return -1;
        }
        nextBackslash = after < n ? source.indexOf(BACKSLASH, after) : -1;
        if (nextBackslash === -1 || nextBackslash > close) return close;
        at = nextBackslash;
      }
    },
    get plain() {
      return plain;
    },
  };
}

/** Whether the string that ended just before `from` is an object key: a colon follows it. */
function isKey(source: Source, from: number): boolean {
  for (let i = from; i < source.length; i++) {
    const c = source.at(i);
    if (c === 0x3a) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return false;
}

/** Whether every byte in [start, end) is printable ASCII (0x20–0x7F), checked a 4-byte word at a time. */
function isPrintableAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  // Bytes up to a word boundary of the underlying buffer, then whole words, then the tail.
  while (i < end && (bytes.byteOffset + i) % 4 !== 0) {
    const c = bytes[i++] as number;
    if (c < 0x20 || c > 0x7f) return false;
  }
  const count = Math.floor((end - i) / 4);
  if (count > 0) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, count);
    let flags = 0;
    // SWAR: a byte below 0x20 borrows into its top bit when 0x20 is subtracted; one above 0x7F has it set already.
    for (let w = 0; w < count; w++) {
      const word = words[w] as number;
      flags |= (word - 0x20202020) | word;
    }
    if ((flags & 0x80808080) !== 0) return false;
    i += count * 4;
  }
  while (i < end) {
    const c = bytes[i++] as number;
    if (c < 0x20 || c > 0x7f) return false;
  }
  return true;
}
