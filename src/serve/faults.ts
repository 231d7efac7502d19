import { createFramer, type Frame } from '../core/sse.js';
import { createFrameMapper, type FrameMapper } from './frame-mapper.js';
import { createArrayReframer } from './json-array-reframe.js';
import { createEventStreamReframer } from './event-stream-wire.js';
import { firstNonWhitespace } from '../core/bytes.js';
import { createLineSplitter, type LineSink } from '../core/lines.js';

/** How `respcat serve` bends a capture on its way to the client; everything off sends its bytes as they are. */
export interface FaultOptions {
  /** Send at most this many bytes per write (`--rechunk N`). */
  readonly rechunk: number | null;
  /** Send this many events whole, then drop the connection (`--cut-after N`). */
  readonly cutAfter: number | null;
  /** Leave out blank lines: the seed's data-line-per-event framing (`--strip-blank-lines`). */
  readonly stripBlankLines: boolean;
  /** Re-emit each event as canonical `event:`/`data:`/blank-line SSE (`--reframe`). */
  readonly reframe: boolean;
  /** Milliseconds to pause between events (`--delay MS`). */
  readonly delay: number;
}

/** One thing the sender does: write bytes, pause, or drop the connection (after which nothing follows). */
export type Step = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'pause'; readonly ms: number } | { readonly kind: 'cut' };

/** A synchronous byte-stream transformer: `push` each chunk of the capture, then `end` once; each returns the steps to take. */
export interface Shaper {
  push(chunk: Uint8Array): Step[];
  end(): Step[];
}

const LF = 0x0a;
const CR = 0x0d;
const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

/**
 * Creates the transformer for one response: reframing (to canonical SSE, or with `toJsonArray` to a streamed JSON
 * array), then blank-line stripping, then event-aware
 * pauses and the cut, then N-byte writes. With no fault set, chunks pass through untouched.
 */
export function createShaper(faults: FaultOptions, wire: { readonly toJsonArray?: boolean; readonly ndjson?: boolean; readonly eventStream?: boolean } = {}): Shaper {
  // A Gemini request without alt=sse is answered as a streamed JSON array, whatever framing the capture has; a binary
  // event stream capture (Bedrock's) always goes out as messages encoded anew, one an event, so --reframe changes nothing.
  const binary = wire.eventStream === true;
  const reframer = binary ? createEventStreamReframer() : wire.toJsonArray === true ? createArrayReframer() : faults.reframe ? createReframer(wire.ndjson === true) : null;
  // Lines only need finding when something works on lines or events.
  const lines = faults.stripBlankLines || faults.cutAfter !== null || faults.delay > 0 ? createPieceSplitter() : null;
  const events = faults.cutAfter !== null || faults.delay > 0 ? createEventTracker() : null;
  let cut = false;
  let droppedLine = false;

  function split(bytes: Uint8Array, out: Step[]): void {
    const size = faults.rechunk;
    if (size === null || bytes.length <= size) {
      out.push({ kind: 'bytes', bytes });
      return;
    }
    for (let at = 0; at < bytes.length; at += size) out.push({ kind: 'bytes', bytes: bytes.subarray(at, at + size) });
  }

  let messages = 0;
  function shape(bytes: Uint8Array, out: Step[]): void {
    if (cut || bytes.length === 0) return;
    if (binary) {
      // Each piece is one whole message: the events --cut-after counts and --delay spaces; there are no lines to strip.
      if (faults.cutAfter !== null && messages >= faults.cutAfter) {
        cut = true;
        out.push({ kind: 'cut' });
        return;
      }
      if (faults.delay > 0 && messages > 0) out.push({ kind: 'pause', ms: faults.delay });
      messages++;
      split(bytes, out);
      return;
    }
    if (lines === null) {
      split(bytes, out);
      return;
    }
    for (const piece of lines.split(bytes)) {
      if (faults.stripBlankLines) {
        // The LF of a CRLF split across chunks goes wherever its CR went.
        if (piece.tail ? droppedLine : piece.lineStart && piece.complete && isBlank(piece.bytes)) {
          droppedLine = true;
          continue;
        }
        if (!piece.tail) droppedLine = false;
      }
      if (events !== null && events.startsEvent(piece)) {
        if (faults.cutAfter !== null && events.payloads >= faults.cutAfter) {
          cut = true;
          out.push({ kind: 'cut' });
          return;
        }
        if (faults.delay > 0) out.push({ kind: 'pause', ms: faults.delay });
      }
      events?.feed(piece.bytes);
      split(piece.bytes, out);
    }
  }

  function start(out: Step[]): void {
    // --cut-after 0: the headers go out, then the connection drops before any event.
    if (faults.cutAfter === 0 && !cut) {
      cut = true;
      out.push({ kind: 'cut' });
    }
  }

  return {
    push(chunk) {
      const out: Step[] = [];
      start(out);
      if (reframer === null) shape(chunk, out);
      else for (const bytes of reframer.push(chunk)) shape(bytes, out);
      return out;
    },
    end() {
      const out: Step[] = [];
      start(out);
      if (reframer !== null) for (const bytes of reframer.end()) shape(bytes, out);
      // A capture with no more than N events still ends in a dropped connection, never a clean end:
      // a test of the client's error path must not pass because the capture was short.
      if (faults.cutAfter !== null && !cut) {
        cut = true;
        out.push({ kind: 'cut' });
      }
      return out;
    },
  };
}

/**
 * Creates a reframer: payload frames found by the framer come out as `event: <type>\ndata: <json>\n\n`
 * (no `event:` line when the JSON has no string `type`, as with Chat Completions chunks), `[DONE]` as
 * `data: [DONE]\n\n`; a `curl -i` preamble and unrecognized lines are left out. With `ndjson` (Ollama's
 * wire), each payload comes out as one JSON line and `[DONE]`, which that wire has not, is left out too.
 */
export function createReframer(ndjson = false): FrameMapper {
  return createFrameMapper((frame: Frame) => {
    if (frame.kind === 'done') return ndjson ? null : encoder.encode('data: [DONE]\n\n');
    if (frame.kind === 'payload') return ndjson ? jsonLine(frame.bytes) : reframe(frame.bytes);
    return null;
  });
}

/** A payload as one JSON line: as it was, or re-serialized when it spans lines (a multi-line `data:` event). */
function jsonLine(payload: Uint8Array): Uint8Array {
  if (!payload.includes(LF) && !payload.includes(CR)) {
    const bytes = new Uint8Array(payload.length + 1);
    bytes.set(payload);
    bytes[payload.length] = LF;
    return bytes;
  }
  const text = utf8.decode(payload);
  try {
    return encoder.encode(`${JSON.stringify(JSON.parse(text))}\n`);
  } catch {
    // Not JSON: one line per line, for the client to choke on as it would.
    return encoder.encode(`${text.replace(/\r\n?/g, '\n')}\n`);
  }
}

function reframe(payload: Uint8Array): Uint8Array {
  const text = utf8.decode(payload);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: passed on as it was, one data: line per line, for the client to choke on as it would.
    return encoder.encode(`${text.split('\n').map((line) => `data: ${line}\n`).join('')}\n`);
  }
  const type = value !== null && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  const head = typeof type === 'string' && !/[\r\n]/.test(type) ? `event: ${type}\n` : '';
  // The original JSON text is kept (number spellings and all) unless it spans lines, which one data: line cannot hold.
  const json = payload.includes(LF) || payload.includes(CR) ? JSON.stringify(value) : null;
  if (json !== null) return encoder.encode(`${head}data: ${json}\n\n`);
  const prefix = encoder.encode(`${head}data: `);
  const bytes = new Uint8Array(prefix.length + payload.length + 2);
  bytes.set(prefix);
  bytes.set(payload, prefix.length);
  bytes[bytes.length - 2] = LF;
  bytes[bytes.length - 1] = LF;
  return bytes;
}

/** A piece of the outgoing bytes: a whole line, or the part of one that has arrived. */
interface LinePiece {
  readonly bytes: Uint8Array;
  /** Begins a line (false for the rest of a line split across chunks). */
  readonly lineStart: boolean;
  /** Ends with the line's terminator. */
  readonly complete: boolean;
  /** The LF of a CRLF whose CR ended the previous chunk: part of the line before, not a line of its own. */
  readonly tail: boolean;
}

/** Cuts chunks after each line terminator (LF, CRLF, lone CR), remembering lines split across chunks: the framer's splitter. */
function createPieceSplitter(): { split(chunk: Uint8Array): LinePiece[] } {
  const splitter = createLineSplitter();
  let atLineStart = true;
  let pieces: LinePiece[] = [];
  const sink: LineSink = {
    line(chunk, start, _end, next) {
      pieces.push({ bytes: chunk.subarray(start, next), lineStart: atLineStart, complete: true, tail: false });
      atLineStart = true;
    },
    crlfTail(chunk) {
      pieces.push({ bytes: chunk.subarray(0, 1), lineStart: false, complete: true, tail: true });
    },
  };
  return {
    split(chunk) {
      pieces = [];
      const rest = splitter.split(chunk, sink);
      if (rest < chunk.length) {
        pieces.push({ bytes: chunk.subarray(rest), lineStart: atLineStart, complete: false, tail: false });
        atLineStart = false;
      }
      return pieces;
    },
  };
}

/**
 * Follows the outgoing bytes with the framer to know where events are: a piece starts a new event
 * when it is the first non-blank line after a finished event (so a cut or a pause falls after the
 * blank line that ends an event, where strict SSE clients dispatch it).
 */
function createEventTracker() {
  let payloads = 0;
  let afterEvent = false;
  let finished = false;
  const framer = createFramer((frame) => {
    if (frame.kind === 'payload') payloads++;
    if (frame.kind === 'payload' || frame.kind === 'done') finished = true;
  });
  return {
    get payloads() {
      return payloads;
    },
    startsEvent(piece: LinePiece): boolean {
      if (!afterEvent || !piece.lineStart || piece.tail || isBlank(piece.bytes)) return false;
      afterEvent = false;
      return true;
    },
    feed(bytes: Uint8Array): void {
      framer.feed(bytes);
      if (finished) {
        finished = false;
        afterEvent = true;
      }
    },
  };
}

function isBlank(bytes: Uint8Array): boolean {
  return firstNonWhitespace(bytes, 0, bytes.length) === -1;
}
