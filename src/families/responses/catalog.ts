import type { Text } from '../../core/byte-string.js';
import type { UnknownEvent } from '../../core/family.js';
import type { TextStreamKind } from '../../core/model.js';
import type { JsonObject } from '../../core/wire.js';
import type { ErrorEvent } from '../openai-wire.js';

/**
 * The Responses API's event catalog: every streamed `type` respcat knows, as a typed union over the wire
 * shapes (snake_case fields as the API sends them). `decode.ts` is the one place its JSON becomes these types.
 */

/** Lifecycle events: each carries the whole response object as it stands. */
export const LIFECYCLE_TYPES = [
  'response.created',
  'response.queued',
  'response.in_progress',
  'response.completed',
  'response.failed',
  'response.incomplete',
] as const;

/** Lifecycle types that end a response. */
export const TERMINAL_TYPES = ['response.completed', 'response.failed', 'response.incomplete'] as const;

/** Events that carry a piece of a text-like value, and the `.done` event that carries the whole. */
export const TEXT_STREAMS = {
  output_text: { delta: 'response.output_text.delta', done: 'response.output_text.done', field: 'text' },
  refusal: { delta: 'response.refusal.delta', done: 'response.refusal.done', field: 'refusal' },
  function_arguments: {
    delta: 'response.function_call_arguments.delta',
    done: 'response.function_call_arguments.done',
    field: 'arguments',
  },
  custom_tool_input: {
    delta: 'response.custom_tool_call_input.delta',
    done: 'response.custom_tool_call_input.done',
    field: 'input',
  },
  mcp_arguments: { delta: 'response.mcp_call_arguments.delta', done: 'response.mcp_call_arguments.done', field: 'arguments' },
  reasoning_summary: {
    delta: 'response.reasoning_summary_text.delta',
    done: 'response.reasoning_summary_text.done',
    field: 'text',
  },
  reasoning_text: { delta: 'response.reasoning_text.delta', done: 'response.reasoning_text.done', field: 'text' },
  code: {
    delta: 'response.code_interpreter_call_code.delta',
    done: 'response.code_interpreter_call_code.done',
    field: 'code',
  },
  audio_transcript: { delta: 'response.audio.transcript.delta', done: 'response.audio.transcript.done', field: 'transcript' },
  apply_patch_diff: {
    delta: 'response.apply_patch_call_operation_diff.delta',
    done: 'response.apply_patch_call_operation_diff.done',
    field: 'diff',
  },
  shell_command: { delta: 'response.shell_call_command.delta', done: 'response.shell_call_command.done', field: 'command' },
  // The delta is `{stdout?, stderr?}` (joined in arrival order); the done event's `output` is an array, so it has no text value.
  shell_output: {
    delta: 'response.shell_call_output_content.delta',
    done: 'response.shell_call_output_content.done',
    field: 'output',
  },
} as const;

type StreamDef = (typeof TEXT_STREAMS)[TextStreamKind];
/** Every `*.delta` event type of a text-like stream. */
export type TextDeltaType = StreamDef['delta'];
/** Every `*.done` event type of a text-like stream. */
export type TextDoneType = StreamDef['done'];

/** Per-item progress events that carry only `item_id` and `output_index`. */
export const PROGRESS_TYPES = [
  'response.image_generation_call.in_progress',
  'response.image_generation_call.generating',
  'response.image_generation_call.completed',
  'response.web_search_call.in_progress',
  'response.web_search_call.searching',
  'response.web_search_call.completed',
  'response.file_search_call.in_progress',
  'response.file_search_call.searching',
  'response.file_search_call.completed',
  'response.code_interpreter_call.in_progress',
  'response.code_interpreter_call.interpreting',
  'response.code_interpreter_call.completed',
  'response.mcp_call.in_progress',
  'response.mcp_call.completed',
  'response.mcp_call.failed',
  'response.mcp_list_tools.in_progress',
  'response.mcp_list_tools.completed',
  'response.mcp_list_tools.failed',
  'response.compaction.compacting',
] as const;

/** Every Responses API event type respcat understands (`error` and `keepalive` included). */
export const RESPONSES_EVENT_TYPES = [
  ...LIFECYCLE_TYPES,
  'error',
  'keepalive',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.annotation.added',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done',
  'response.image_generation_call.partial_image',
  'response.shell_call_command.added',
  'response.audio.delta',
  'response.audio.done',
  ...PROGRESS_TYPES,
  ...(Object.values(TEXT_STREAMS).flatMap((s) => [s.delta, s.done]) as (TextDeltaType | TextDoneType)[]),
] as const;

/**
 * Older names some logs carry, mapped to the current ones (sources: openai-python and openai-node type files
 * of 2025, and the issues that renamed them; see samples/kinds/README.md). Their old field shapes (an object
 * `delta`, `arguments` as an object, no `item_id`) are read by the decoder too.
 */
export const LEGACY_EVENT_TYPES: Readonly<Record<string, ResponsesEventType>> = {
  'response.output_text_annotation.added': 'response.output_text.annotation.added',
  'response.reasoning_summary.delta': 'response.reasoning_summary_text.delta',
  'response.reasoning_summary.done': 'response.reasoning_summary_text.done',
  'response.reasoning.delta': 'response.reasoning_text.delta',
  'response.reasoning.done': 'response.reasoning_text.done',
  'response.audio_transcript.delta': 'response.audio.transcript.delta',
  'response.audio_transcript.done': 'response.audio.transcript.done',
  'response.mcp_call.arguments_delta': 'response.mcp_call_arguments.delta',
  'response.mcp_call.arguments_done': 'response.mcp_call_arguments.done',
  'response.mcp_call.arguments.delta': 'response.mcp_call_arguments.delta',
  'response.mcp_call.arguments.done': 'response.mcp_call_arguments.done',
  'response.code_interpreter_call.code.delta': 'response.code_interpreter_call_code.delta',
  'response.code_interpreter_call.code.done': 'response.code_interpreter_call_code.done',
  'response.code_interpreter_call.code_done': 'response.code_interpreter_call_code.done',
};

/**
 * Other servers' names for events the API names otherwise: vLLM opens and closes a reasoning item's text part with
 * `response.reasoning_part.added` / `.done` (part `{type: "reasoning_text"}`), which are content part events.
 */
export const DIALECT_EVENT_TYPES: Readonly<Record<string, ResponsesEventType>> = {
  'response.reasoning_part.added': 'response.content_part.added',
  'response.reasoning_part.done': 'response.content_part.done',
};

interface Sequenced {
  readonly sequence_number?: number;
}

interface ItemScoped extends Sequenced {
  readonly item_id: string;
  readonly output_index: number;
}

/** `response.created` … `response.incomplete`. */
export interface LifecycleEvent extends Sequenced {
  readonly type: (typeof LIFECYCLE_TYPES)[number];
  readonly response: JsonObject;
}

/** A no-op some servers send to keep the connection open. */
export interface KeepaliveEvent extends Sequenced {
  readonly type: 'keepalive';
}

/** An output item starts or ends; `item` is the whole item as it stands. */
export interface OutputItemEvent extends Sequenced {
  readonly type: 'response.output_item.added' | 'response.output_item.done';
  readonly output_index: number;
  readonly item: JsonObject;
}

/** A content part of a message (or reasoning item) starts or ends. */
export interface ContentPartEvent extends ItemScoped {
  readonly type: 'response.content_part.added' | 'response.content_part.done';
  readonly content_index: number;
  readonly part: JsonObject;
}

/** A reasoning summary part starts or ends. */
export interface SummaryPartEvent extends ItemScoped {
  readonly type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';
  readonly summary_index: number;
  readonly part: JsonObject;
}

/**
 * A piece of a text-like value. `index` is `content_index`, `summary_index` or `command_index` (0 when the event
 * has none). `delta` is always a string: legacy object deltas give their `text`, shell output its stdout and stderr.
 */
export interface TextDeltaEvent extends ItemScoped {
  readonly type: TextDeltaType;
  readonly index: number;
  readonly delta: string;
}

/** The whole of a text-like value; `value` is read from the field the type carries (`text`, `arguments`, …). */
export interface TextDoneEvent extends ItemScoped {
  readonly type: TextDoneType;
  readonly index: number;
  /** Null when the server omitted the final value (or, for shell output, sends it as an array). */
  readonly value: string | null;
  /** `name` on `function_call_arguments.done` (the SDK types it; real captures omit it). */
  readonly name: string | null;
}

/** A shell command slot opens in a `shell_call` item (no `item_id` on the wire: keyed by `output_index`). */
export interface ShellCommandAddedEvent extends ItemScoped {
  readonly type: 'response.shell_call_command.added';
  readonly index: number;
  /** The command's text so far (the API sends `""`). */
  readonly command: string;
}

/** An annotation (citation) added to output text. */
export interface AnnotationEvent extends ItemScoped {
  readonly type: 'response.output_text.annotation.added';
  readonly content_index: number;
  readonly annotation_index: number;
  readonly annotation: JsonObject;
}

/** A partial image of an image generation call. */
export interface PartialImageEvent extends ItemScoped {
  readonly type: 'response.image_generation_call.partial_image';
  readonly partial_image_index: number;
  /** A ByteString when huge and the processor was asked for them (`byteStrings`). */
  readonly partial_image_b64: Text;
  readonly size: string | null;
  readonly output_format: string | null;
}

/** Progress of a hosted tool call (searching, generating, interpreting, compacting, …). */
export interface ProgressEvent extends ItemScoped {
  readonly type: (typeof PROGRESS_TYPES)[number];
  /** Early code interpreter events carried the whole item (`code_interpreter_call: {…}`) instead of `item_id`. */
  readonly item: JsonObject | null;
}

/** Audio output (base64 pieces, no item or index); respcat counts them but does not play them. */
export interface AudioEvent extends Sequenced {
  readonly type: 'response.audio.delta' | 'response.audio.done';
  readonly delta: string;
}

/** Every Responses API event respcat decodes. */
export type ResponsesEvent =
  | LifecycleEvent
  | ErrorEvent
  | KeepaliveEvent
  | OutputItemEvent
  | ContentPartEvent
  | SummaryPartEvent
  | TextDeltaEvent
  | TextDoneEvent
  | ShellCommandAddedEvent
  | AnnotationEvent
  | PartialImageEvent
  | ProgressEvent
  | AudioEvent;

/** A Responses API event type respcat knows. */
export type ResponsesEventType = ResponsesEvent['type'];

// Compile-time: the catalog list and the union name exactly the same types, and every stream kind has its events.
type CatalogType = (typeof RESPONSES_EVENT_TYPES)[number];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<CatalogType, ResponsesEventType> = true;
const streamsCoverEveryKind: Same<keyof typeof TEXT_STREAMS, TextStreamKind> = true;
void catalogMatchesUnion;
void streamsCoverEveryKind;

/** The Responses event of one type. */
export type ResponsesEventOf<T extends ResponsesEventType> = ResponsesEvent extends infer E ? (E extends { type: infer U } ? (T extends U ? E : never) : never) : never;

/** Decoded: a Responses event, or one of its family's types respcat does not know. */
export type DecodedResponsesEvent = ResponsesEvent | UnknownEvent;
