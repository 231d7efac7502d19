/**
 * respcat as a library: the pure parser and accumulator behind the CLI, typed.
 *
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { parseStream, messageText } from 'respcat';
 * const parsed = await parseStream(createReadStream('capture.sse'));
 * console.log(parsed.responses.map(messageText), parsed.diagnostics);
 * ```
 */
import { createProcessor, type ProcessorOptions } from './core/processor.js';
import type { Diagnostic } from './core/diagnostics.js';
import type { ResponseState } from './core/model.js';
import type { FramingStats } from './core/sse.js';

export { createAccumulator, type Accumulator, type Update } from './core/accumulator.js';
export {
  DIAGNOSTIC_CODES,
  SEVERITY,
  STREAM_FAILURE_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type Position,
  type Severity,
} from './core/diagnostics.js';
export {
  decodeEvent,
  isKnownType,
  KNOWN_EVENT_TYPES,
  LEGACY_EVENT_TYPES,
  TEXT_STREAMS,
  type DecodeResult,
  type EventOfType,
  type JsonObject,
  type KnownEventType,
  type StreamEvent,
  type TextStreamKind,
  type UnknownEvent,
  type Usage,
} from './core/events.js';
export {
  itemsInOrder,
  messageText,
  streamValue,
  type Family,
  type ImageRecord,
  type ItemState,
  type ResponseState,
  type TextStreamState,
} from './core/model.js';
export { createProcessor, type PositionedEvent, type Processor, type ProcessorCallbacks, type ProcessorOptions } from './core/processor.js';
export { MAX_JSON_DEPTH } from './core/json-depth.js';
export { createFramer, MAX_EVENT_BYTES, type Frame, type Framer, type FramingStats, type PayloadFrame } from './core/sse.js';

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
  options: ProcessorOptions = {},
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
