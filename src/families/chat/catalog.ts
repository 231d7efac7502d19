import type { UnknownEvent } from '../../core/family.js';
import type { JsonObject } from '../../core/wire.js';
import type { ErrorEvent } from '../openai-wire.js';

/**
 * The Chat Completions event catalog: a stream is chunks (`object: "chat.completion.chunk"`, no `type`,
 * openai-python `chat_completion_chunk.py`) and, mid-stream, an error object (`{"error": …}`).
 */
export const CHAT_EVENT_TYPES = ['chat.completion.chunk', 'error'] as const;

/**
 * One fragment of a chat tool call: an entry of `delta.tool_calls[]` (joined by `index`), or the legacy
 * `delta.function_call` (index 0). The first fragment of a call carries its id and name; later ones only text.
 */
export interface ChatToolCallDelta {
  readonly index: number;
  readonly id: string | null;
  /** `function` or `custom` when the fragment says (by `type`, or by carrying `function` / `custom`); else null. */
  readonly kind: 'function' | 'custom' | null;
  readonly name: string | null;
  /** A piece of `function.arguments` or `custom.input`; null when the fragment carries none. */
  readonly text: string | null;
}

/** One entry of a chunk's `choices`: what that choice's `delta` adds, and its `finish_reason` once it has one. */
export interface ChatChoiceDelta {
  readonly index: number;
  readonly role: string | null;
  readonly content: string | null;
  readonly refusal: string | null;
  readonly toolCalls: readonly ChatToolCallDelta[];
  /** `stop`, `length`, `tool_calls`, `content_filter`, `function_call` (or another server's word); null while the choice runs. */
  readonly finishReason: string | null;
}

/** A Chat Completions chunk; the usage-only last chunk has `choices: []`. */
export interface ChatChunkEvent {
  readonly type: 'chat.completion.chunk';
  readonly id: string | null;
  readonly model: string | null;
  readonly choices: readonly ChatChoiceDelta[];
  readonly usage: JsonObject | null;
}

/** Every Chat Completions event respcat decodes. */
export type ChatEvent = ChatChunkEvent | ErrorEvent;

/** A Chat Completions event type respcat knows. */
export type ChatEventType = ChatEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<(typeof CHAT_EVENT_TYPES)[number], ChatEventType> = true;
void catalogMatchesUnion;

/** The chat event of one type. */
export type ChatEventOf<T extends ChatEventType> = Extract<ChatEvent, { type: T }>;

/** Decoded: a chat event (the family knows every payload it claims). */
export type DecodedChatEvent = ChatEvent | UnknownEvent;
