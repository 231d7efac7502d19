import { isText } from '../../core/byte-string.js';
import type { TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import { decodeError } from '../openai-wire.js';
import {
  DIALECT_EVENT_TYPES,
  LEGACY_EVENT_TYPES,
  LIFECYCLE_TYPES,
  PROGRESS_TYPES,
  RESPONSES_EVENT_TYPES,
  TEXT_STREAMS,
  type DecodedResponsesEvent,
  type LifecycleEvent,
  type ProgressEvent,
  type ResponsesEventType,
  type TextDeltaType,
  type TextDoneType,
} from './catalog.js';

const { str, num, obj } = wire;

const KNOWN = new Set<string>(RESPONSES_EVENT_TYPES);
const LEGACY = new Map<string, string>([...Object.entries(LEGACY_EVENT_TYPES), ...Object.entries(DIALECT_EVENT_TYPES)]);
const LIFECYCLE = new Set<string>(LIFECYCLE_TYPES);
const PROGRESS = new Set<string>(PROGRESS_TYPES);
// One shared answer per type: textStreamOf runs for every delta, twice.
const TEXT_STREAM_OF = new Map<string, { readonly kind: TextStreamKind; readonly done: boolean }>();
for (const [kind, def] of Object.entries(TEXT_STREAMS) as [TextStreamKind, (typeof TEXT_STREAMS)[TextStreamKind]][]) {
  TEXT_STREAM_OF.set(def.delta, Object.freeze({ kind, done: false }));
  TEXT_STREAM_OF.set(def.done, Object.freeze({ kind, done: true }));
}

/** The text stream a delta or done type belongs to, or null. */
export function textStreamOf(type: string): { readonly kind: TextStreamKind; readonly done: boolean } | null {
  return TEXT_STREAM_OF.get(type) ?? null;
}

/** Whether a type string is a Responses API type respcat knows (after legacy names are mapped). */
export function isResponsesType(type: string): boolean {
  return KNOWN.has(currentTypeName(type));
}

/** The current name of an event type: legacy and other servers' names mapped, every other name unchanged. */
export function currentTypeName(type: string): string {
  // A Map, not the record: a stream's `type` may be "constructor" or "__proto__".
  return LEGACY.get(type) ?? type;
}

/**
 * `event` with the wire's `sequence_number` added when it has one. Assigned, not spread: a spread builds
 * a throwaway object and copies every field, for each of a stream's (hundreds of thousands of) deltas.
 */
function sequenced<T extends object>(event: T, json: JsonObject): T {
  if (typeof json.sequence_number === 'number') (event as { sequence_number?: number }).sequence_number = json.sequence_number;
  return event;
}

/** The last type decoded, and what it maps to. */
let last = { rawType: '', type: '', known: false };

/** Turns a payload the family claimed into its typed event: the only place Responses wire JSON is trusted into types. */
export function decodeResponsesEvent(json: JsonObject, rawType: string | null): DecodedResponsesEvent {
  // The one payload without a type it takes: an error object in the middle of its stream.
  if (rawType === null) return decodeError(json);
  // Most events have the type of the one before (a run of deltas): compare strings instead of hashing each anew.
  if (rawType !== last.rawType) last = { rawType, type: currentTypeName(rawType), known: KNOWN.has(currentTypeName(rawType)) };
  if (!last.known) return { type: 'unknown', rawType };
  return decodeKnown(last.type as ResponsesEventType, json);
}

function decodeKnown(type: ResponsesEventType, json: JsonObject): DecodedResponsesEvent {
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
        partial_image_b64: isText(json.partial_image_b64) ? json.partial_image_b64 : '',
        size: str(json.size),
        output_format: str(json.output_format)
      }, json);
    case 'response.shell_call_command.added':
      return sequenced({ type, item_id, output_index, index: num(json.command_index, 0), command: str(json.command) ?? '' }, json);
    case 'response.audio.delta':
    case 'response.audio.done':
      return sequenced({ type, delta: str(json.delta) ?? '' }, json);
  }
  // Unreachable for well-formed catalogs; kept total so a catalog slip degrades to "unknown".
  return { type: 'unknown', rawType: type };
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
