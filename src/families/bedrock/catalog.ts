import type { UnknownEvent } from '../../core/family.js';
import type { JsonObject } from '../../core/wire.js';

/**
 * The Bedrock ConverseStream catalog (the Bedrock Runtime API reference, `ConverseStreamOutput`): each event is an
 * object with one member named by its type (`{"contentBlockDelta": {…}}`), which is how the binary event stream's
 * `:event-type` / `:exception-type` headers read once framed (src/core/event-stream.ts) and how SDK logs save them.
 */
export const BEDROCK_EVENT_TYPES = [
  'messageStart',
  'contentBlockStart',
  'contentBlockDelta',
  'contentBlockStop',
  'messageStop',
  'metadata',
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'serviceUnavailableException',
  'eventStreamError',
] as const;

/** The exceptions a stream can end with (`:message-type: exception`), and the event stream's own error message. */
export const BEDROCK_EXCEPTIONS = [
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'serviceUnavailableException',
  'eventStreamError',
] as const;

/** `messageStart`: the assistant's message begins. */
export interface MessageStartEvent {
  readonly type: 'messageStart';
  readonly role: string | null;
}

/** `contentBlockStart`: a block that announces itself (a tool use, with its id and name); text and reasoning blocks start with their first delta. */
export interface ContentBlockStartEvent {
  readonly type: 'contentBlockStart';
  readonly index: number;
  readonly start: { readonly kind: 'toolUse'; readonly toolUseId: string | null; readonly name: string | null } | { readonly kind: 'other'; readonly rawType: string };
}

/** What one `contentBlockDelta` adds (`ContentBlockDelta`, a union of one member); a member respcat does not know adds nothing. */
export type BedrockDelta =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'toolUse'; readonly input: string }
  | { readonly kind: 'reasoningText'; readonly text: string }
  // The signature and the redacted content are opaque and never shown: only their lengths are kept.
  | { readonly kind: 'reasoningSignature'; readonly length: number }
  | { readonly kind: 'reasoningRedacted'; readonly length: number }
  | { readonly kind: 'citation'; readonly citation: JsonObject }
  | { readonly kind: 'other'; readonly rawType: string };

/** `contentBlockDelta`: a piece of block `contentBlockIndex`. */
export interface ContentBlockDeltaEvent {
  readonly type: 'contentBlockDelta';
  readonly index: number;
  readonly delta: BedrockDelta;
}

/** `contentBlockStop`: block `contentBlockIndex` is whole. */
export interface ContentBlockStopEvent {
  readonly type: 'contentBlockStop';
  readonly index: number;
}

/** `messageStop`: the message is over, and why (`end_turn`, `tool_use`, `max_tokens`, `stop_sequence`, `guardrail_intervened`, `content_filtered`, …). */
export interface MessageStopEvent {
  readonly type: 'messageStop';
  readonly stopReason: string | null;
}

/** Token counts as `metadata.usage` gives them; null where absent. */
export interface BedrockUsage {
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
  readonly totalTokens: number | null;
  readonly cacheReadInputTokens: number | null;
  readonly cacheWriteInputTokens: number | null;
}

/** `metadata`: after `messageStop`, the usage and `metrics.latencyMs`. */
export interface MetadataEvent {
  readonly type: 'metadata';
  readonly usage: BedrockUsage | null;
  readonly latencyMs: number | null;
}

/** An exception that ends the stream (`:message-type: exception`), or the event stream's generic error: its name and message. */
export interface ExceptionEvent {
  readonly type: (typeof BEDROCK_EXCEPTIONS)[number];
  readonly message: string;
}

/** Every Bedrock event respcat decodes. */
export type BedrockEvent = MessageStartEvent | ContentBlockStartEvent | ContentBlockDeltaEvent | ContentBlockStopEvent | MessageStopEvent | MetadataEvent | ExceptionEvent;

/** A Bedrock event type respcat knows. */
export type BedrockEventType = BedrockEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<(typeof BEDROCK_EVENT_TYPES)[number], BedrockEventType> = true;
void catalogMatchesUnion;

/** The Bedrock event of one type. */
export type BedrockEventOf<T extends BedrockEventType> = Extract<BedrockEvent, { type: T }>;

/** Decoded: a Bedrock event, or an unknown one. */
export type DecodedBedrockEvent = BedrockEvent | UnknownEvent;
