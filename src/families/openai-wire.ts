import type { ResponseBuilder } from '../core/builder.js';
import { quote, type Position } from '../core/diagnostics.js';
import type { OutcomeFinding } from '../core/family.js';
import type { Usage } from '../core/model.js';
import { wire, type JsonObject } from '../core/wire.js';

/**
 * What the three OpenAI stream families share on the wire: the error object (a Responses `error` event,
 * a chat stream's `{"error": …}`, the same inside an Images API stream) and token usage in two spellings.
 */

const { str, num, obj } = wire;

/** The `error` event, either shape: flat (`code`, `message`, `param`) or nested (`error: {type, code, message, param}`). */
export interface ErrorEvent {
  readonly type: 'error';
  readonly sequence_number?: number;
  /** `code`, or the nested error's `type` when its code is null. */
  readonly code: string | null;
  readonly message: string;
  readonly param: string | null;
  /** The nested shape's `error.type` (`insufficient_quota`, `server_error`, …); null for the flat shape. */
  readonly errorType: string | null;
  /** What the model generated before the server gave up (Groq's `tool_use_failed`), when the error says. */
  readonly failedGeneration?: string;
}

/** Whether a payload without a string `type` is an error object (`{"error": {…}}`). */
export function isUntypedError(json: JsonObject): boolean {
  return obj(json.error) !== null;
}

/** Decodes an error event of either shape. */
export function decodeError(json: JsonObject): ErrorEvent {
  const nested = obj(json.error);
  const source = nested ?? json;
  const errorType = nested !== null ? str(nested.type) : null;
  const event: { -readonly [K in keyof ErrorEvent]: ErrorEvent[K] } = {
    type: 'error',
    // OpenRouter's codes are numbers (HTTP statuses).
    code: str(source.code) ?? (typeof source.code === 'number' ? String(source.code) : null) ?? errorType,
    message: str(source.message) ?? '',
    param: str(source.param),
    errorType,
  };
  if (typeof json.sequence_number === 'number') event.sequence_number = json.sequence_number;
  const failed = str(source.failed_generation);
  if (failed !== null) event.failedGeneration = failed;
  return event;
}

/**
 * An error belongs to the response in flight, and a stray error after a terminal event still belongs to that
 * response, not to a new one. Where the family has no failed event (`ends`), the error is where its stream ends:
 * the SDKs raise on it and read no further.
 */
export function accumulateError(builder: ResponseBuilder, family: string, event: ErrorEvent, at: Position, ends: boolean): void {
  const response = builder.current ?? builder.start(family, at);
  response.events++;
  response.error ??= { code: event.code, message: event.message };
  if (ends && response.terminal === null) builder.fail(response, at);
}

/** The `error-event` finding of an error event. */
export function errorEventFinding(event: ErrorEvent): OutcomeFinding {
  const code = event.code !== null ? `${event.code}: ` : '';
  const failed = event.failedGeneration !== undefined ? ` (failed generation ${quote(event.failedGeneration, 60)})` : '';
  return { code: 'error-event', message: `Error event: ${code}${quote(event.message, 80)}${failed}` };
}

/** Reads usage from a response object (Responses), chunk (Chat) or Images API event, in the common names. */
export function decodeUsage(value: unknown): Usage | null {
  const u = obj(value);
  if (u === null) return null;
  const input = num(u.input_tokens ?? u.prompt_tokens, 0);
  const output = num(u.output_tokens ?? u.completion_tokens, 0);
  const inputDetails = obj(u.input_tokens_details) ?? obj(u.prompt_tokens_details);
  const outputDetails = obj(u.output_tokens_details) ?? obj(u.completion_tokens_details);
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: num(u.total_tokens, input + output),
    cached_tokens: num(inputDetails?.cached_tokens, 0),
    reasoning_tokens: num(outputDetails?.reasoning_tokens, 0),
  };
}
