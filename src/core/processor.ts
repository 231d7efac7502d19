import { defineGetters } from './getters.js';
import type { Update } from './builder.js';
import { createDiagnostic, createDiagnosticLog, quote, type Diagnostic, type DiagnosticCode, type KEPT_PER_CODE, type OmittedDiagnostics, type Position } from './diagnostics.js';
import type { FamilyEvent, StreamFamily } from './family.js';
import { isNestedDeeperThan, MAX_JSON_DEPTH } from './json-depth.js';
import { LAZY_MIN_PAYLOAD, LONG_STRING, parseLargeJson, UNCERTAIN, type AsciiDecoder, type ByteStringKeys } from './lazy-json.js';
import type { ResponseState } from './model.js';
import { createRouter, type DecodeResult } from './router.js';
import type { EventRecord, ForeignPayloads, Rule } from './rules/index.js';
import { createFramer, type Frame, type FramerOptions, type FramingStats, type PayloadFrame } from './sse.js';
import { wire, type JsonObject } from './wire.js';

/** A decoded event with where it sat in the input, and the family it belongs to (null: none claimed it). */
export interface PositionedEvent {
  readonly family: StreamFamily | null;
  readonly event: FamilyEvent;
  readonly json: JsonObject;
  readonly rawType: string;
  readonly position: Position;
  /** The response the event went to (null: none). */
  readonly response: ResponseState | null;
}

/** Listeners for what the processor finds; every callback runs synchronously inside `feed`/`end`. */
export interface ProcessorCallbacks {
  onUpdate?(update: Update): void;
  onDiagnostic?(diagnostic: Diagnostic): void;
  onEvent?(event: PositionedEvent): void;
}

/** Options for a processor. */
export interface ProcessorOptions extends ProcessorCallbacks {
  /** The stream families it reads, in registry order (src/families/index.ts). */
  readonly families: readonly StreamFamily[];
  /** The rules to run. */
  readonly rules: readonly Rule[];
  /**
   * Turns bytes that are all printable ASCII into a string; used for the long strings (base64) of large
   * payloads. A host may pass a faster one than the default TextDecoder (Node: latin1 decoding of a byte buffer).
   */
  readonly decodeAscii?: AsciiDecoder;
  /**
   * The text of bytes[start, end) when every byte is ASCII, else null. A host may pass a fast one (Node: a
   * SIMD ASCII check and a latin1 slice): small payloads are then sliced from the text of a window of the
   * chunk instead of each being decoded on its own, which costs more than parsing most of them.
   */
  readonly asciiText?: (bytes: Uint8Array, start: number, end: number) => string | null;
  /**
   * For a window that is not all ASCII: whether bytes[start, end) are valid UTF-8, and the text of a range
   * that is. A host may pass fast ones (Node: a SIMD check and a UTF-8 slice): a window is then checked once,
   * and each of its payloads sliced without a check of its own, instead of a strict TextDecoder call each.
   */
  readonly utf8Text?: { readonly valid: (bytes: Uint8Array, start: number, end: number) => boolean; readonly slice: (bytes: Uint8Array, start: number, end: number) => string };
  /** Allocates the buffers lines split across chunks are joined into (see {@link FramerOptions}). */
  readonly allocate?: (length: number) => Uint8Array;
  /**
   * The cheap path for large payloads (see lazy-json.ts): on by default; false decodes and parses every
   * payload whole. Tests lower its thresholds to run it on every payload and string, and compare.
   */
  readonly lazy?: boolean | { readonly minPayload?: number; readonly longString?: number };
  /**
   * Decode a long string under one of the families' `deferredKeys` (a Responses image `result`) of a very
   * long line (one that came in several chunks) only when something reads it: a terminal response repeats
   * every image, and a replay that already wrote them never reads them again. Such a value keeps its chunks alive until read or dropped, so this is only for callers
   * that never overwrite a chunk after feeding it (Node streams hand out a new buffer per read).
   */
  readonly deferResults?: boolean;
  /**
   * Leave a string of at least BYTE_STRING_MIN characters under one of the families' `byteKeys` (a Responses
   * image's base64) of a very long line as a ByteString of views of its chunks: a 100 MB image line is then
   * never joined nor made one string (the image processor decodes its pieces). Only for callers that never
   * overwrite a chunk after feeding it, and whose listeners take such a value (an update's `b64`, an event's
   * field). `min` and `piecesMin` (the framer's, see {@link FramerOptions}) lower the thresholds: replay takes
   * every image line of 256 KiB and more this way, and tests take small ones.
   */
  readonly byteStrings?: boolean | { readonly min?: number; readonly piecesMin?: number };
  /** A lower limit than MAX_EVENT_BYTES on an event's size (see {@link FramerOptions}). */
  readonly maxEventBytes?: number;
  /** Each SSE comment line's text (see {@link FramerOptions}). */
  readonly onComment?: FramerOptions['onComment'];
  /** The codec of binary AWS event streams (see {@link FramerOptions}). */
  readonly decodeEventStream?: FramerOptions['decodeEventStream'];
}

/** Bytes in; events, updates, responses and diagnostics out. The whole pure pipeline for one input. */
export interface Processor {
  feed(chunk: Uint8Array): void;
  end(): void;
  readonly responses: readonly ResponseState[];
  /** Diagnostics in the order found: the first {@link KEPT_PER_CODE} of each code (every one is passed to `onDiagnostic`). */
  readonly diagnostics: readonly Diagnostic[];
  /** Per code, the diagnostics beyond those kept, counted. */
  readonly omittedDiagnostics: readonly OmittedDiagnostics[];
  readonly stats: Readonly<FramingStats>;
  /** Bytes of an unfinished line held from earlier chunks. */
  readonly pendingBytes: number;
  /** Events decoded, and how many of each raw `type`. */
  readonly eventCount: number;
  readonly eventTypes: ReadonlyMap<string, number>;
}

/** Strings at least this long under a family's `byteKeys` stay bytes (processor option `byteStrings`); only lines this long come in pieces. */
export const BYTE_STRING_MIN = 8 << 20;

/** Distinct `type` values an `unsupported-stream` finding quotes. */
const FOREIGN_TYPES = 4;
/** Bytes of a chunk turned into text at once for small payloads: a young-generation string, dead after the chunk. */
const TEXT_WINDOW = 64 * 1024;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** Creates the pipeline framer → router (each family's decoder and accumulator) → rules for one input. */
export function createProcessor(options: ProcessorOptions): Processor {
  const diagnostics = createDiagnosticLog();
  const eventTypes = new Map<string, number>();
  let eventCount = 0;
  let familyEvents = 0;
  let httpError = false;
  const rules = options.rules;
  // JSON objects no family claimed, for `unsupported-stream`: a count and a few types, never all of them.
  let foreign: { first: Position; count: number; types: string[]; moreTypes: boolean; untyped: number } | null = null;
  function noteForeign(type: string | null, position: Position): void {
    foreign ??= { first: position, count: 0, types: [], moreTypes: false, untyped: 0 };
    foreign.count++;
    if (type === null) foreign.untyped++;
    else if (!foreign.types.includes(type)) {
      if (foreign.types.length < FOREIGN_TYPES) foreign.types.push(type);
      else foreign.moreTypes = true;
    }
  }

  function report(code: DiagnosticCode, message: string, position: Position): void {
    const diagnostic = createDiagnostic(code, message, position);
    diagnostics.add(diagnostic);
    options.onDiagnostic?.(diagnostic);
  }

  // Each rule's hooks, bound once: calling optional methods across seven rule objects per event is a
  // megamorphic lookup, and a hot one (every delta is an event and an update).
  const eventHooks = rules.flatMap((rule) => (rule.onEvent === undefined ? [] : [rule.onEvent.bind(rule)]));
  const updateHooks = rules.flatMap((rule) => (rule.onUpdate === undefined ? [] : [rule.onUpdate.bind(rule)]));
  const onUpdate = options.onUpdate;
  const onEvent = options.onEvent;

  const router = createRouter(options.families, (update) => {
    onUpdate?.(update);
    for (const hook of updateHooks) hook(update, report);
  });
  const deferredKeys: ReadonlySet<string> = new Set(options.families.flatMap((family) => family.deferredKeys ?? []));
  const byteOption = options.byteStrings ?? false;
  // An event's own fields (`partial_image_b64`), and fields of the object at one of its keys (`item.result`).
  const byteKeys = new Set<string>();
  const nestedByteKeys = new Map<string, Set<string>>();
  for (const path of options.families.flatMap((family) => family.byteKeys ?? [])) {
    const dot = path.indexOf('.');
    if (dot === -1) byteKeys.add(path);
    else nestedByteKeys.set(path.slice(0, dot), (nestedByteKeys.get(path.slice(0, dot)) ?? new Set()).add(path.slice(dot + 1)));
  }
  const byteStrings: ByteStringKeys | null =
    byteOption === false || byteKeys.size + nestedByteKeys.size === 0
      ? null
      : { keys: byteKeys, min: byteOption === true ? BYTE_STRING_MIN : (byteOption.min ?? BYTE_STRING_MIN), nested: nestedByteKeys };

  const decodeAscii = options.decodeAscii;
  const lazy = options.lazy ?? true;
  const minPayload = lazy === false ? Infinity : lazy === true ? LAZY_MIN_PAYLOAD : (lazy.minPayload ?? LAZY_MIN_PAYLOAD);
  const longString = typeof lazy === 'object' ? (lazy.longString ?? LONG_STRING) : LONG_STRING;
  const decodeStrict = (bytes: Uint8Array): string => strictUtf8.decode(bytes);

  function onPayload(frame: PayloadFrame): void {
    // Large payloads (images) first try the cheap path; it gives the same value as the full path or none.
    // A very long line comes in its pieces: the cheap path reads them where they are, unjoined.
    const pieces = frame.pieces;
    let size = 0;
    if (pieces === undefined) size = frame.bytes.length;
    else for (const piece of pieces) size += piece.length;
    if (size >= minPayload) {
      const deferKeys = pieces !== undefined && options.deferResults === true && deferredKeys.size > 0 ? deferredKeys : undefined;
      // Bytes are left only in the chunks' own pieces: a joined line sits in a buffer the framer reuses.
      const value = parseLargeJson(pieces ?? frame.bytes, decodeStrict, decodeAscii, longString, deferKeys, pieces !== undefined ? byteStrings : null);
      if (value !== UNCERTAIN) {
        const decoded = router.decode(value);
        // Anything but a decoded event is reported by the full path, with the payload's text quoted.
        if (decoded.ok) {
          accept(decoded, frame.position);
          return;
        }
      }
    }
    let text = pieces === undefined ? sliceOfChunk(frame.bytes) : null;
    // A payload larger than a window (the cheap path left it, or it was joined from chunks): checked with the
    // host's SIMD check and sliced, as a window is; a strict TextDecoder is several times slower on non-ASCII text.
    if (text === null && utf8Text !== undefined && frame.bytes.length > TEXT_WINDOW && onCharacterBounds(frame.bytes, 0, frame.bytes.length) && utf8Text.valid(frame.bytes, 0, frame.bytes.length)) {
      text = utf8Text.slice(frame.bytes, 0, frame.bytes.length);
    }
    if (text === null) {
      try {
        text = strictUtf8.decode(frame.bytes);
      } catch {
        report('invalid-utf8', 'Expected UTF-8 text, found bytes that are not valid UTF-8', frame.position);
        text = lossyUtf8.decode(frame.bytes);
      }
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = frame.unterminated
        ? `The input is cut off inside this event after ${frame.bytes.length} bytes: ${quote(text.slice(0, 60))}`
        : `Expected a JSON event, found ${quote(text)} (${reason.slice(0, 80)})`;
      report('invalid-json', message, frame.position);
      return;
    }
    // Nesting d levels deep takes 2d characters: shorter payloads need no walk.
    if (text.length > 2 * MAX_JSON_DEPTH && isNestedDeeperThan(value, MAX_JSON_DEPTH)) {
      const type = value !== null && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
      const what = typeof type === 'string' ? `a ${quote(type)} event` : 'an event';
      report('nesting-too-deep', `Expected arrays and objects nested at most ${MAX_JSON_DEPTH} levels deep, found ${what} nested deeper; skipped`, frame.position);
      return;
    }
    const decoded = router.decode(value);
    if (!decoded.ok) {
      if (wire.obj(value) !== null) noteForeign(null, frame.position);
      report('missing-type', `Expected an event object with a string "type", found ${quote(text)}`, frame.position);
      return;
    }
    accept(decoded, frame.position, text);
  }

  // The chunk being fed, and the text of a window of it (null: the window is not all ASCII; then
  // windowUtf8 says whether it is valid UTF-8).
  const asciiText = options.asciiText;
  const utf8Text = options.utf8Text;
  let chunk: Uint8Array | null = null;
  let windowStart = 0;
  let windowEnd = 0;
  let windowText: string | null = null;
  let windowUtf8 = false;

  /** A payload's text sliced from its chunk's window text, when it lies in the chunk and the window is ASCII. */
  function sliceOfChunk(bytes: Uint8Array): string | null {
    if (asciiText === undefined || chunk === null || bytes.buffer !== chunk.buffer) return null;
    const start = bytes.byteOffset - chunk.byteOffset;
    const end = start + bytes.length;
    // A payload joined from several chunks lives elsewhere (the join buffer may share a pooled backing store).
    if (start < 0 || end > chunk.length) return null;
    if (start < windowStart || end > windowEnd) {
      windowStart = start;
      windowEnd = Math.min(chunk.length, Math.max(end, start + TEXT_WINDOW));
      windowText = asciiText(chunk, windowStart, windowEnd);
      windowUtf8 = false;
      if (windowText === null && utf8Text !== undefined) {
        // The window may not end inside a character: it ends before one its end would cut.
        while (windowEnd > end && windowEnd < chunk.length && ((chunk[windowEnd] as number) & 0xc0) === 0x80) windowEnd--;
        windowUtf8 = utf8Text.valid(chunk, windowStart, windowEnd);
      }
    }
    if (windowText !== null) return windowText.slice(start - windowStart, end - windowStart);
    if (!windowUtf8 || utf8Text === undefined || !onCharacterBounds(chunk, start, end)) return null;
    return utf8Text.slice(chunk, start, end);
  }

  function accept(decoded: DecodeResult & { ok: true }, position: Position, text: string | null = null): void {
    eventCount++;
    eventTypes.set(decoded.rawType, (eventTypes.get(decoded.rawType) ?? 0) + 1);
    if (decoded.family !== null) familyEvents++;
    else noteForeign(decoded.rawType, position);
    if (decoded.event.type === 'unknown') {
      report('unknown-event', `Unknown event type ${quote(decoded.rawType)}, passed through`, position);
    }
    router.push(decoded.family, decoded.event, decoded.json, position);
    // Built field by field: an object spread here costs more than the rest of a small event's handling.
    const record: EventRecord = { family: decoded.family, event: decoded.event, json: decoded.json, rawType: decoded.rawType, position, response: router.builder.current, text };
    onEvent?.(record);
    for (const hook of eventHooks) hook(record, report);
  }

  function onFrame(frame: Frame): void {
    switch (frame.kind) {
      case 'payload':
        onPayload(frame);
        return;
      case 'done':
        router.done(frame.position);
        return;
      case 'diagnostic':
        diagnostics.add(frame.diagnostic);
        options.onDiagnostic?.(frame.diagnostic);
        return;
      case 'http-status':
        return;
      case 'http-error-body':
        httpError = true;
        report('http-error', describeHttpError(frame.status, frame.body), frame.position);
        return;
    }
  }

  // Every payload is decoded inside onFrame and nothing keeps its bytes: the framer may reuse its join buffer.
  const framer = createFramer(onFrame, {
    reuseJoinBuffer: true,
    ...(options.allocate !== undefined ? { allocate: options.allocate } : {}),
    ...(options.maxEventBytes !== undefined ? { maxEventBytes: options.maxEventBytes } : {}),
    ...(typeof byteOption === 'object' && byteOption.piecesMin !== undefined ? { piecesMin: byteOption.piecesMin } : {}),
    ...(options.onComment !== undefined ? { onComment: options.onComment } : {}),
    ...(options.decodeEventStream !== undefined ? { decodeEventStream: options.decodeEventStream } : {}),
  });
  const methods: Omit<Processor, 'pendingBytes' | 'eventCount'> = {
    feed(bytes) {
      chunk = bytes;
      windowStart = windowEnd = 0;
      try {
        framer.feed(bytes);
      } finally {
        chunk = null;
        windowText = null;
      }
    },
    end() {
      const before = framer.stats.lines;
      framer.end();
      // The framer counts the last line only at end() when no line end followed it: a cut mid-line.
      const cutMidLine = framer.stats.lines > before;
      // A binary input has no lines: where it ends is a byte offset (line 0).
      const lastLine: Position = { line: framer.stats.binary ? 0 : Math.max(1, framer.stats.lines), byte: framer.stats.bytes };
      router.end();
      const found: ForeignPayloads | null = foreign;
      const end = { responses: router.responses, events: eventCount, familyEvents, foreign: found, lastLine, cutMidLine, httpError };
      for (const rule of rules) rule.onEnd?.(end, report);
    },
    responses: router.responses,
    diagnostics: diagnostics.kept,
    omittedDiagnostics: diagnostics.omitted,
    stats: framer.stats,
    eventTypes,
  };
  return defineGetters(methods, { pendingBytes: () => framer.pendingBytes, eventCount: () => eventCount });
}

/**
 * Whether bytes[start, end) of a valid UTF-8 window begin and end on characters' bounds (always so for a
 * payload: ASCII bytes stand either side of it), and do not begin with a BOM, which TextDecoder drops and
 * a slice keeps: then the slice is what a strict TextDecoder gives.
 */
function onCharacterBounds(bytes: Uint8Array, start: number, end: number): boolean {
  const first = bytes[start] as number;
  if ((first & 0xc0) === 0x80 || (end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80)) return false;
  return !(first === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf);
}

function describeHttpError(status: number, body: string): string {
  let detail = body.trim();
  try {
    const parsed: unknown = JSON.parse(body);
    const error = parsed !== null && typeof parsed === 'object' ? (parsed as { error?: { code?: unknown; message?: unknown } }).error : undefined;
    if (error !== undefined) detail = `${typeof error.code === 'string' ? `${error.code}: ` : ''}${String(error.message ?? '')}`;
  } catch {
    // Not JSON: quote the body as it is.
  }
  return `HTTP ${status} instead of a stream: ${quote(detail, 100)}`;
}
