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

/**
 * A piece of a choice's reasoning, as OpenAI-compatible servers stream it (docs/spec.md §8): DeepSeek's
 * `delta.reasoning_content`, Groq's and OpenRouter's `delta.reasoning`, OpenRouter's `delta.reasoning_details`
 * (`reasoning.text`, `reasoning.summary`, `reasoning.encrypted`), Mistral's `thinking` content parts. Encrypted
 * reasoning keeps only its size: the ciphertext is never shown.
 */
export type ChatReasoningDelta =
  | { readonly kind: 'text' | 'summary'; readonly text: string }
  | { readonly kind: 'encrypted'; readonly length: number };

/**
 * An image a choice's delta carries (OpenRouter's `delta.images`, an `image_url` content part): the base64 of a data
 * URL, the format it names, and where it was.
 */
export interface ChatImageDelta {
  readonly b64: string;
  readonly declaredFormat: string | null;
  readonly source: 'delta.images' | 'delta.content';
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
  /** Reasoning the delta carries, when it carries any (the OpenAI API sends none). */
  readonly reasoning?: readonly ChatReasoningDelta[];
  /** Images the delta carries, when it carries any. */
  readonly images?: readonly ChatImageDelta[];
  /** Azure's `content_filter_results`: the categories it filtered (`violence (high)`), when it says any. */
  readonly filtered?: readonly string[];
}

/** A Chat Completions chunk; the usage-only last chunk has `choices: []`. */
export interface ChatChunkEvent {
  readonly type: 'chat.completion.chunk';
  readonly id: string | null;
  readonly model: string | null;
  readonly choices: readonly ChatChoiceDelta[];
  readonly usage: JsonObject | null;
  /** A chunk that also carries an `error` (OpenRouter's mid-stream error, with `finish_reason: "error"` or not). */
  readonly error?: ErrorEvent;
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
