import type { Update } from '../accumulator.js';
import type { DiagnosticCode, Position } from '../diagnostics.js';
import type { JsonObject, StreamEvent } from '../events.js';
import type { ResponseState } from '../model.js';

/** One decoded event as rules see it, with the response the accumulator put it in. */
export interface EventRecord {
  readonly event: StreamEvent;
  readonly json: JsonObject;
  readonly rawType: string;
  readonly position: Position;
  readonly response: ResponseState | null;
}

/** What rules know once the input has ended. */
export interface EndOfInput {
  readonly responses: readonly ResponseState[];
  /** Events decoded (valid JSON with a type). */
  readonly events: number;
  /** The input's last line (where `missing-terminal-event` points). */
  readonly lastLine: Position;
  /** The input ended in the middle of a line. */
  readonly cutMidLine: boolean;
  /** An HTTP error body was reported (then an empty stream is not news). */
  readonly httpError: boolean;
}

/** Where a rule reports its findings. */
export type Report = (code: DiagnosticCode, message: string, position: Position) => void;

/** A check over the stream: it observes events and accumulator updates and reports diagnostics. */
export interface Rule {
  readonly codes: readonly DiagnosticCode[];
  onEvent?(record: EventRecord, report: Report): void;
  onUpdate?(update: Update, report: Report): void;
  onEnd?(end: EndOfInput, report: Report): void;
}
