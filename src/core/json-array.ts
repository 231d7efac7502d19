import { defineGetters } from './getters.js';
import { createDiagnostic, quote, type Diagnostic, type Position } from './diagnostics.js';
import { CLOSE_BRACE, CLOSE_BRACKET, isWhitespace, joinWithLf, OPEN_BRACE, OPEN_BRACKET, utf8 } from './bytes.js';

/**
 * The streamed JSON array framing (docs/spec.md §2): a body that is one JSON array whose elements are the
 * events, as Gemini's `streamGenerateContent` sends without `alt=sse` (`[{…},\r\n{…}]`, compact or
 * pretty-printed). The line framer hands it the body's lines; elements are found by their brackets, outside
 * strings, so where lines and chunks break does not matter.
 */
export interface ArrayFramer {
  /**
   * One line of the body: bytes [start, end) of `buf`, the line starting at `at`. `length` is the whole
   * line's (more than end - start when the framer kept only its first bytes: the element is over the limit).
   */
  line(buf: Uint8Array, start: number, end: number, at: Position, length: number): void;
  /** The input ended. */
  end(): void;
  /** Elements found so far (inspect's framing summary counts them). */
  readonly elements: number;
}

/** What the array framer reports: an element as a payload (its bytes, where it starts, whether the input ends inside it), or a diagnostic. */
export interface ArrayFramerSink {
  payload(bytes: Uint8Array, at: Position, unterminated: boolean): void;
  diagnostic(diagnostic: Diagnostic): void;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const allocate = (length: number): Uint8Array => new Uint8Array(length);
/** One message however the element was found too large (whole in a chunk, joined, or cut as it streamed). */
const TOO_LARGE = (max: number): string => `Expected an event of at most ${max} bytes, found a JSON array element of more; skipped`;

/** Whether a body line opens a streamed JSON array: `[` then `{`, `]` or nothing more on the line (`[1, 2]` stays a JSON line). */
export function opensJsonArray(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && isWhitespace(buf[i])) i++;
  if (buf[i] !== OPEN_BRACKET) return false;
  i++;
  while (i < end && isWhitespace(buf[i])) i++;
  return i === end || buf[i] === OPEN_BRACE || buf[i] === CLOSE_BRACKET;
}

/** Creates the framer of one streamed JSON array; elements longer than `maxEventBytes` are reported as `event-too-large` and skipped. */
export function createArrayFramer(sink: ArrayFramerSink, maxEventBytes: number): ArrayFramer {
  let opened = false;
  let closed = false;
  // Inside an element: how deep, and whether in a string (strings never span lines in JSON).
  let depth = 0;
  let inString = false;
  // The element's earlier lines (copies: the line buffer may be reused), joined by LF, and where it began.
  let pieces: Uint8Array[] = [];
  let length = 0;
  let at: Position | null = null;
  let tooLarge = false;
  // A value that is no object: skipped up to the next `,` or `]` at the top.
  let skipping = false;
  let elements = 0;

  function report(code: 'event-too-large' | 'invalid-json' | 'unrecognized-line', message: string, position: Position): void {
    sink.diagnostic(createDiagnostic(code, message, position));
  }

  function emit(last: Uint8Array, unterminated: boolean): void {
    const position = at as Position;
    if (!tooLarge && length + last.length > maxEventBytes) {
      tooLarge = true;
      report('event-too-large', TOO_LARGE(maxEventBytes), position);
    }
    if (!tooLarge) {
      elements++;
      sink.payload(pieces.length === 0 ? last : joinWithLf([...pieces, last], allocate), position, unterminated);
    }
    pieces = [];
    length = 0;
    at = null;
    tooLarge = false;
  }

  function keep(bytes: Uint8Array): void {
    if (tooLarge) return;
    length += bytes.length + 1;
    if (length > maxEventBytes) {
      tooLarge = true;
      pieces = [];
      report('event-too-large', TOO_LARGE(maxEventBytes), at as Position);
      return;
    }
    pieces.push(new Uint8Array(bytes));
  }

  /** Scans an element's bytes from `i`: returns where it ends (after its closing bracket), or -1 when it goes on past `end`. */
  function scan(buf: Uint8Array, i: number, end: number): number {
    while (i < end) {
      if (inString) {
        // Strings are most of an element's bytes (base64 images): jump from quote to quote.
        const from = i;
        for (;;) {
          const q = buf.indexOf(QUOTE, i);
          if (q === -1 || q >= end) return -1;
          let backslashes = 0;
          for (let k = q - 1; k >= from && buf[k] === BACKSLASH; k--) backslashes++;
          i = q + 1;
          if (backslashes % 2 === 0) break;
        }
        inString = false;
        continue;
      }
      const c = buf[i++];
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i;
    }
    return -1;
  }

  const methods: Omit<ArrayFramer, 'elements'> = {
    line(buf, start, end, lineAt, lineLength) {
      const position = (i: number): Position => ({ line: lineAt.line, byte: lineAt.byte + (i - start) });
      if (lineLength > end - start) {
        // Only the line's first bytes came (it is over the limit): inside an element, the line is taken for one of
        // its values and the element is skipped; at the top, for whole elements, each skipped.
        if (!opened && opensJsonArray(buf, start, end)) opened = true;
        if (!tooLarge) report('event-too-large', TOO_LARGE(maxEventBytes), depth > 0 ? (at ?? lineAt) : lineAt);
        if (depth > 0) {
          tooLarge = true;
          pieces = [];
        }
        inString = false;
        return;
      }
      let i = start;
      if (depth > 0) {
        const done = scan(buf, i, end);
        if (done === -1) {
          keep(buf.subarray(i, end));
          return;
        }
        emit(buf.subarray(i, done), false);
        i = done;
      }
      while (i < end) {
        const c = buf[i] as number;
        if (isWhitespace(c)) {
          i++;
          continue;
        }
        if (!opened && c === OPEN_BRACKET) {
          opened = true;
          i++;
          continue;
        }
        if (closed) {
          report('unrecognized-line', `Expected nothing after the JSON array's closing ], found ${quote(utf8.decode(buf.subarray(i, Math.min(end, i + 120))))}`, position(i));
          return;
        }
        if (c === COMMA || c === CLOSE_BRACKET) {
          skipping = false;
          if (c === CLOSE_BRACKET) closed = true;
          i++;
          continue;
        }
        if (skipping) {
          i++;
          continue;
        }
        if (c !== OPEN_BRACE) {
          report('invalid-json', `Expected a JSON object as the array's next element, found ${quote(utf8.decode(buf.subarray(i, Math.min(end, i + 60))))}`, position(i));
          skipping = true;
          i++;
          continue;
        }
        at = position(i);
        depth = 1;
        const from = i;
        const done = scan(buf, i + 1, end);
        if (done === -1) {
          keep(buf.subarray(from, end));
          return;
        }
        emit(buf.subarray(from, done), false);
        i = done;
      }
    },
    end() {
      // The input ends inside an element: it goes on as a cut-off payload (invalid-json says where).
      if (depth > 0 && at !== null && !tooLarge) {
        const cut = pieces.length === 0 ? new Uint8Array(0) : joinWithLf(pieces, allocate);
        pieces = [];
        emit(cut, true);
      }
    },
  };
  return defineGetters(methods, { elements: () => elements });
}
