import type { UnknownEvent } from '../../core/family.js';

/**
 * The Ollama catalog (Ollama's API reference, `/api/chat` and `/api/generate` with `stream: true`): NDJSON lines
 * with no `type`, named here by their endpoint; the last line has `done: true`, and a failure is `{"error": "…"}`.
 */
export const OLLAMA_EVENT_TYPES = ['ollama.chat', 'ollama.generate', 'error'] as const;

/** A tool call of a chat line: Ollama sends each one whole, its `arguments` an object. */
export interface OllamaToolCall {
  readonly id: string | null;
  readonly name: string | null;
  /** `function.arguments` as JSON text. */
  readonly arguments: string;
}

/** What the `done: true` line adds: why it stopped, token counts and durations in nanoseconds (null: not given). */
export interface OllamaDone {
  readonly reason: string | null;
  readonly promptEvalCount: number | null;
  readonly evalCount: number | null;
  readonly totalDuration: number | null;
  readonly loadDuration: number | null;
  readonly promptEvalDuration: number | null;
  readonly evalDuration: number | null;
}

/** One line of a `/api/chat` stream (`message`) or of a `/api/generate` one (`response`). */
export interface OllamaLineEvent {
  readonly type: 'ollama.chat' | 'ollama.generate';
  readonly model: string | null;
  readonly role: string | null;
  /** `message.content`, or `response`. */
  readonly content: string | null;
  readonly thinking: string | null;
  readonly toolCalls: readonly OllamaToolCall[];
  /** Base64 images: `message.images`, or the `image` of an image generation model. */
  readonly images: readonly string[];
  /** Null while `done` is false. */
  readonly done: OllamaDone | null;
}

/** `{"error": "…"}`: the stream failed. */
export interface OllamaErrorEvent {
  readonly type: 'error';
  readonly message: string;
}

/** Every Ollama event respcat decodes. */
export type OllamaEvent = OllamaLineEvent | OllamaErrorEvent;

/** An Ollama event type respcat knows. */
export type OllamaEventType = OllamaEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<(typeof OLLAMA_EVENT_TYPES)[number], OllamaEventType> = true;
void catalogMatchesUnion;

/** Decoded: an Ollama event (the family knows every payload it claims). */
export type DecodedOllamaEvent = OllamaEvent | UnknownEvent;
