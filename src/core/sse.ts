import { createDiagnostic, quote, type Diagnostic, type Position } from './diagnostics.js';

/** A JSON payload found in the input, still as bytes: an SSE `data:` event or a bare JSON line. */
export interface PayloadFrame {
  readonly kind: 'payload';
  readonly bytes: Uint8Array;
  readonly position: Position;
  /** The SSE `event:` name seen in the same block, if any (informative only: dispatch is on the JSON `type`). */
  readonly eventName: string | null;
  /** True when the input ended inside this payload's last line (no line terminator after it). */
  readonly unterminated: boolean;
}

/** `data: [DONE]` (or `data: DONE`): the end of one stream. */
export interface DoneFrame {
  readonly kind: 'done';
  readonly position: Position;
}

/** The status line of a `curl -i` preamble. */
export interface HttpStatusFrame {
  readonly kind: 'http-status';
  readonly status: number;
  readonly statusLine: string;
  readonly position: Position;
}

/** The body that followed a non-2xx status line, as text (a JSON error body, usually). */
export interface HttpErrorBodyFrame {
  readonly kind: 'http-error-body';
  readonly status: number;
  readonly body: string;
  readonly position: Position;
}

/** A framing problem (a line that is none of the framings). */
export interface DiagnosticFrame {
  readonly kind: 'diagnostic';
  readonly diagnostic: Diagnostic;
}

/** What the framer finds, in input order. */
export type Frame = PayloadFrame | DoneFrame | HttpStatusFrame | HttpErrorBodyFrame | DiagnosticFrame;

/** Counts of what the framer saw, for `inspect`'s framing summary. */
export interface FramingStats {
  lines: number;
  bytes: number;
  bom: boolean;
  lf: number;
  crlf: number;
  cr: number;
  dataLines: number;
  eventLines: number;
  idLines: number;
  retryLines: number;
  comments: number;
  blankLines: number;
  jsonLines: number;
  /** `data:` events that ended at their own line rather than at a blank line (the seed's framing). */
  dataEventsWithoutBlank: number;
  done: number;
  httpStatus: number | null;
  unrecognized: number;
}

/** An incremental, byte-level framer: `feed` chunks in any split, then `end` once. */
export interface Framer {
  feed(chunk: Uint8Array): void;
  end(): void;
  readonly stats: Readonly<FramingStats>;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
/** Error bodies after a non-2xx status are kept up to this size; they are small JSON documents. */
const MAX_ERROR_BODY = 1 << 20;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

type Mode = 'start' | 'headers' | 'body' | 'error-body';

/** Creates a framer that reports every frame of SPEC §2's framings to `onFrame`, in order. */
export function createFramer(onFrame: (frame: Frame) => void): Framer {
  const stats: FramingStats = {
    lines: 0,
    bytes: 0,
    bom: false,
    lf: 0,
    crlf: 0,
    cr: 0,
    dataLines: 0,
    eventLines: 0,
    idLines: 0,
    retryLines: 0,
    comments: 0,
    blankLines: 0,
    jsonLines: 0,
    dataEventsWithoutBlank: 0,
    done: 0,
    httpStatus: null,
    unrecognized: 0,
  };

  // The unfinished line: pieces of earlier chunks, kept by reference and joined once the line ends.
  let parts: Uint8Array[] = [];
  let partsLength = 0;
  // A CR ended the previous chunk: an LF at the start of the next one belongs to it.
  let skipLeadingLf = false;
  let lineNumber = 1;
  let lineStart = 0;
  let firstLine = true;

  let mode: Mode = 'start';
  let httpStatus = 0;
  let errorBody: string[] = [];
  let errorBodyLength = 0;
  let errorBodyPosition: Position | null = null;

  // The SSE block being read: its data lines and where its first data line was.
  let pending: Uint8Array[] = [];
  let pendingPosition: Position | null = null;
  let eventName: string | null = null;

  function flushPending(unterminated: boolean): void {
    if (pendingPosition === null) return;
    const bytes = pending.length === 1 ? (pending[0] as Uint8Array) : joinWithLf(pending);
    onFrame({ kind: 'payload', bytes, position: pendingPosition, eventName, unterminated });
    pending = [];
    pendingPosition = null;
  }

  function handleData(value: Uint8Array, position: Position, unterminated: boolean): void {
    stats.dataLines++;
    if (isDone(value)) {
      flushPending(false);
      stats.done++;
      onFrame({ kind: 'done', position });
      eventName = null;
      return;
    }
    // A data: line that is a whole JSON value on its own is an event of its own (SPEC §2), even with
    // no blank line after it; this also keeps one cut-off line from swallowing the next event.
    if (looksWhole(value)) {
      flushPending(false);
      stats.dataEventsWithoutBlank++;
      onFrame({ kind: 'payload', bytes: value, position, eventName, unterminated });
      return;
    }
    if (pendingPosition === null) pendingPosition = position;
    pending.push(value);
    // SSE joins multi-line data with LF; once the joined value is whole, it is an event.
    if (pending.length > 1 && looksWhole(pending[0] as Uint8Array, value)) {
      stats.dataEventsWithoutBlank++;
      flushPending(unterminated);
    }
  }

  function handleBodyLine(line: Uint8Array, position: Position, unterminated: boolean): void {
    const first = firstNonWhitespace(line);
    if (first === -1) {
      stats.blankLines++;
      flushPending(false);
      eventName = null;
      return;
    }
    const c = line[first] as number;
    if (first === 0 && c === COLON) {
      stats.comments++;
      return;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      flushPending(false);
      stats.jsonLines++;
      onFrame({ kind: 'payload', bytes: line, position, eventName: null, unterminated });
      return;
    }
    if (first === 0) {
      const field = fieldName(line);
      if (field !== null) {
        const value = fieldValue(line, field.length);
        switch (field) {
          case 'data':
            handleData(value, position, unterminated);
            return;
          case 'event':
            stats.eventLines++;
            eventName = utf8.decode(value);
            return;
          case 'id':
            stats.idLines++;
            return;
          case 'retry':
            stats.retryLines++;
            return;
        }
      }
      if (isHttpStatusLine(line)) {
        flushPending(false);
        startHttp(line, position);
        return;
      }
    }
    stats.unrecognized++;
    onFrame({
      kind: 'diagnostic',
      diagnostic: createDiagnostic(
        'unrecognized-line',
        `Expected an SSE field, a JSON line or a blank line, found ${quote(utf8.decode(line.subarray(0, 120)))}`,
        position,
      ),
    });
  }

  function startHttp(line: Uint8Array, position: Position): void {
    const statusLine = latin1.decode(line).trim();
    const status = Number(/^HTTP\/[\d.]+\s+(\d{3})/.exec(statusLine)?.[1] ?? '0');
    httpStatus = status;
    stats.httpStatus = status;
    mode = 'headers';
    onFrame({ kind: 'http-status', status, statusLine: statusLine.slice(0, 200), position });
  }

  function handleLine(line: Uint8Array, unterminated: boolean): void {
    const position: Position = { line: lineNumber, byte: lineStart };
    stats.lines++;
    if (firstLine) {
      firstLine = false;
      if (line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) {
        stats.bom = true;
        line = line.subarray(3);
      }
    }
    switch (mode) {
      case 'start':
        if (firstNonWhitespace(line) === -1) return;
        if (isHttpStatusLine(line)) {
          startHttp(line, position);
          return;
        }
        mode = 'body';
        handleBodyLine(line, position, unterminated);
        return;
      case 'headers':
        if (firstNonWhitespace(line) === -1) {
          // An interim 1xx response (100 Continue) is followed by the real status line.
          if (httpStatus >= 100 && httpStatus < 200) mode = 'start';
          else if (httpStatus >= 200 && httpStatus < 300) mode = 'body';
          else mode = 'error-body';
        }
        return;
      case 'error-body':
        if (errorBodyPosition === null) {
          if (firstNonWhitespace(line) === -1) return;
          errorBodyPosition = position;
        }
        if (errorBodyLength < MAX_ERROR_BODY) {
          const text = utf8.decode(line);
          errorBody.push(text);
          errorBodyLength += text.length + 1;
        }
        return;
      case 'body':
        handleBodyLine(line, position, unterminated);
        return;
    }
  }

  function feed(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    const base = stats.bytes;
    stats.bytes += n;
    let i = 0;
    if (skipLeadingLf) {
      skipLeadingLf = false;
      if (chunk[0] === LF) {
        i = 1;
        stats.cr--;
        stats.crlf++;
        lineStart = base + 1;
      }
    }
    // Next LF / CR positions in this chunk; -2 means "not searched yet", -1 "none left". Each is searched
    // once per line at most and never again once absent, so a chunk is scanned in linear time.
    let nextLf = -2;
    let nextCr = -2;
    while (i < n) {
      if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf(LF, i);
      if (nextCr !== -1 && nextCr < i) nextCr = chunk.indexOf(CR, i);
      if (nextLf === -1 && nextCr === -1) break;
      const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
      let terminatorLength = 1;
      if (end === nextCr) {
        if (end + 1 < n) {
          if (chunk[end + 1] === LF) {
            terminatorLength = 2;
            stats.crlf++;
          } else stats.cr++;
        } else {
          // SSE: a CR at a chunk's end may be the first half of a CRLF split across chunks.
          skipLeadingLf = true;
          stats.cr++;
        }
      } else stats.lf++;
      let line = chunk.subarray(i, end);
      if (partsLength > 0) {
        parts.push(line);
        line = concat(parts, partsLength + line.length);
        parts = [];
        partsLength = 0;
      }
      handleLine(line, false);
      i = end + terminatorLength;
      lineNumber++;
      lineStart = base + i;
    }
    if (i < n) {
      parts.push(chunk.subarray(i));
      partsLength += n - i;
    }
  }

  function end(): void {
    if (partsLength > 0) {
      const line = concat(parts, partsLength);
      parts = [];
      partsLength = 0;
      handleLine(line, true);
      flushPending(true);
    } else flushPending(false);
    if (mode === 'error-body' || (mode === 'headers' && httpStatus >= 300)) {
      onFrame({
        kind: 'http-error-body',
        status: httpStatus,
        body: errorBody.join('\n'),
        position: errorBodyPosition ?? { line: lineNumber, byte: lineStart },
      });
      errorBody = [];
    }
  }

  return { feed, end, stats };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function joinWithLf(parts: readonly Uint8Array[]): Uint8Array {
  let length = parts.length - 1;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  parts.forEach((part, index) => {
    if (index > 0) out[at++] = LF;
    out.set(part, at);
    at += part.length;
  });
  return out;
}

function isWhitespace(c: number | undefined): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

function firstNonWhitespace(line: Uint8Array): number {
  for (let i = 0; i < line.length; i++) if (!isWhitespace(line[i])) return i;
  return -1;
}

function lastNonWhitespace(line: Uint8Array): number {
  for (let i = line.length - 1; i >= 0; i--) if (!isWhitespace(line[i])) return i;
  return -1;
}

/** Whether a value starts like a JSON object/array and ends like one (a cheap test; decoding tells for sure). */
function looksWhole(head: Uint8Array, tail: Uint8Array = head): boolean {
  const first = firstNonWhitespace(head);
  const last = lastNonWhitespace(tail);
  if (first === -1 || last === -1) return false;
  const open = head[first];
  const close = tail[last];
  return (open === OPEN_BRACE && close === CLOSE_BRACE) || (open === OPEN_BRACKET && close === CLOSE_BRACKET);
}

const DONE_MARKERS = ['[DONE]', 'DONE'];

function isDone(value: Uint8Array): boolean {
  if (value.length > 8) return false;
  const text = latin1.decode(value).trim();
  return DONE_MARKERS.includes(text);
}

const FIELD_NAMES = ['data', 'event', 'id', 'retry'] as const;
type FieldName = (typeof FIELD_NAMES)[number];

/** The SSE field a line starts with (`data:` …), or null. */
function fieldName(line: Uint8Array): FieldName | null {
  for (const name of FIELD_NAMES) {
    if (line.length <= name.length || line[name.length] !== COLON) continue;
    let match = true;
    for (let i = 0; i < name.length; i++) {
      if (line[i] !== name.charCodeAt(i)) {
        match = false;
        break;
      }
    }
    if (match) return name;
  }
  return null;
}

/** SSE: the value after `name:`, minus one optional leading space. */
function fieldValue(line: Uint8Array, nameLength: number): Uint8Array {
  const start = nameLength + 1;
  return line.subarray(line[start] === SPACE ? start + 1 : start);
}

const HTTP_PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

function isHttpStatusLine(line: Uint8Array): boolean {
  if (line.length < 10) return false;
  for (let i = 0; i < HTTP_PREFIX.length; i++) if (line[i] !== HTTP_PREFIX[i]) return false;
  return /^HTTP\/[\d.]+\s+\d{3}/.test(latin1.decode(line.subarray(0, 32)));
}
