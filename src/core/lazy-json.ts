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

const fallbackAscii = new TextDecoder('utf-8');

/** The default {@link AsciiDecoder}: a TextDecoder (any decoder agrees on printable ASCII). */
export const decodeAsciiFallback: AsciiDecoder = (bytes) => fallbackAscii.decode(bytes);

/**
 * Parses a JSON payload as `JSON.parse(decodeUtf8(bytes))` would, lifting long plain strings out first;
 * returns `UNCERTAIN` (never throws) whenever the full path is needed to be sure, including invalid input.
 * `decodeUtf8` must throw on invalid UTF-8, as the full path's strict decoder does.
 */
export function parseLargeJson(
  bytes: Uint8Array,
  decodeUtf8: (bytes: Uint8Array) => string,
  decodeAscii: AsciiDecoder = decodeAsciiFallback,
  longString: number = LONG_STRING,
): unknown {
  const scanner = createScanner(bytes, Math.max(1, longString));
  // Content ranges [start, end) of the lifted strings, flattened.
  const lifted: number[] = [];
  const n = bytes.length;
  let pos = 0;
  for (;;) {
    const open = bytes.indexOf(QUOTE, pos);
    if (open === -1) break;
    const close = scanner.stringEnd(open + 1);
    if (close < 0) return UNCERTAIN;
    // Values only: a key stays in the skeleton, where JSON.parse needs it.
    if (scanner.plain && !isKey(bytes, close + 1)) lifted.push(open + 1, close);
    pos = close + 1;
    if (pos >= n) break;
  }
  if (lifted.length === 0) return UNCERTAIN;

  const skeleton = buildSkeleton(bytes, lifted);
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8(skeleton));
  } catch {
    return UNCERTAIN;
  }
  return restore(value, bytes, lifted, decodeAscii) ? value : UNCERTAIN;
}

/** The payload with each lifted string's content replaced by its placeholder: NUL (as `\u0000`) and its index. */
function buildSkeleton(bytes: Uint8Array, lifted: readonly number[]): Uint8Array {
  const count = lifted.length / 2;
  let length = bytes.length;
  for (let k = 0; k < count; k++) length += placeholderLength(k) - ((lifted[2 * k + 1] as number) - (lifted[2 * k] as number));
  const out = new Uint8Array(length);
  let from = 0;
  let at = 0;
  for (let k = 0; k < count; k++) {
    const start = lifted[2 * k] as number;
    out.set(bytes.subarray(from, start), at);
    at += start - from;
    const text = `\\u0000${k}`;
    for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
    from = lifted[2 * k + 1] as number;
  }
  out.set(bytes.subarray(from), at);
  return out;
}

function placeholderLength(index: number): number {
  return 6 + String(index).length;
}

/**
 * Puts every lifted string back where its placeholder landed; false when a placeholder is not one of
 * ours or shows up twice. One may be missing: a later duplicate key replaced it, as JSON.parse does.
 */
function restore(root: unknown, bytes: Uint8Array, lifted: readonly number[], decodeAscii: AsciiDecoder): boolean {
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
  const text = (index: number): string => decodeAscii(bytes.subarray(lifted[2 * index] as number, lifted[2 * index + 1] as number));
  // Defined, not assigned: `__proto__` is an own data property after JSON.parse, and an assignment would set the prototype.
  const put = (target: object, key: string, index: number): void => {
    Object.defineProperty(target, key, { value: text(index), writable: true, enumerable: true, configurable: true });
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

/** Finds where JSON strings end, and whether a long one is plain. */
interface Scanner {
  /** The index of the quote that ends the string whose content starts at `from`; -1 when it never ends or holds `\u0000`. */
  stringEnd(from: number): number;
  /** Whether the last string scanned is long and plain: printable ASCII with no escape. */
  readonly plain: boolean;
}

function createScanner(bytes: Uint8Array, longString: number): Scanner {
  const n = bytes.length;
  // The next backslash at or after the last search; -2: not searched yet, -1: none left. Reused across
  // strings, so the payload is searched for backslashes once in all (on a Node buffer, indexOf is memchr).
  let nextBackslash = -2;
  let plain = true;

  return {
    stringEnd(from) {
      const close = bytes.indexOf(QUOTE, from);
      if (close === -1) return -1;
      if (nextBackslash !== -1 && nextBackslash < from) nextBackslash = bytes.indexOf(BACKSLASH, from);
      if (nextBackslash === -1 || nextBackslash > close) {
        plain = close - from >= longString && isPrintableAscii(bytes, from, close);
        return close;
      }
      // Escapes: walk to the quote no backslash escapes.
      plain = false;
      for (let i = nextBackslash; i < n; i++) {
        const c = bytes[i] as number;
        if (c === QUOTE) return i;
        if (c === BACKSLASH) {
          // A \u0000 in the text could pose as a placeholder: leave such payloads to the full path.
          if (bytes[i + 1] === 0x75 && bytes[i + 2] === 0x30 && bytes[i + 3] === 0x30 && bytes[i + 4] === 0x30 && bytes[i + 5] === 0x30) return -1;
          i++;
        }
      }
      return -1;
    },
    get plain() {
      return plain;
    },
  };
}

/** Whether the string that ended just before `from` is an object key: a colon follows it. */
function isKey(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i];
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
