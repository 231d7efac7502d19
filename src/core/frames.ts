import type { Diagnostic, Position } from './diagnostics.js';

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
  /** The input is a binary AWS event stream (src/core/event-stream.ts): it has no lines, positions are byte offsets. */
  binary: boolean;
  /** Messages of a binary AWS event stream. */
  eventStreamMessages: number;
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
  /**
   * Decodes one whole AWS event stream message, checking its CRCs, for the binary framing (docs/spec.md §2). The
   * core does no decoding of its own: a host passes the AWS SDK's codec (src/input/event-stream-codec.ts).
   */
  readonly decodeEventStream?: EventStreamDecoder;
  /** A payload line split across chunks at least this long is handed on in its pieces, not joined (default 8 MiB; tests lower it). */
  readonly piecesMin?: number;
  /** Called with the text of each `:` comment line after its colon (its first 256 bytes), for directives such as `respcat-ignore`. */
  readonly onComment?: (text: string, position: Position) => void;
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

/** Fresh framing counts. */
export function createFramingStats(): FramingStats {
  return {
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
    binary: false,
    eventStreamMessages: 0,
    dataEventsWithoutBlank: 0,
    done: 0,
    httpStatus: null,
    unrecognized: 0,
  };
}

/** One AWS event stream message as a codec read it: its headers (values as text) and its payload, or why it could not be read. */
export type EventStreamMessage =
  | { readonly ok: true; readonly headers: Readonly<Record<string, string>>; readonly body: Uint8Array }
  | { readonly ok: false; readonly problem: string };

/** Decodes one whole message (prelude to message CRC, as `total length` said); never throws. */
export type EventStreamDecoder = (message: Uint8Array) => EventStreamMessage;
