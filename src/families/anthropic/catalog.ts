import type { UnknownEvent } from '../../core/family.js';
import type { JsonObject } from '../../core/wire.js';
import type { ErrorEvent } from '../openai-wire.js';

/**
 * The Anthropic Messages event catalog (the streaming page of Anthropic's API docs; the SDK's
 * `MessageStream`): a message, its content blocks by `index`, the message's end, keep-alives and errors.
 */
export const ANTHROPIC_EVENT_TYPES = [
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
] as const;

/** Token counts as a message event carries them (`message_start`'s `message.usage`, `message_delta`'s cumulative `usage`); null where absent. */
export interface AnthropicUsage {
  readonly input_tokens: number | null;
  readonly output_tokens: number | null;
  readonly cache_creation_input_tokens: number | null;
  readonly cache_read_input_tokens: number | null;
}

/** One hit of a web search result block. */
export interface WebSearchHit {
  readonly title: string | null;
  readonly url: string | null;
}

/**
 * A content block as `content_block_start` gives it. Tool calls carry their `input` only when it is not the
 * empty object they start with (it streams as `input_json_delta`s); results carry what they hold, or their error.
 */
export type ContentBlock =
  | { readonly type: 'text'; readonly text: string; readonly citations: readonly JsonObject[] }
  | { readonly type: 'thinking'; readonly thinking: string }
  | { readonly type: 'redacted_thinking'; readonly dataLength: number }
  | {
      readonly type: 'tool_use' | 'server_tool_use' | 'mcp_tool_use';
      readonly id: string | null;
      readonly name: string | null;
      readonly server_name: string | null;
      readonly input: string | null;
    }
  | { readonly type: 'web_search_tool_result'; readonly tool_use_id: string | null; readonly hits: readonly WebSearchHit[]; readonly error_code: string | null }
  | {
      readonly type: 'web_fetch_tool_result';
      readonly tool_use_id: string | null;
      readonly url: string | null;
      readonly title: string | null;
      readonly error_code: string | null;
    }
  | { readonly type: 'mcp_tool_result'; readonly tool_use_id: string | null; readonly is_error: boolean; readonly text: string }
  // Anthropic adds block kinds (code execution results, tool search, …): kept by their type, tolerated.
  | { readonly type: 'other'; readonly rawType: string };

/** What a `content_block_delta` adds to its block; a delta kind respcat does not know is tolerated and adds nothing. */
export type BlockDelta =
  | { readonly type: 'text_delta'; readonly text: string }
  | { readonly type: 'citations_delta'; readonly citation: JsonObject }
  | { readonly type: 'thinking_delta'; readonly thinking: string }
  // The signature is opaque and never shown: only its length is kept.
  | { readonly type: 'signature_delta'; readonly length: number }
  | { readonly type: 'input_json_delta'; readonly partial_json: string }
  | { readonly type: 'other'; readonly rawType: string };

/** `message_start`: the message's id, model, and usage so far (input tokens, and usually 1 output token). */
export interface MessageStartEvent {
  readonly type: 'message_start';
  readonly id: string | null;
  readonly model: string | null;
  readonly usage: AnthropicUsage | null;
}

/** `content_block_start`: block `index` begins. */
export interface ContentBlockStartEvent {
  readonly type: 'content_block_start';
  readonly index: number;
  readonly block: ContentBlock;
}

/** `content_block_delta`: a piece of block `index`. */
export interface ContentBlockDeltaEvent {
  readonly type: 'content_block_delta';
  readonly index: number;
  readonly delta: BlockDelta;
}

/** `content_block_stop`: block `index` is whole. */
export interface ContentBlockStopEvent {
  readonly type: 'content_block_stop';
  readonly index: number;
}

/** `message_delta`: the stop reason (`end_turn`, `max_tokens`, `stop_sequence`, `tool_use`, `pause_turn`, `refusal`, …) and cumulative usage. */
export interface MessageDeltaEvent {
  readonly type: 'message_delta';
  readonly stop_reason: string | null;
  readonly stop_sequence: string | null;
  readonly usage: AnthropicUsage | null;
}

/** `message_stop`: the message is over (the stream's terminal event). */
export interface MessageStopEvent {
  readonly type: 'message_stop';
}

/** `ping`: a keep-alive. */
export interface PingEvent {
  readonly type: 'ping';
}

/** Every Anthropic event respcat decodes (`error` is `{"type":"error","error":{"type":"overloaded_error","message":…}}`). */
export type AnthropicEvent =
  | MessageStartEvent
  | ContentBlockStartEvent
  | ContentBlockDeltaEvent
  | ContentBlockStopEvent
  | MessageDeltaEvent
  | MessageStopEvent
  | PingEvent
  | ErrorEvent;

/** An Anthropic event type respcat knows. */
export type AnthropicEventType = AnthropicEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<(typeof ANTHROPIC_EVENT_TYPES)[number], AnthropicEventType> = true;
void catalogMatchesUnion;

/** The Anthropic event of one type. */
export type AnthropicEventOf<T extends AnthropicEventType> = Extract<AnthropicEvent, { type: T }>;

/** Decoded: an Anthropic event, or an unknown one. */
export type DecodedAnthropicEvent = AnthropicEvent | UnknownEvent;
