import { createDiagnostic, quote, type Diagnostic, type Position } from './diagnostics.js';
import { createArrayFramer, opensJsonArray } from './json-array.js';

/** A JSON payload found in the input, still as bytes: an SSE `data:` event or a bare JSON line. */
export interface PayloadFrame {
  readonly kind: 'payload';
  readonly bytes: Uint8Array;
  readonly position: Position;
  /** The SSE `event:` name seen in the same block, if any (informative only: dispatch is on the JSON `type`). */
  readonly eventName: string | null;
  /** True when the input ended inside this payload's last line (no line terminator after it). */
  readonly unterminated: boolean;
  /**
   * Set for a very long line that came in several chunks: its bytes as they arrived, never joined
   * unless `bytes` is read (which joins them then). Readers that can work on pieces save a copy.
   */
  readonly pieces?: readonly Uint8Array[];
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
  /** Elements of a streamed JSON array (Gemini without `alt=sse`: src/core/json-array.ts). */
  jsonArrayElements: number;
  /** `data:` events that ended at their own line rather than at a blank line (the seed's framing). */
  dataEventsWithoutBlank: number;
  done: number;
  httpStatus: number | null;
  unrecognized: number;
}

/** Options for a framer. */
export interface FramerOptions {
  /**
   * Allocates the buffer a line split across chunks is joined into (a zeroed Uint8Array by default).
   * A host may pass a faster one whose `indexOf` is faster too (Node: uninitialized byte buffers, memchr).
   */
  readonly allocate?: (length: number) => Uint8Array;
  /**
   * Join lines split across chunks into one buffer kept from line to line, instead of a new buffer per
   * line. A payload's `bytes` may then be overwritten once `onFrame` returns: only for callers that copy
   * what they keep (the processor decodes every payload inside the callback).
   */
  readonly reuseJoinBuffer?: boolean;
  /** A host may lower {@link MAX_EVENT_BYTES} (never raise it: a longer payload could not be decoded to a string). */
  readonly maxEventBytes?: number;
}

/**
 * The longest event respcat reads (docs/spec.md §10): a `data:` or JSON line, or a multi-line `data:` block, over
 * 256 MiB is reported as `event-too-large` and skipped as it streams. Image events are 1–100 MB; this also
 * keeps every string an event holds under V8's string length limit (~512 M characters).
 */
export const MAX_EVENT_BYTES = 256 << 20;

/** An incremental, byte-level framer: `feed` chunks in any split, then `end` once. */
export interface Framer {
  feed(chunk: Uint8Array): void;
  end(): void;
  readonly stats: Readonly<FramingStats>;
  /** Bytes of an unfinished line kept from earlier chunks (they stay alive until the line ends). */
  readonly pendingBytes: number;
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
/** A reused join buffer grown past this size is dropped after its line, not kept for the rest of the input. */
const MAX_KEPT_JOIN_BUFFER = 8 << 20;
/** A payload line split across chunks at least this long is handed on in its pieces, not joined. */
const PIECES_MIN = MAX_KEPT_JOIN_BUFFER;
/**
 * How much of a long line is joined to tell what it is. A line is an event only if its JSON starts within
 * its first HEAD_BYTES bytes (or it is a `data:` line); any other line is kept no further than that while it
 * streams, so a gigabyte of junk costs nothing. Names, status lines and quotes are cut to it alike.
 */
const HEAD_BYTES = 256;
/** What stands in for a line that is not kept whole: its first bytes, room for a BOM and HEAD_BYTES after it. */
const STAND_IN_BYTES = HEAD_BYTES + 3;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

type Mode = 'start' | 'headers' | 'body' | 'error-body' | 'array';

/** What a long line is, told from its first bytes: a possible event, or anything else (blank: only whitespace so far). */
type LineKind = 'event' | 'other' | 'blank';

/**
 * Creates a framer that reports every frame of docs/spec.md §2's framings to `onFrame`, in order.
 *
 * Lines are handled as (bytes, start, end) ranges of the chunk they sit in: only a payload becomes a
 * view of its own, and only a line split across chunks is copied (once, when its end arrives).
 */
export function createFramer(onFrame: (frame: Frame) => void, options: FramerOptions = {}): Framer {
  const allocate = options.allocate ?? ((length: number) => new Uint8Array(length));
  const reuse = options.reuseJoinBuffer === true;
  const maxEventBytes = Math.min(options.maxEventBytes ?? MAX_EVENT_BYTES, MAX_EVENT_BYTES);
  let joinBuffer: Uint8Array | null = null;
  /** Where a split line of `length` bytes is joined: a new buffer, or the start of the reused one. */
  const joinTarget = (length: number): Uint8Array => {
    if (!reuse) return allocate(length);
    if (joinBuffer === null || joinBuffer.length < length) joinBuffer = allocate(Math.max(length, (joinBuffer?.length ?? 0) * 2));
    return joinBuffer.subarray(0, length);
  };
  const releaseJoinBuffer = (): void => {
    if (joinBuffer !== null && joinBuffer.length > MAX_KEPT_JOIN_BUFFER) joinBuffer = null;
  };
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
    jsonArrayElements: 0,
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
  // The whole length of the line being handled (a stand-in is shorter than the line it stands for).
  let lineLength = 0;
  // What the unfinished line is, once it is longer than its stand-in (null: not told yet).
  let heldKind: LineKind | null = null;
  // A line dropped as it streams: only its stand-in is kept, and its length counted.
  let dropped: Uint8Array | null = null;
  let droppedLength = 0;
  // The stand-in holds no byte but whitespace yet: the line's first other byte is appended once it comes.
  let droppedBlank = false;

  let mode: Mode = 'start';
  // A body that opens with `[`: one streamed JSON array, its elements the events (docs/spec.md §2).
  const array = createArrayFramer(
    {
      payload: (bytes, position, unterminated) => (stats.jsonArrayElements++, onFrame({ kind: 'payload', bytes, position, eventName: null, unterminated })),
      diagnostic: (diagnostic) => onFrame({ kind: 'diagnostic', diagnostic }),
    },
    maxEventBytes,
  );
  let httpStatus = 0;
  let errorBody: string[] = [];
  let errorBodyLength = 0;
  let errorBodyPosition: Position | null = null;

  // The SSE block being read: its data lines and where its first data line was.
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let pendingPosition: Position | null = null;
  // The block grew past maxEventBytes: reported, and its further lines dropped until it ends.
  let pendingTooLarge = false;
  let eventName: string | null = null;
  // The last `event:` value decoded, as bytes: names repeat, so most lines reuse the string.
  let eventNameBytes: Uint8Array | null = null;
  let eventNameText = '';

  function flushPending(unterminated: boolean): void {
    if (pendingPosition === null) return;
    if (!pendingTooLarge) {
      const bytes = pending.length === 1 ? (pending[0] as Uint8Array) : joinWithLf(pending, allocate);
      onFrame({ kind: 'payload', bytes, position: pendingPosition, eventName, unterminated });
    }
    pending = [];
    pendingLength = 0;
    pendingPosition = null;
    pendingTooLarge = false;
  }

  function reportTooLarge(found: string, position: Position): void {
    const message = `Expected an event of at most ${maxEventBytes} bytes, found ${found}; skipped`;
    onFrame({ kind: 'diagnostic', diagnostic: createDiagnostic('event-too-large', message, position) });
  }

  // Where the current line starts; made only for lines that need it (most lines are `event:` or blank).
  const here = (): Position => ({ line: lineNumber, byte: lineStart });

  function handleData(buf: Uint8Array, start: number, end: number, unterminated: boolean): void {
    stats.dataLines++;
    if (end - start <= 8 && isDone(buf.subarray(start, end))) {
      flushPending(false);
      stats.done++;
      onFrame({ kind: 'done', position: here() });
      eventName = null;
      return;
    }
    if (lineLength > maxEventBytes) {
      flushPending(false);
      reportTooLarge(`a line of ${lineLength} bytes`, here());
      return;
    }
    // A data: line that is a whole JSON value on its own is an event of its own (docs/spec.md §2), even with
    // no blank line after it; this also keeps one cut-off line from swallowing the next event.
    if (looksWhole(buf, start, end, buf, start, end)) {
      flushPending(false);
      stats.dataEventsWithoutBlank++;
      onFrame({ kind: 'payload', bytes: buf.subarray(start, end), position: here(), eventName, unterminated });
      return;
    }
    if (pendingPosition === null) pendingPosition = here();
    if (pendingTooLarge) return;
    // Kept past this line: a copy when it may sit in the reused join buffer.
    const value = reuse ? new Uint8Array(buf.subarray(start, end)) : buf.subarray(start, end);
    pending.push(value);
    pendingLength += value.length + 1;
    if (pendingLength - 1 > maxEventBytes) {
      pendingTooLarge = true;
      pending = [];
      reportTooLarge(`a data: block of more than ${maxEventBytes} bytes`, pendingPosition);
      return;
    }
    // SSE joins multi-line data with LF; once the joined value is whole, it is an event.
    if (pending.length > 1) {
      const head = pending[0] as Uint8Array;
      if (looksWhole(head, 0, head.length, value, 0, value.length)) {
        stats.dataEventsWithoutBlank++;
        flushPending(unterminated);
      }
    }
  }

  function setEventName(buf: Uint8Array, start: number, end: number): void {
    const length = end - start;
    const last = eventNameBytes;
    if (last !== null && last.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (last[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        eventName = eventNameText;
        return;
      }
    }
    // A copy (not a view: a Node buffer's slice is one), so the name keeps no chunk alive and survives reuse.
    eventNameBytes = new Uint8Array(buf.subarray(start, end));
    eventNameText = utf8.decode(eventNameBytes);
    eventName = eventNameText;
  }

  function handleBodyLine(buf: Uint8Array, start: number, end: number, unterminated: boolean): void {
    const first = firstNonWhitespace(buf, start, end);
    if (first === -1) {
      stats.blankLines++;
      flushPending(false);
      eventName = null;
      return;
    }
    const c = buf[first] as number;
    if (first === start && c === COLON) {
      stats.comments++;
      return;
    }
    if (c === OPEN_BRACKET && stats.jsonLines + stats.dataLines === 0 && opensJsonArray(buf, start, end)) {
      mode = 'array';
      // Positions within the line count from its first byte, a BOM included.
      array.line(buf, start, end, { line: lineNumber, byte: lineStart + (lineNumber === 1 && stats.bom ? 3 : 0) }, lineLength);
      return;
    }
    if ((c === OPEN_BRACE || c === OPEN_BRACKET) && first - start < HEAD_BYTES) {
      flushPending(false);
      stats.jsonLines++;
      if (lineLength > maxEventBytes) {
        reportTooLarge(`a line of ${lineLength} bytes`, here());
        return;
      }
      onFrame({ kind: 'payload', bytes: buf.subarray(start, end), position: here(), eventName: null, unterminated });
      return;
    }
    if (first === start) {
      const field = fieldName(buf, start, end);
      if (field !== null) {
        // SSE: the value after `name:`, minus one optional leading space.
        let valueStart = start + field.length + 1;
        if (valueStart < end && buf[valueStart] === SPACE) valueStart++;
        switch (field) {
          case 'data':
            handleData(buf, valueStart, end, unterminated);
            return;
          case 'event':
            stats.eventLines++;
            setEventName(buf, valueStart, Math.min(end, start + HEAD_BYTES));
            return;
          case 'id':
            stats.idLines++;
            return;
          case 'retry':
            stats.retryLines++;
            return;
        }
      }
      if (isHttpStatusLine(buf, start, end)) {
        flushPending(false);
        startHttp(buf.subarray(start, Math.min(end, start + HEAD_BYTES)));
        return;
      }
    }
    stats.unrecognized++;
    onFrame({
      kind: 'diagnostic',
      diagnostic: createDiagnostic(
        'unrecognized-line',
        `Expected an SSE field, a JSON line or a blank line, found ${quote(utf8.decode(buf.subarray(start, Math.min(end, start + 120))))}`,
        here(),
      ),
    });
  }

  function startHttp(line: Uint8Array): void {
    const statusLine = latin1.decode(line).trim();
    const status = Number(/^HTTP\/[\d.]+\s+(\d{3})/.exec(statusLine)?.[1] ?? '0');
    httpStatus = status;
    stats.httpStatus = status;
    mode = 'headers';
    onFrame({ kind: 'http-status', status, statusLine: statusLine.slice(0, 200), position: here() });
  }

  /** Handles one line; `length` is the whole line's, when `buf` holds only its stand-in. */
  function handleLine(buf: Uint8Array, start: number, end: number, unterminated: boolean, length: number): void {
    stats.lines++;
    lineLength = length;
    if (firstLine) {
      firstLine = false;
      if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) {
        stats.bom = true;
        start += 3;
        lineLength -= 3;
      }
    }
    switch (mode) {
      case 'start':
        if (firstNonWhitespace(buf, start, end) === -1) return;
        if (isHttpStatusLine(buf, start, end)) {
          startHttp(buf.subarray(start, Math.min(end, start + HEAD_BYTES)));
          return;
        }
        mode = 'body';
        handleBodyLine(buf, start, end, unterminated);
        return;
      case 'headers':
        if (firstNonWhitespace(buf, start, end) === -1) {
          // An interim 1xx response (100 Continue) is followed by the real status line.
          if (httpStatus >= 100 && httpStatus < 200) mode = 'start';
          else if (httpStatus >= 200 && httpStatus < 300) mode = 'body';
          else mode = 'error-body';
        }
        return;
      case 'error-body':
        if (errorBodyPosition === null) {
          if (firstNonWhitespace(buf, start, end) === -1) return;
          errorBodyPosition = here();
        }
        if (errorBodyLength < MAX_ERROR_BODY) {
          const text = utf8.decode(buf.subarray(start, Math.min(end, start + MAX_ERROR_BODY)));
          errorBody.push(text);
          errorBodyLength += text.length + 1;
        }
        return;
      case 'body':
        handleBodyLine(buf, start, end, unterminated);
        return;
      case 'array':
        array.line(buf, start, end, here(), lineLength);
        return;
    }
  }

  /** A line that came in several chunks (`parts`, ending with its last piece): joined, unless a long payload. */
  function handleSplitLine(length: number, unterminated: boolean): void {
    const pieces = parts;
    parts = [];
    partsLength = 0;
    const kind = heldKind ?? (length > STAND_IN_BYTES ? kindOf(pieces) : null);
    heldKind = null;
    if (kind !== null && length > keptUpTo(kind)) {
      const standIn = standInOf(pieces, length);
      handleLine(standIn.bytes, 0, standIn.bytes.length, unterminated, length);
      return;
    }
    if (length >= PIECES_MIN && handleLongPayload(pieces, length, unterminated)) return;
    const line = concat(pieces, joinTarget(length));
    handleLine(line, 0, line.length, unterminated, length);
    releaseJoinBuffer();
  }

  /** What a line is, from its first bytes (`pieces` hold more than STAND_IN_BYTES), as handleLine will see it. */
  function kindOf(pieces: readonly Uint8Array[]): LineKind {
    // An array element's lines are kept whole, whatever they start with (a pretty-printed base64 string).
    if (mode === 'array') return 'event';
    if (mode === 'headers' || mode === 'error-body') return 'other';
    const head = concat(pieces, new Uint8Array(STAND_IN_BYTES));
    const start = firstLine && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const first = firstNonWhitespace(head, start, start + HEAD_BYTES);
    if (first === -1) return 'blank';
    const c = head[first];
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return 'event';
    return first === start && fieldName(head, start, head.length) === 'data' ? 'event' : 'other';
  }

  /** How much of an unfinished line of this kind is kept: an event whole (up to the limit), anything else its stand-in. */
  function keptUpTo(kind: LineKind): number {
    if (kind === 'event') return maxEventBytes;
    return mode === 'error-body' ? MAX_ERROR_BODY : STAND_IN_BYTES;
  }

  /**
   * The line's first bytes, which handleLine treats as it would the whole line (its caps are within them);
   * when they are all whitespace, the line's first other byte is appended, as that decides what the line is.
   */
  function standInOf(pieces: readonly Uint8Array[], length: number): { bytes: Uint8Array; blank: boolean } {
    const head = concat(pieces, new Uint8Array(Math.min(length, mode === 'error-body' ? MAX_ERROR_BODY : STAND_IN_BYTES)));
    if (firstNonWhitespace(head, 0, head.length) !== -1 && !(firstLine && isBomOnly(head))) return { bytes: head, blank: false };
    let skip = head.length;
    for (const piece of pieces) {
      const from = Math.min(skip, piece.length);
      skip -= from;
      const found = firstNonWhitespace(piece, from, piece.length);
      if (found !== -1) return { bytes: withByte(head, piece[found] as number), blank: false };
    }
    return { bytes: head, blank: true };
  }

  /** An unfinished line grew: past what is kept of its kind, it is dropped as it streams, only its stand-in kept. */
  function holdOrDrop(): void {
    heldKind ??= kindOf(parts);
    if (partsLength <= keptUpTo(heldKind)) return;
    const standIn = standInOf(parts, partsLength);
    dropped = standIn.bytes;
    droppedBlank = standIn.blank;
    droppedLength = partsLength;
    parts = [];
    partsLength = 0;
  }

  /** Bytes [start, end) of a chunk belong to the line being dropped. */
  function dropPiece(chunk: Uint8Array, start: number, end: number): void {
    droppedLength += end - start;
    if (!droppedBlank) return;
    const found = firstNonWhitespace(chunk, start, end);
    if (found === -1) return;
    dropped = withByte(dropped as Uint8Array, chunk[found] as number);
    droppedBlank = false;
  }

  function finishDropped(unterminated: boolean): void {
    const standIn = dropped as Uint8Array;
    dropped = null;
    heldKind = null;
    handleLine(standIn, 0, standIn.length, unterminated, droppedLength);
  }

  /**
   * A long line in pieces that is a payload (a JSON line, or a `data:` line holding a whole JSON value,
   * the cases of handleBodyLine and handleData) becomes a frame of its pieces, never joined unless its
   * `bytes` are read. Anything else returns false, having changed nothing, and is joined as usual.
   */
  function handleLongPayload(pieces: readonly Uint8Array[], length: number, unterminated: boolean): boolean {
    if (firstLine || (mode !== 'body' && mode !== 'start')) return false;
    const head = concat(pieces, new Uint8Array(Math.min(length, HEAD_BYTES)));
    const first = firstNonWhitespace(head, 0, head.length);
    if (first === -1) return false;
    const c = head[first];
    let valueStart = 0;
    let json = false;
    if (c === OPEN_BRACKET && stats.jsonLines + stats.dataLines === 0) return false;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) json = true;
    else if (first === 0 && fieldName(head, 0, head.length) === 'data') {
      valueStart = head[5] === SPACE ? 6 : 5;
      const open = firstNonWhitespace(head, valueStart, head.length);
      if (open === -1 || (head[open] !== OPEN_BRACE && head[open] !== OPEN_BRACKET)) return false;
      const close = lastByte(pieces);
      if ((head[open] === OPEN_BRACE && close !== CLOSE_BRACE) || (head[open] === OPEN_BRACKET && close !== CLOSE_BRACKET)) return false;
    } else return false;
    if (mode === 'start' && isHttpStatusLine(head, 0, head.length)) return false;
    stats.lines++;
    mode = 'body';
    flushPending(false);
    if (json) stats.jsonLines++;
    else {
      stats.dataLines++;
      stats.dataEventsWithoutBlank++;
    }
    const value = dropPrefix(pieces, valueStart);
    let joined: Uint8Array | null = null;
    onFrame({
      kind: 'payload',
      get bytes() {
        return (joined ??= concat(value, joinTarget(length - valueStart)));
      },
      pieces: value,
      position: here(),
      eventName: json ? null : eventName,
      unterminated,
    });
    releaseJoinBuffer();
    return true;
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
      if (dropped !== null) {
        dropPiece(chunk, i, end);
        finishDropped(false);
      } else if (partsLength > 0) {
        parts.push(chunk.subarray(i, end));
        handleSplitLine(partsLength + end - i, false);
      } else handleLine(chunk, i, end, false, end - i);
      i = end + terminatorLength;
      lineNumber++;
      lineStart = base + i;
    }
    if (i < n) {
      if (dropped !== null) dropPiece(chunk, i, n);
      else {
        parts.push(chunk.subarray(i));
        partsLength += n - i;
        if (partsLength > STAND_IN_BYTES) holdOrDrop();
      }
    }
  }

  function end(): void {
    if (dropped !== null) {
      finishDropped(true);
      flushPending(true);
    } else if (partsLength > 0) {
      handleSplitLine(partsLength, true);
      flushPending(true);
    } else flushPending(false);
    if (mode === 'array') array.end();
    joinBuffer = null;
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

  return {
    feed,
    end,
    stats,
    get pendingBytes() {
      return partsLength;
    },
  };
}

/** Copies `parts` one after another into `out`, as much as fits. */
function concat(parts: readonly Uint8Array[], out: Uint8Array): Uint8Array {
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
function withByte(bytes: Uint8Array, byte: number): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = byte;
  return out;
}

/** Whether a line's first bytes are a UTF-8 BOM and whitespace only. */
function isBomOnly(head: Uint8Array): boolean {
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf && firstNonWhitespace(head, 3, head.length) === -1;
}

/** The pieces without their first `count` bytes. */
function dropPrefix(pieces: readonly Uint8Array[], count: number): Uint8Array[] {
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
function lastByte(pieces: readonly Uint8Array[]): number {
  for (let k = pieces.length - 1; k >= 0; k--) {
    const piece = pieces[k] as Uint8Array;
    const last = lastNonWhitespace(piece, 0, piece.length);
    if (last !== -1) return piece[last] as number;
  }
  return -1;
}

function joinWithLf(parts: readonly Uint8Array[], allocate: (length: number) => Uint8Array): Uint8Array {
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

function isWhitespace(c: number | undefined): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** The index of the first byte in [start, end) that is not whitespace, or -1. */
function firstNonWhitespace(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (!isWhitespace(buf[i])) return i;
  return -1;
}

function lastNonWhitespace(buf: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (!isWhitespace(buf[i])) return i;
  return -1;
}

/** Whether a value starts like a JSON object/array and ends like one (a cheap test; decoding tells for sure). */
function looksWhole(head: Uint8Array, headStart: number, headEnd: number, tail: Uint8Array, tailStart: number, tailEnd: number): boolean {
  const first = firstNonWhitespace(head, headStart, headEnd);
  const last = lastNonWhitespace(tail, tailStart, tailEnd);
  if (first === -1 || last === -1) return false;
  const open = head[first];
  const close = tail[last];
  return (open === OPEN_BRACE && close === CLOSE_BRACE) || (open === OPEN_BRACKET && close === CLOSE_BRACKET);
}

const DONE_MARKERS = ['[DONE]', 'DONE'];

function isDone(value: Uint8Array): boolean {
  const text = latin1.decode(value).trim();
  return DONE_MARKERS.includes(text);
}

type FieldName = 'data' | 'event' | 'id' | 'retry';

/** Whether `buf` holds `name` followed by a colon at `start`. */
function isField(buf: Uint8Array, start: number, end: number, name: string): boolean {
  const length = name.length;
  if (end - start <= length || buf[start + length] !== COLON) return false;
  for (let i = 1; i < length; i++) if (buf[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/** The SSE field a line starts with (`data:` …), or null. */
function fieldName(buf: Uint8Array, start: number, end: number): FieldName | null {
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

const HTTP_PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

function isHttpStatusLine(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 10) return false;
  for (let i = 0; i < HTTP_PREFIX.length; i++) if (buf[start + i] !== HTTP_PREFIX[i]) return false;
  return /^HTTP\/[\d.]+\s+\d{3}/.test(latin1.decode(buf.subarray(start, Math.min(end, start + 32))));
}
