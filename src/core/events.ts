/**
 * The event catalog: every streamed `type` respcat knows, as a typed union over the wire shapes
 * (snake_case fields as the API sends them). `decodeEvent` is the one place `unknown` JSON becomes these types.
 */

/** A JSON object as parsed from the wire. */
export type JsonObject = { readonly [key: string]: unknown };

/** Token usage as the Responses API reports it (Chat and Images usage is mapped onto the same names). */
export interface Usage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly total_tokens: number;
  readonly cached_tokens: number;
  readonly reasoning_tokens: number;
}

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

/** The name of one text-like stream (output text, refusal, function arguments, …). */
export type TextStreamKind = keyof typeof TEXT_STREAMS;

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

/** Every Responses API event type respcat understands, plus the other families' synthetic types. */
export const KNOWN_EVENT_TYPES = [
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
  'chat.completion.chunk',
  'image_generation.partial_image',
  'image_generation.completed',
  'image_edit.partial_image',
  'image_edit.completed',
] as const;

/**
 * Older names some logs carry, mapped to the current ones (sources: openai-python and openai-node type files
 * of 2025, and the issues that renamed them; see samples/kinds/README.md). Their old field shapes (an object
 * `delta`, `arguments` as an object, no `item_id`) are read by the decoder too.
 */
export const LEGACY_EVENT_TYPES: Readonly<Record<string, KnownEventType>> = {
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

/** The `error` event, either shape: flat (`code`, `message`, `param`) or nested (`error: {type, code, message, param}`). */
export interface ErrorEvent extends Sequenced {
  readonly type: 'error';
  /** `code`, or the nested error's `type` when its code is null. */
  readonly code: string | null;
  readonly message: string;
  readonly param: string | null;
  /** The nested shape's `error.type` (`insufficient_quota`, `server_error`, …); null for the flat shape. */
  readonly errorType: string | null;
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
  readonly partial_image_b64: string;
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

/**
 * A Chat Completions chunk (`object: "chat.completion.chunk"`, openai-python `chat_completion_chunk.py`); its JSON
 * has no `type`. The usage-only last chunk has `choices: []`.
 */
export interface ChatChunkEvent {
  readonly type: 'chat.completion.chunk';
  readonly id: string | null;
  readonly model: string | null;
  readonly choices: readonly ChatChoiceDelta[];
  readonly usage: JsonObject | null;
}

/**
 * An Images API streaming event (`POST /v1/images/generations` or `/edits` with `stream: true`); these carry no
 * `sequence_number`, id or `output_index` (openai-python `image_gen_*_event.py`, `image_edit_*_event.py`).
 */
export interface ImagesApiEvent {
  readonly type: 'image_generation.partial_image' | 'image_generation.completed' | 'image_edit.partial_image' | 'image_edit.completed';
  /** The image as base64; "" when the server left it out. */
  readonly b64_json: string;
  /** 0-based index of a partial image; null on `.completed` (and on a partial that omits it). */
  readonly partial_image_index: number | null;
  readonly size: string | null;
  readonly quality: string | null;
  readonly background: string | null;
  readonly output_format: string | null;
  readonly created_at: number | null;
  /** Token usage, on `.completed` only. */
  readonly usage: JsonObject | null;
}

/** A `type` respcat does not know: kept, counted and passed through, never fatal. */
export interface UnknownEvent {
  readonly type: 'unknown';
  readonly rawType: string;
}

/** Every event respcat decodes. */
export type StreamEvent =
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
  | AudioEvent
  | ChatChunkEvent
  | ImagesApiEvent
  | UnknownEvent;

/** A known event type. */
export type KnownEventType = Exclude<StreamEvent['type'], 'unknown'>;

// Compile-time: the catalog list and the union name exactly the same types.
type CatalogType = (typeof KNOWN_EVENT_TYPES)[number];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const catalogMatchesUnion: Same<CatalogType, KnownEventType> = true;
void catalogMatchesUnion;

/** The event of one known type. */
export type EventOfType<T extends StreamEvent['type']> = StreamEvent extends infer E ? (E extends { type: infer U } ? (T extends U ? E : never) : never) : never;

const KNOWN = new Set<string>(KNOWN_EVENT_TYPES);
const LEGACY = new Map<string, string>(Object.entries(LEGACY_EVENT_TYPES));
const LIFECYCLE = new Set<string>(LIFECYCLE_TYPES);
const PROGRESS = new Set<string>(PROGRESS_TYPES);
// One shared answer per type: textStreamOf runs for every delta, twice.
const TEXT_STREAM_OF = new Map<string, { readonly kind: TextStreamKind; readonly done: boolean }>();
for (const [kind, def] of Object.entries(TEXT_STREAMS) as [TextStreamKind, StreamDef][]) {
  TEXT_STREAM_OF.set(def.delta, Object.freeze({ kind, done: false }));
  TEXT_STREAM_OF.set(def.done, Object.freeze({ kind, done: true }));
}

/** The text stream a delta or done type belongs to, or null. */
export function textStreamOf(type: string): { readonly kind: TextStreamKind; readonly done: boolean } | null {
  return TEXT_STREAM_OF.get(type) ?? null;
}

/** Whether a type string is one respcat knows (after legacy names are mapped). */
export function isKnownType(type: string): boolean {
  return KNOWN.has(currentTypeName(type));
}

/** The current name of an event type: legacy names mapped, every other name unchanged. */
export function currentTypeName(type: string): string {
  // A Map, not the record: a stream's `type` may be "constructor" or "__proto__".
  return LEGACY.get(type) ?? type;
}

/** The result of decoding one JSON value: an event, or why it is not one. */
export type DecodeResult =
  | { readonly ok: true; readonly event: StreamEvent; readonly json: JsonObject; readonly rawType: string }
  | { readonly ok: false; readonly problem: 'missing-type'; readonly json: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const obj = (v: unknown): JsonObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : null);
/**
 * `event` with the wire's `sequence_number` added when it has one. Assigned, not spread: a spread builds
 * a throwaway object and copies every field, for each of a stream's (hundreds of thousands of) deltas.
 */
function sequenced<T extends object>(event: T, json: JsonObject): T {
  if (typeof json.sequence_number === 'number') (event as { sequence_number?: number }).sequence_number = json.sequence_number;
  return event;
}

/** Turns a parsed JSON value into a typed event; the only place wire JSON is trusted into types. */
export function decodeEvent(value: unknown): DecodeResult {
  const json = obj(value);
  if (json === null) return { ok: false, problem: 'missing-type', json: value };
  const rawType = json.type;
  if (typeof rawType !== 'string') {
    // Chat Completions chunks and their mid-stream errors carry no `type`.
    if (json.object === 'chat.completion.chunk') return { ok: true, event: decodeChatChunk(json), json, rawType: 'chat.completion.chunk' };
    const nested = obj(json.error);
    if (nested !== null) return { ok: true, event: decodeError(json), json, rawType: 'error' };
    return { ok: false, problem: 'missing-type', json: value };
  }
  // Most events have the type of the one before (a run of deltas): compare strings instead of hashing each anew.
  if (rawType !== last.rawType) last = { rawType, type: currentTypeName(rawType), known: KNOWN.has(currentTypeName(rawType)) };
  if (!last.known) return { ok: true, event: { type: 'unknown', rawType }, json, rawType };
  return { ok: true, event: decodeKnown(last.type as KnownEventType, json), json, rawType };
}

/** The last type decoded, and what it maps to. */
let last = { rawType: '', type: '', known: false };

function decodeKnown(type: KnownEventType, json: JsonObject): StreamEvent {
  const item_id = str(json.item_id) ?? '';
  const output_index = num(json.output_index, -1);
  // Text streams first: nearly every event of a long answer is a delta.
  const stream = textStreamOf(type);
  if (stream !== null) {
    const index = num(json.content_index ?? json.summary_index ?? json.command_index, 0);
    if (!stream.done) {
      return sequenced({ type: type as TextDeltaType, item_id, output_index, index, delta: deltaText(json.delta) }, json);
    }
    const field = TEXT_STREAMS[stream.kind].field;
    return sequenced({
      type: type as TextDoneType,
      item_id,
      output_index,
      index,
      value: doneText(json[field]),
      name: str(json.name),
    }, json);
  }
  if (LIFECYCLE.has(type)) {
    return sequenced({ type: type as LifecycleEvent['type'], response: obj(json.response) ?? {} }, json);
  }
  if (PROGRESS.has(type)) {
    // Early code interpreter progress events: `{code_interpreter_call: {id, code, …}, output_index}`.
    const item = obj(json.code_interpreter_call);
    return sequenced({ type: type as ProgressEvent['type'], item_id: item_id || (str(item?.id) ?? ''), output_index, item }, json);
  }
  switch (type) {
    case 'error':
      return decodeError(json);
    case 'keepalive':
      return sequenced({ type }, json);
    case 'response.output_item.added':
    case 'response.output_item.done':
      return sequenced({ type, output_index, item: obj(json.item) ?? {} }, json);
    case 'response.content_part.added':
    case 'response.content_part.done':
      return sequenced({ type, item_id, output_index, content_index: num(json.content_index, 0), part: obj(json.part) ?? {} }, json);
    case 'response.reasoning_summary_part.added':
    case 'response.reasoning_summary_part.done':
      return sequenced({ type, item_id, output_index, summary_index: num(json.summary_index, 0), part: obj(json.part) ?? {} }, json);
    case 'response.output_text.annotation.added':
      return sequenced({
        type,
        item_id,
        output_index,
        content_index: num(json.content_index, 0),
        annotation_index: num(json.annotation_index, 0),
        annotation: obj(json.annotation) ?? {}
      }, json);
    case 'response.image_generation_call.partial_image':
      return sequenced({
        type,
        item_id,
        output_index,
        partial_image_index: num(json.partial_image_index, 0),
        partial_image_b64: str(json.partial_image_b64) ?? '',
        size: str(json.size),
        output_format: str(json.output_format)
      }, json);
    case 'response.shell_call_command.added':
      return sequenced({ type, item_id, output_index, index: num(json.command_index, 0), command: str(json.command) ?? '' }, json);
    case 'response.audio.delta':
    case 'response.audio.done':
      return sequenced({ type, delta: str(json.delta) ?? '' }, json);
    case 'chat.completion.chunk':
      return decodeChatChunk(json);
    case 'image_generation.partial_image':
    case 'image_generation.completed':
    case 'image_edit.partial_image':
    case 'image_edit.completed':
      return {
        type,
        b64_json: str(json.b64_json) ?? '',
        partial_image_index: typeof json.partial_image_index === 'number' ? json.partial_image_index : null,
        size: str(json.size),
        quality: str(json.quality),
        background: str(json.background),
        output_format: str(json.output_format),
        created_at: typeof json.created_at === 'number' ? json.created_at : null,
        usage: obj(json.usage),
      };
  }
  // Unreachable for well-formed catalogs; kept total so a catalog slip degrades to "unknown".
  return { type: 'unknown', rawType: type };
}

function decodeError(json: JsonObject): ErrorEvent {
  const nested = obj(json.error);
  const source = nested ?? json;
  const errorType = nested !== null ? str(nested.type) : null;
  return sequenced({
    type: 'error',
    code: str(source.code) ?? errorType,
    message: str(source.message) ?? '',
    param: str(source.param),
    errorType
  }, json);
}

/**
 * A delta as text: strings as they are; shell output `{stdout, stderr}` joined; legacy object deltas by their
 * `text`, or as JSON (early MCP argument deltas were objects); nothing at all is "".
 */
function deltaText(value: unknown): string {
  if (typeof value === 'string') return value;
  const o = obj(value);
  if (o !== null) {
    const text = str(o.text);
    if (text !== null) return text;
    if ('stdout' in o || 'stderr' in o) return (str(o.stdout) ?? '') + (str(o.stderr) ?? '');
  }
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

/** A `.done` value as text: strings as they are, early MCP `arguments` objects as JSON, arrays (shell output) and absence as null. */
function doneText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return obj(value) !== null ? JSON.stringify(value) : null;
}

function decodeChatChunk(json: JsonObject): ChatChunkEvent {
  const choices = Array.isArray(json.choices) ? json.choices.map((c) => decodeChatChoice(obj(c) ?? {})) : [];
  return { type: 'chat.completion.chunk', id: str(json.id), model: str(json.model), choices, usage: obj(json.usage) };
}

function decodeChatChoice(choice: JsonObject): ChatChoiceDelta {
  const delta = obj(choice.delta) ?? {};
  const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls.map((c) => decodeToolCallDelta(obj(c) ?? {})) : [];
  // The deprecated `function_call` (one call per choice) is the same thing as tool call 0 without an id.
  const legacy = obj(delta.function_call);
  if (legacy !== null) calls.push({ index: 0, id: null, kind: 'function', name: str(legacy.name), text: str(legacy.arguments) });
  return {
    index: num(choice.index, 0),
    role: str(delta.role),
    content: str(delta.content),
    refusal: str(delta.refusal),
    toolCalls: calls,
    finishReason: str(choice.finish_reason),
  };
}

function decodeToolCallDelta(call: JsonObject): ChatToolCallDelta {
  const fn = obj(call.function);
  const custom = obj(call.custom);
  const kind = call.type === 'custom' || custom !== null ? 'custom' : call.type === 'function' || fn !== null ? 'function' : null;
  return {
    index: num(call.index, 0),
    id: str(call.id),
    kind,
    name: str(custom?.name) ?? str(fn?.name),
    text: custom !== null ? str(custom.input) : str(fn?.arguments),
  };
}

/** Reads usage from a response object (Responses), chunk (Chat) or Images API event, in the Responses names. */
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

/** Small readers for wire objects the decoder leaves as JSON (items, response objects). */
export const wire = { str, num, obj };
