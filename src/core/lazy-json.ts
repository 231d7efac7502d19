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

import { ByteString } from './byte-string.js';
import { MAX_JSON_DEPTH } from './json-depth.js';
import { createSource, isPrintableAscii, type Source } from './json-source.js';

/** Payloads at least this long take the cheap path; below it one `JSON.parse` of the whole is fastest. */
export const LAZY_MIN_PAYLOAD = 64 * 1024;

/** Strings at least this long (in bytes) are lifted out of the skeleton. */
export const LONG_STRING = 4096;

/**
 * Which lifted strings stay bytes ({@link ByteString}): those of at least `min` characters under a key in `keys`
 * of the payload's own object, or under a key in `nested.get(K)` of the object at its key K (`item.result`).
 */
export interface ByteStringKeys {
  readonly keys: ReadonlySet<string>;
  readonly min: number;
  readonly nested?: ReadonlyMap<string, ReadonlySet<string>>;
}

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
 * read is the same, but `bytes` must stay untouched until then. Lifted strings named by `byteStrings` are left
 * as a {@link ByteString} of views of `bytes` (the same characters; the caller reads them as bytes), which
 * likewise keeps `bytes` alive and asks that they stay untouched.
 */
export function parseLargeJson(
  bytes: Uint8Array | readonly Uint8Array[],
  decodeUtf8: (bytes: Uint8Array) => string,
  decodeAscii: AsciiDecoder = decodeAsciiFallback,
  longString: number = LONG_STRING,
  deferKeys: ReadonlySet<string> = NO_KEYS,
  byteStrings: ByteStringKeys | null = null,
): unknown {
  const source = createSource(bytes);
  const scanner = new Scanner(source, Math.max(1, longString));
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
  return restore(value, source, lifted, decodeAscii, deferKeys, byteStrings) ? value : UNCERTAIN;
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
function restore(
  root: unknown,
  source: Source,
  lifted: readonly number[],
  decodeAscii: AsciiDecoder,
  deferKeys: ReadonlySet<string>,
  byteStrings: ByteStringKeys | null,
): boolean {
  if (typeof root === 'string') {
    // The whole payload is one long string: not an event, and rare enough for the full path.
    return false;
  }
  const seen = new Uint8Array(lifted.length / 2);
  // The objects whose fields may stay bytes, and which: the event itself, and the objects at its `nested` keys.
  const byteTargets = byteStrings === null ? null : bytesTargetsOf(root, byteStrings);
  // An explicit stack: payloads nest as deep as they like, the call stack does not. Too deep is for the
  // full path to report (nesting-too-deep).
  const stack: unknown[] = [root];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop();
    const depth = depths.pop() as number;
    if (depth > MAX_JSON_DEPTH) return false;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'string') {
          const index = placeholderIndex(item, seen);
          if (index === -2) return false;
          if (index >= 0) putLifted(node, String(i), index, lifted, source, decodeAscii, deferKeys);
        } else if (item !== null && typeof item === 'object') {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
    } else if (node !== null && typeof node === 'object') {
      const object = node as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        if (key.length > 0 && key.charCodeAt(0) === 0) return false;
        const item = object[key];
        if (typeof item === 'string') {
          const index = placeholderIndex(item, seen);
          if (index === -2) return false;
          if (index < 0) continue;
          // Only the fields a family named stay bytes: its decoder reads them, and nothing else does.
          if (byteTargets !== null && byteStrings !== null && byteTargets.get(node)?.has(key) === true && putBytes(object, key, index, lifted, source, byteStrings.min)) continue;
          putLifted(object, key, index, lifted, source, decodeAscii, deferKeys);
        } else if (item !== null && typeof item === 'object') {
          stack.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return true;
}

/**
 * The lifted string a placeholder stands for, marked as seen; -1 when `value` is no placeholder, -2 when it
 * is one that cannot be right (not ours, or a second time).
 */
function placeholderIndex(value: string, seen: Uint8Array): number {
  if (value.length < 2 || value.charCodeAt(0) !== 0) return -1;
  const digits = value.slice(1);
  if (!/^(0|[1-9]\d*)$/.test(digits)) return -2;
  const index = Number(digits);
  if (index >= seen.length || seen[index] === 1) return -2;
  seen[index] = 1;
  return index;
}

/** Puts lifted string `index` at `key`: decoded now, or on first read when `key` is deferred. */
function putLifted(target: object, key: string, index: number, lifted: readonly number[], source: Source, decodeAscii: AsciiDecoder, deferKeys: ReadonlySet<string>): void {
  const start = lifted[2 * index] as number;
  const end = lifted[2 * index + 1] as number;
  if (deferKeys.has(key)) defer(target, key, source, start, end, decodeAscii);
  else settle(target, key, decodeAscii(source.view(start, end)));
}

function bytesTargetsOf(root: unknown, byteStrings: ByteStringKeys): Map<unknown, ReadonlySet<string>> {
  const targets = new Map<unknown, ReadonlySet<string>>([[root, byteStrings.keys]]);
  if (byteStrings.nested === undefined || root === null || typeof root !== 'object' || Array.isArray(root)) return targets;
  for (const [key, keys] of byteStrings.nested) {
    const child = (root as Record<string, unknown>)[key];
    if (child !== null && typeof child === 'object' && !Array.isArray(child)) targets.set(child, keys);
  }
  return targets;
}

/** Puts lifted string `index` at `key` as a {@link ByteString} when it has at least `min` characters; false when shorter. */
function putBytes(target: object, key: string, index: number, lifted: readonly number[], source: Source, min: number): boolean {
  const start = lifted[2 * index] as number;
  const end = lifted[2 * index + 1] as number;
  if (end - start < min) return false;
  settle(target, key, new ByteString(source.slices(start, end), end - start));
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
function defer(target: object, key: string, source: Source, start: number, end: number, decodeAscii: AsciiDecoder): void {
  Object.defineProperty(target, key, {
    get() {
      const value = decodeAscii(source.view(start, end));
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

/** Whether the backslash at `at` starts `\u0000`. */
function isNulEscape(source: Source, at: number): boolean {
  if (at + 5 >= source.length) return false;
  for (let i = 2; i <= 5; i++) if (source.at(at + i) !== ZERO) return false;
  return true;
}

/** Finds where JSON strings end, and whether a long one is plain. */
class Scanner {
  /** Whether the last string scanned is long and plain: printable ASCII with no escape. */
  plain = true;
  // The next backslash at or after the last search; -2: not searched yet, -1: none left. Kept across
  // strings, so the payload is searched for backslashes once in all (on a Node buffer, indexOf is memchr).
  private nextBackslash = -2;

  constructor(
    private readonly source: Source,
    private readonly longString: number,
  ) {}

  /** The index of the quote that ends the string whose content starts at `from`; -1 when it never ends or holds `\u0000`. */
  stringEnd(from: number): number {
    const source = this.source;
    const n = source.length;
    let close = source.indexOf(QUOTE, from);
    if (close === -1) return -1;
    if (this.nextBackslash !== -1 && this.nextBackslash < from) this.nextBackslash = source.indexOf(BACKSLASH, from);
    if (this.nextBackslash === -1 || this.nextBackslash > close) {
      this.plain = close - from >= this.longString && source.isPrintableAscii(from, close);
      return close;
    }
    // Escapes: hop from backslash to backslash (memchr on a Node buffer, not a byte loop), each escaping the
    // byte after it, to the first quote no backslash escapes. A \u0000 could pose as a placeholder: give up.
    this.plain = false;
    let at = this.nextBackslash;
    for (;;) {
      if (source.at(at + 1) === LOWER_U && isNulEscape(source, at)) return -1;
      const after = at + 2;
      if (close < after) {
        close = after < n ? source.indexOf(QUOTE, after) : -1;
        if (close === -1) return -1;
      }
      this.nextBackslash = after < n ? source.indexOf(BACKSLASH, after) : -1;
      if (this.nextBackslash === -1 || this.nextBackslash > close) return close;
      at = this.nextBackslash;
    }
  }
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

