import { defineGetters } from './getters.js';
import {
  COLON,
  concat,
  dropPrefix,
  firstNonWhitespace,
  isBomOnly,
  OPEN_BRACE,
  OPEN_BRACKET,
  SPACE,
  utf8,
  withByte,
} from './bytes.js';
import { createDiagnostic, quote, type Position } from './diagnostics.js';
import { createFramingStats, MAX_EVENT_BYTES, type Frame, type Framer, type FramerOptions } from './frames.js';
import { createEventStreamFramer, mayOpenEventStream, type EventStreamFramer } from './event-stream.js';
import { createArrayFramer, opensJsonArray } from './json-array.js';
import { createLineSplitter, type LineSink } from './lines.js';
import { createPreamble, isHttpStatusLine, MAX_ERROR_BODY } from './preamble.js';
import { createBlockAssembler } from './sse-block.js';
import { fieldName, longPayloadStart } from './sse-fields.js';

// The framer's parts: frames.ts (what it reports), lines.ts (line ends), preamble.ts (curl -i), sse-block.ts (SSE
// records), sse-fields.ts (field names), event-stream.ts (binary); this module ties them and keeps long lines bounded.
export type { DiagnosticFrame, DoneFrame, Frame, Framer, FramerOptions, FramingStats, HttpErrorBodyFrame, HttpStatusFrame, PayloadFrame } from './frames.js';
export { MAX_EVENT_BYTES } from './frames.js';

/** A reused join buffer grown past this size is dropped after its line, not kept for the rest of the input. */
const MAX_KEPT_JOIN_BUFFER = 8 << 20;
/** How much of a long line is joined to tell what it is. A line is an event only if its JSON starts within its first
 * HEAD_BYTES bytes (or it is a `data:` line); any other line is kept no further than that while it streams, so a
 * gigabyte of junk costs nothing. Names, status lines and quotes are cut to it alike. */
const HEAD_BYTES = 256;
/** What stands in for a line that is not kept whole: its first bytes, room for a BOM and HEAD_BYTES after it. */
const STAND_IN_BYTES = HEAD_BYTES + 3;

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
  // A payload line split across chunks at least this long is handed on in its pieces, not joined.
  const piecesMin = options.piecesMin ?? MAX_KEPT_JOIN_BUFFER;
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
  const stats = createFramingStats();
  const splitter = createLineSplitter(stats);
  const preamble = createPreamble(onFrame, stats);
  const block = createBlockAssembler(onFrame, stats, { allocate, reuse, maxEventBytes });
  // A body that opens with `[`: one streamed JSON array, its elements the events (docs/spec.md §2).
  let inArray = false;
  const array = createArrayFramer(
    {
      payload: (bytes, position, unterminated) => (stats.jsonArrayElements++, onFrame({ kind: 'payload', bytes, position, eventName: null, unterminated })),
      diagnostic: (diagnostic) => onFrame({ kind: 'diagnostic', diagnostic }),
    },
    maxEventBytes,
  );

  // The unfinished line: pieces of earlier chunks, kept by reference and joined once the line ends.
  let parts: Uint8Array[] = [];
  let partsLength = 0;
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

  // Where the current line starts; made only for lines that need it (most lines are `event:` or blank).
  const here = (): Position => ({ line: lineNumber, byte: lineStart });

  function handleBodyLine(buf: Uint8Array, start: number, end: number, unterminated: boolean): void {
    const first = firstNonWhitespace(buf, start, end);
    if (first === -1) {
      stats.blankLines++;
      block.endBlock();
      return;
    }
    const c = buf[first] as number;
    if (first === start && c === COLON) {
      stats.comments++;
      options.onComment?.(utf8.decode(buf.subarray(start + 1, Math.min(end, start + HEAD_BYTES))), here());
      return;
    }
    if (c === OPEN_BRACKET && stats.jsonLines + stats.dataLines === 0 && opensJsonArray(buf, start, end)) {
      inArray = true;
      // Positions within the line count from its first byte, a BOM included.
      array.line(buf, start, end, { line: lineNumber, byte: lineStart + (lineNumber === 1 && stats.bom ? 3 : 0) }, lineLength);
      return;
    }
    if ((c === OPEN_BRACE || c === OPEN_BRACKET) && first - start < HEAD_BYTES) {
      block.flush(false);
      stats.jsonLines++;
      if (lineLength > maxEventBytes) {
        block.tooLarge(`a line of ${lineLength} bytes`, here());
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
            block.data(buf, valueStart, end, unterminated, lineLength, here);
            return;
          case 'event':
            stats.eventLines++;
            block.event(buf, valueStart, Math.min(end, start + HEAD_BYTES));
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
        block.flush(false);
        preamble.status(buf.subarray(start, Math.min(end, start + HEAD_BYTES)), here());
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
    if (inArray) {
      array.line(buf, start, end, here(), lineLength);
      return;
    }
    switch (preamble.mode) {
      case 'start':
        if (firstNonWhitespace(buf, start, end) === -1) return;
        if (isHttpStatusLine(buf, start, end)) {
          preamble.status(buf.subarray(start, Math.min(end, start + HEAD_BYTES)), here());
          return;
        }
        preamble.enterBody();
        handleBodyLine(buf, start, end, unterminated);
        return;
      case 'headers':
      case 'error-body':
        preamble.line(buf, start, end, here);
        return;
      case 'body':
        handleBodyLine(buf, start, end, unterminated);
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
    if (length >= piecesMin && handleLongPayload(pieces, length, unterminated)) return;
    const line = concat(pieces, joinTarget(length));
    handleLine(line, 0, line.length, unterminated, length);
    releaseJoinBuffer();
  }

  /** What a line is, from its first bytes (`pieces` hold more than STAND_IN_BYTES), as handleLine will see it. */
  function kindOf(pieces: readonly Uint8Array[]): LineKind {
    // An array element's lines are kept whole, whatever they start with (a pretty-printed base64 string).
    if (inArray) return 'event';
    if (preamble.mode === 'headers' || preamble.mode === 'error-body') return 'other';
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
    return preamble.mode === 'error-body' ? MAX_ERROR_BODY : STAND_IN_BYTES;
  }

  /** The line's first bytes, which handleLine treats as it would the whole line (its caps are within them); when they
   * are all whitespace, the line's first other byte is appended, as that decides what the line is. */
  function standInOf(pieces: readonly Uint8Array[], length: number): { bytes: Uint8Array; blank: boolean } {
    const head = concat(pieces, new Uint8Array(Math.min(length, preamble.mode === 'error-body' ? MAX_ERROR_BODY : STAND_IN_BYTES)));
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
    if (inArray || (preamble.mode !== 'body' && preamble.mode !== 'start')) return false;
    const head = concat(pieces, new Uint8Array(Math.min(length, HEAD_BYTES)));
    // A first line's BOM is no part of it, as in handleLine.
    const bom = firstLine && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const found = longPayloadStart(head, bom, pieces, stats.jsonLines + stats.dataLines === 0);
    if (found === null || (preamble.mode === 'start' && isHttpStatusLine(head, bom, head.length))) return false;
    const { valueStart, json } = found;
    firstLine = false;
    if (bom > 0) stats.bom = true;
    stats.lines++;
    preamble.enterBody();
    block.flush(false);
    if (json) stats.jsonLines++;
    else {
      stats.dataLines++;
      stats.dataEventsWithoutBlank++;
    }
    const value = dropPrefix(pieces, valueStart);
    let joined: Uint8Array | null = null;
    const frame = { kind: 'payload' as const, pieces: value, position: here(), eventName: json ? null : block.eventName, unterminated };
    onFrame(defineGetters(frame, { bytes: () => (joined ??= concat(value, joinTarget(length - valueStart))) }));
    releaseJoinBuffer();
    return true;
  }

  // Each line end the splitter finds in a chunk: the line is handled, and the next one begins after it.
  let base = 0;
  const sink: LineSink = {
    line(chunk, start, end, next) {
      if (dropped !== null) {
        dropPiece(chunk, start, end);
        finishDropped(false);
      } else if (partsLength > 0) {
        parts.push(chunk.subarray(start, end));
        handleSplitLine(partsLength + end - start, false);
      } else handleLine(chunk, start, end, false, end - start);
      lineNumber++;
      lineStart = base + next;
    },
    crlfTail() {
      lineStart = base + 1;
    },
  };

  function feed(input: Uint8Array): void {
    if (input.length === 0) return;
    // An input that opens with an AWS event stream prelude is binary messages, not lines (docs/spec.md §2).
    if (!started && mayOpenEventStream(input[0] as number)) binary = createEventStreamFramer(onFrame, stats, options.decodeEventStream, maxEventBytes);
    started = true;
    const chunk = binary === null ? input : binary.feed(input);
    if (chunk === null) return;
    binary = null;
    const n = chunk.length;
    base = stats.bytes;
    stats.bytes += n;
    const i = splitter.split(chunk, sink);
    if (i < n) {
      if (dropped !== null) dropPiece(chunk, i, n);
      else {
        parts.push(chunk.subarray(i));
        partsLength += n - i;
        if (partsLength > STAND_IN_BYTES) holdOrDrop();
      }
    }
  }

  let binary: EventStreamFramer | null = null;
  let started = false;
  function end(): void {
    // Null: a binary input, framed; bytes: what the binary framer held of an input that was no event stream.
    const text = binary?.end();
    if (text === null) return;
    binary = null;
    if (text !== undefined) feed(text);
    if (dropped !== null) {
      finishDropped(true);
      block.flush(true);
    } else if (partsLength > 0) {
      handleSplitLine(partsLength, true);
      block.flush(true);
    } else block.flush(false);
    if (inArray) array.end();
    joinBuffer = null;
    preamble.end({ line: lineNumber, byte: lineStart });
  }

  return defineGetters({ feed, end, stats }, { pendingBytes: () => binary?.pendingBytes ?? partsLength });
}
