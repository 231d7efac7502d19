/**
 * respcat as a library: the pure parser and the stream families behind the CLI, typed.
 *
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { parseStream, messageText } from 'respcat';
 * const parsed = await parseStream(createReadStream('capture.sse'));
 * console.log(parsed.responses.map(messageText), parsed.diagnostics);
 * ```
 */
import type { Diagnostic } from './core/diagnostics.js';
import type { ResponseState } from './core/model.js';
import type { FramingStats } from './core/sse.js';
import { createProcessor, type StreamProcessorOptions } from './families/index.js';

export type { ItemPlace, ResponseBuilder, Update } from './core/builder.js';
// An image update's `b64` is a ByteString only for a processor asked for them (`byteStrings`).
export { ByteString, type Text } from './core/byte-string.js';
export {
  DIAGNOSTIC_CODES,
  SEVERITY,
  STREAM_FAILURE_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type Position,
  type Severity,
} from './core/diagnostics.js';
export type { Claim, FamilyAccumulator, FamilyEvent, StreamFamily, UnknownEvent } from './core/family.js';
export {
  itemsInOrder,
  messageText,
  streamValue,
  TEXT_STREAM_KINDS,
  type ImageRecord,
  type ItemState,
  type ResponseState,
  type TextStreamKind,
  type TextStreamState,
  type Usage,
} from './core/model.js';
export type { PositionedEvent, Processor, ProcessorCallbacks } from './core/processor.js';
export type { DecodeResult } from './core/router.js';
export { MAX_JSON_DEPTH } from './core/json-depth.js';
export { createFramer, MAX_EVENT_BYTES, type Frame, type Framer, type FramingStats, type PayloadFrame } from './core/sse.js';
export type { JsonObject } from './core/wire.js';
export {
  createAccumulator,
  createProcessor,
  decodeEvent,
  FAMILIES,
  isKnownType,
  KNOWN_EVENT_TYPES,
  LEGACY_EVENT_TYPES,
  TEXT_STREAMS,
  type Accumulator,
  type Family,
  type StreamEvent,
  type StreamProcessorOptions,
} from './families/index.js';

/** Everything parsing one whole input found. */
export interface ParsedStream {
  readonly responses: readonly ResponseState[];
  readonly diagnostics: readonly Diagnostic[];
  readonly eventCount: number;
  readonly eventTypes: ReadonlyMap<string, number>;
  readonly stats: Readonly<FramingStats>;
}

/**
 * Parses a capture from any byte source (a Node stream, a web stream, an array of chunks or strings);
 * callbacks in `options` see events, updates and diagnostics as they happen. Never throws on content.
 */
export async function parseStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: StreamProcessorOptions = {},
): Promise<ParsedStream> {
  const processor = createProcessor(options);
  const encoder = new TextEncoder();
  for await (const chunk of source) processor.feed(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
  processor.end();
  return {
    responses: processor.responses,
    diagnostics: processor.diagnostics,
    eventCount: processor.eventCount,
    eventTypes: processor.eventTypes,
    stats: processor.stats,
  };
}
