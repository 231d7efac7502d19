import type { UnknownEvent } from '../../core/family.js';
import type { JsonObject } from '../../core/wire.js';

/**
 * The AI SDK UI message stream catalog (ai-sdk.dev "Stream Protocols", header `x-vercel-ai-ui-message-stream: v1`;
 * the `ai` package's `uiMessageChunkSchema`): `data: {json}` SSE frames with a `type`, ended by `data: [DONE]`.
 * `data-*` stands for every app data part (`data-weather`, …).
 */
export const UI_MESSAGE_EVENT_TYPES = [
  'start',
  'start-step',
  'text-start',
  'text-delta',
  'text-end',
  'reasoning-start',
  'reasoning-delta',
  'reasoning-end',
  'source-url',
  'source-document',
  'file',
  'tool-input-start',
  'tool-input-delta',
  'tool-input-available',
  'tool-input-error',
  'tool-output-available',
  'tool-output-error',
  'tool-output-denied',
  'tool-approval-request',
  'message-metadata',
  'data-*',
  'error',
  'finish-step',
  'finish',
  'abort',
] as const;

/** `start`: a new assistant message. */
export interface UiStartEvent {
  readonly type: 'start';
  readonly messageId: string | null;
  readonly metadata: JsonObject | null;
}

/** `start-step` / `finish-step`: one model call of a multi-step answer (counted only). */
export interface UiStepEvent {
  readonly type: 'start-step' | 'finish-step';
}

/** The start or end of a text or reasoning part, by its `id`. */
export interface UiPartEdgeEvent {
  readonly type: 'text-start' | 'text-end' | 'reasoning-start' | 'reasoning-end';
  readonly id: string;
}

/** A piece of a text or reasoning part. */
export interface UiDeltaEvent {
  readonly type: 'text-delta' | 'reasoning-delta';
  readonly id: string;
  readonly delta: string;
}

/** `source-url` and `source-document`: a source the answer cites. */
export interface UiSourceEvent {
  readonly type: 'source-url' | 'source-document';
  readonly sourceId: string | null;
  readonly url: string | null;
  readonly title: string | null;
  readonly mediaType: string | null;
  readonly filename: string | null;
}

/** `file`: a file of the answer; `url` may be a `data:` URL holding its bytes. */
export interface UiFileEvent {
  readonly type: 'file';
  readonly url: string;
  readonly mediaType: string | null;
}

/** `tool-input-start`: a tool call begins. */
export interface UiToolInputStartEvent {
  readonly type: 'tool-input-start';
  readonly toolCallId: string;
  readonly toolName: string | null;
}

/** `tool-input-delta`: a piece of a tool call's input JSON. */
export interface UiToolInputDeltaEvent {
  readonly type: 'tool-input-delta';
  readonly toolCallId: string;
  readonly inputTextDelta: string;
}

/** `tool-input-available` (the whole input, as JSON text) and `tool-input-error` (an input that did not parse). */
export interface UiToolInputEvent {
  readonly type: 'tool-input-available' | 'tool-input-error';
  readonly toolCallId: string;
  readonly toolName: string | null;
  /** The `input` value as JSON text; null when there is none. */
  readonly input: string | null;
  readonly errorText: string | null;
}

/** `tool-output-available`: a tool's result (as JSON text); `preliminary` ones are replaced by the next. */
export interface UiToolOutputEvent {
  readonly type: 'tool-output-available';
  readonly toolCallId: string;
  readonly output: string;
  readonly preliminary: boolean;
}

/** `tool-output-error`: the tool failed. */
export interface UiToolOutputErrorEvent {
  readonly type: 'tool-output-error';
  readonly toolCallId: string;
  readonly errorText: string;
}

/** `tool-output-denied`: the user denied the call. */
export interface UiToolOutputDeniedEvent {
  readonly type: 'tool-output-denied';
  readonly toolCallId: string;
}

/** `tool-approval-request`: the call waits for the user's approval. */
export interface UiToolApprovalEvent {
  readonly type: 'tool-approval-request';
  readonly approvalId: string | null;
  readonly toolCallId: string;
}

/** `message-metadata`: the app's metadata of the message. */
export interface UiMetadataEvent {
  readonly type: 'message-metadata';
  readonly metadata: JsonObject | null;
}

/** `data-NAME`: app data, kept for inspect, never printed by replay. */
export interface UiDataEvent {
  readonly type: 'data-*';
  /** NAME, the type after `data-`. */
  readonly name: string;
  readonly id: string | null;
  /** The `data` value as JSON text. */
  readonly data: string;
  readonly transient: boolean;
}

/** `error`: the stream failed (`errorText`). */
export interface UiErrorEvent {
  readonly type: 'error';
  readonly errorText: string;
}

/** `finish`: the message is whole. */
export interface UiFinishEvent {
  readonly type: 'finish';
  /** `stop`, `length`, `content-filter`, `tool-calls`, `error`, `other`; null when not given. */
  readonly finishReason: string | null;
  readonly metadata: JsonObject | null;
}

/** `abort`: the stream was stopped before its end. */
export interface UiAbortEvent {
  readonly type: 'abort';
  readonly reason: string | null;
}

/** Every UI message stream event respcat decodes. */
export type UiMessageEvent =
  | UiStartEvent
  | UiStepEvent
  | UiPartEdgeEvent
  | UiDeltaEvent
  | UiSourceEvent
  | UiFileEvent
  | UiToolInputStartEvent
  | UiToolInputDeltaEvent
  | UiToolInputEvent
  | UiToolOutputEvent
  | UiToolOutputErrorEvent
  | UiToolOutputDeniedEvent
  | UiToolApprovalEvent
  | UiMetadataEvent
  | UiDataEvent
  | UiErrorEvent
  | UiFinishEvent
  | UiAbortEvent;

/** A UI message stream event type respcat knows. */
export type UiMessageEventType = UiMessageEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<(typeof UI_MESSAGE_EVENT_TYPES)[number], UiMessageEventType> = true;
void catalogMatchesUnion;

/** The UI message event of one type. */
export type UiMessageEventOf<T extends UiMessageEventType> = UiMessageEvent extends infer E ? (E extends { type: infer U } ? (T extends U ? E : never) : never) : never;

/** Decoded: a UI message event, or a type the family does not know. */
export type DecodedUiMessageEvent = UiMessageEvent | UnknownEvent;
