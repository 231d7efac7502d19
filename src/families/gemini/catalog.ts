import type { UnknownEvent } from '../../core/family.js';
import type { Usage } from '../../core/model.js';
import type { ErrorEvent } from '../openai-wire.js';

/**
 * The Gemini event catalog (`models.streamGenerateContent`, and Vertex AI's, the same shape): a stream is
 * `GenerateContentResponse` chunks, JSON objects with no `type`, and, mid-stream, an error object
 * (`{"error": {"code": 429, "message": …, "status": "RESOURCE_EXHAUSTED"}}`).
 */
export const GEMINI_EVENT_TYPES = ['GenerateContentResponse', 'error'] as const;

/** One part of a candidate's `content.parts[]`, by the field that says what it is. */
export type GeminiPart =
  /** `text`; `thought: true` makes it reasoning. */
  | { readonly kind: 'text'; readonly text: string; readonly thought: boolean; readonly signature: number }
  /** `functionCall {name, args, id?}`; `args` as JSON text. */
  | { readonly kind: 'function_call'; readonly name: string | null; readonly id: string | null; readonly args: string; readonly signature: number }
  | { readonly kind: 'executable_code'; readonly language: string | null; readonly code: string; readonly signature: number }
  | { readonly kind: 'code_execution_result'; readonly outcome: string | null; readonly output: string; readonly signature: number }
  /** `inlineData {mimeType, data}`: base64 bytes (images from image-capable models). */
  | { readonly kind: 'inline_data'; readonly mimeType: string | null; readonly data: string; readonly signature: number }
  /** Any other part (`fileData`, `functionResponse`, a field respcat does not know): its field names. */
  | { readonly kind: 'other'; readonly fields: string; readonly signature: number };

/** A source a candidate's answer is grounded on (`groundingMetadata.groundingChunks[].web` / `.retrievedContext`). */
export interface GeminiSource {
  readonly uri: string | null;
  readonly title: string | null;
}

/** One entry of a chunk's `candidates`: the parts it adds, and its `finishReason` once it has one. */
export interface GeminiCandidate {
  readonly index: number;
  readonly role: string | null;
  readonly parts: readonly GeminiPart[];
  /** `STOP`, `MAX_TOKENS`, `SAFETY`, `RECITATION`, … ; null while the candidate runs. */
  readonly finishReason: string | null;
  readonly finishMessage: string | null;
  /** Null when the chunk carries no `groundingMetadata`. */
  readonly sources: readonly GeminiSource[] | null;
  readonly queries: readonly string[];
}

/** One `GenerateContentResponse` chunk. */
export interface GeminiChunkEvent {
  readonly type: 'GenerateContentResponse';
  readonly responseId: string | null;
  readonly modelVersion: string | null;
  readonly candidates: readonly GeminiCandidate[];
  /** `usageMetadata` in the common names (cumulative: the last one counts). */
  readonly usage: Usage | null;
  /** `promptFeedback.blockReason`: the prompt was blocked, no candidate follows. */
  readonly blockReason: string | null;
  readonly blockReasonMessage: string | null;
}

/** Every Gemini event respcat decodes. */
export type GeminiEvent = GeminiChunkEvent | ErrorEvent;

/** A Gemini event type respcat knows. */
export type GeminiEventType = GeminiEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<(typeof GEMINI_EVENT_TYPES)[number], GeminiEventType> = true;
void catalogMatchesUnion;

/** The Gemini event of one type. */
export type GeminiEventOf<T extends GeminiEventType> = Extract<GeminiEvent, { type: T }>;

/** Decoded: a Gemini event (the family knows every payload it claims). */
export type DecodedGeminiEvent = GeminiEvent | UnknownEvent;
