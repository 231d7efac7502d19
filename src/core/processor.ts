import { createAccumulator, type Update } from './accumulator.js';
import { createDiagnostic, quote, type Diagnostic, type DiagnosticCode, type Position } from './diagnostics.js';
import { decodeEvent, type JsonObject, type StreamEvent } from './events.js';
import type { ResponseState } from './model.js';
import { createRules, type Rule } from './rules/index.js';
import { createFramer, type Frame, type FramingStats, type PayloadFrame } from './sse.js';

/** A decoded event with where it sat in the input. */
export interface PositionedEvent {
  readonly event: StreamEvent;
  readonly json: JsonObject;
  readonly rawType: string;
  readonly position: Position;
}

/** Listeners for what the processor finds; every callback runs synchronously inside `feed`/`end`. */
export interface ProcessorCallbacks {
  onUpdate?(update: Update): void;
  onDiagnostic?(diagnostic: Diagnostic): void;
  onEvent?(event: PositionedEvent): void;
}

/** Options for a processor. */
export interface ProcessorOptions extends ProcessorCallbacks {
  /** The rules to run; every stream rule by default. */
  readonly rules?: readonly Rule[];
}

/** Bytes in; events, updates, responses and diagnostics out. The whole pure pipeline for one input. */
export interface Processor {
  feed(chunk: Uint8Array): void;
  end(): void;
  readonly responses: readonly ResponseState[];
  readonly diagnostics: readonly Diagnostic[];
  readonly stats: Readonly<FramingStats>;
  /** Events decoded, and how many of each raw `type`. */
  readonly eventCount: number;
  readonly eventTypes: ReadonlyMap<string, number>;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

/** Creates the pipeline framer → decoder → accumulator → rules for one input. */
export function createProcessor(options: ProcessorOptions = {}): Processor {
  const diagnostics: Diagnostic[] = [];
  const eventTypes = new Map<string, number>();
  let eventCount = 0;
  let httpError = false;
  let lastPosition: Position = { line: 1, byte: 0 };
  const rules = options.rules ?? createRules();

  function report(code: DiagnosticCode, message: string, position: Position): void {
    const diagnostic = createDiagnostic(code, message, position);
    diagnostics.push(diagnostic);
    options.onDiagnostic?.(diagnostic);
  }

  const accumulator = createAccumulator((update) => {
    options.onUpdate?.(update);
    for (const rule of rules) rule.onUpdate?.(update, report);
  });

  function onPayload(frame: PayloadFrame): void {
    let text: string;
    try {
      text = strictUtf8.decode(frame.bytes);
    } catch {
      report('invalid-utf8', 'Expected UTF-8 text, found bytes that are not valid UTF-8', frame.position);
      text = lossyUtf8.decode(frame.bytes);
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
    const decoded = decodeEvent(value);
    if (!decoded.ok) {
      report('missing-type', `Expected an event object with a string "type", found ${quote(text)}`, frame.position);
      return;
    }
    eventCount++;
    eventTypes.set(decoded.rawType, (eventTypes.get(decoded.rawType) ?? 0) + 1);
    if (decoded.event.type === 'unknown') {
      report('unknown-event', `Unknown event type ${quote(decoded.rawType)}, passed through`, frame.position);
    }
    accumulator.push(decoded.event, decoded.json, frame.position);
    const record = { ...decoded, position: frame.position, response: accumulator.current };
    options.onEvent?.(record);
    for (const rule of rules) rule.onEvent?.(record, report);
  }

  function onFrame(frame: Frame): void {
    switch (frame.kind) {
      case 'payload':
        onPayload(frame);
        return;
      case 'done':
        accumulator.done(frame.position);
        return;
      case 'diagnostic':
        diagnostics.push(frame.diagnostic);
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

  const framer = createFramer(onFrame);
  let cutMidLine = false;

  return {
    feed(chunk) {
      framer.feed(chunk);
    },
    end() {
      const before = framer.stats.lines;
      framer.end();
      cutMidLine = framer.stats.lines > before;
      const lines = Math.max(1, framer.stats.lines);
      lastPosition = { line: lines, byte: framer.stats.bytes };
      accumulator.end();
      const end = { responses: accumulator.responses, events: eventCount, lastLine: lastPosition, cutMidLine, httpError };
      for (const rule of rules) rule.onEnd?.(end, report);
    },
    responses: accumulator.responses,
    diagnostics,
    stats: framer.stats,
    get eventCount() {
      return eventCount;
    },
    eventTypes,
  };
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
