import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import type { ItemState, ResponseState, Usage } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { UiFileEvent, UiMessageEvent, UiMessageEventOf, UiMessageEventType, UiSourceEvent } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in UiMessageEventType]: (event: UiMessageEventOf<T>, at: Position) => void };

const { str, num, obj } = wire;
const FAMILY = 'ui-message';
/** Finish reasons that cut an answer short. */
const INCOMPLETE_FINISH: ReadonlySet<string> = new Set(['length', 'content-filter']);

/** What one response's parts are, by the ids the stream names them with. */
interface Parts {
  readonly text: Map<string, ItemState>;
  readonly reasoning: Map<string, ItemState>;
  readonly calls: Map<string, ItemState>;
  readonly outputs: Map<string, ItemState>;
  readonly data: Map<string, ItemState>;
}

/**
 * Accumulates an AI SDK UI message stream (docs/spec.md §8): one response per `start` (or per stream), each part
 * an item in the order it first appears: text parts are `message` items, reasoning parts `reasoning`, tool calls
 * `function_call` (their input streamed as `function_arguments`) with their results as `function_call_output`,
 * sources, files and app data parts items of their own. `finish` ends it; `error` and `abort` fail it.
 */
export function createUiMessageAccumulator(builder: ResponseBuilder): FamilyAccumulator<UiMessageEvent> {
  const partsOf = new WeakMap<ResponseState, Parts>();
  // Files with bytes are written as images named `file-<k>`, k counting them over the input.
  let files = 0;

  /** The response an event goes to: the current one while it runs (an `error` does not end it: `finish` may follow). */
  function current(at: Position): ResponseState {
    const response = builder.current;
    if (response !== null && response.family === FAMILY && !builder.hasEnded(response) && response.doneMarker === null) return response;
    return begin(at);
  }

  function begin(at: Position): ResponseState {
    const response = builder.start(FAMILY, at);
    partsOf.set(response, { text: new Map(), reasoning: new Map(), calls: new Map(), outputs: new Map(), data: new Map() });
    return response;
  }

  function parts(response: ResponseState): Parts {
    return partsOf.get(response) as Parts;
  }

  /** The text or reasoning item of `id`, made when a delta comes without its start. */
  function partItem(response: ResponseState, kind: 'text' | 'reasoning', id: string, at: Position): ItemState {
    const map = parts(response)[kind];
    let item = map.get(id);
    if (item === undefined) {
      item = builder.appendItem(response, id, kind === 'text' ? 'message' : 'reasoning', kind === 'text' ? { role: 'assistant' } : {}, at);
      map.set(id, item);
    }
    return item;
  }

  function callItem(response: ResponseState, toolCallId: string, toolName: string | null, at: Position): ItemState {
    const calls = parts(response).calls;
    let item = calls.get(toolCallId);
    if (item === undefined) {
      item = builder.appendItem(response, toolCallId, 'function_call', { call_id: toolCallId }, at);
      calls.set(toolCallId, item);
    }
    if (toolName !== null) item.item = { ...item.item, name: toolName };
    return item;
  }

  /** The result item of a tool call (one per call: a preliminary result is replaced by the next). */
  function outputItem(response: ResponseState, toolCallId: string, at: Position): ItemState {
    const outputs = parts(response).outputs;
    let item = outputs.get(toolCallId);
    if (item === undefined) {
      const name = str(parts(response).calls.get(toolCallId)?.item.name);
      item = builder.appendItem(response, null, 'function_call_output', { call_id: toolCallId, ...(name !== null ? { name } : {}) }, at);
      outputs.set(toolCallId, item);
    }
    return item;
  }

  function source(event: UiSourceEvent, at: Position): void {
    const response = current(at);
    response.events++;
    const body = { source_type: event.type === 'source-url' ? 'url' : 'document', source_id: event.sourceId, url: event.url, title: event.title, media_type: event.mediaType, filename: event.filename };
    const item = builder.appendItem(response, event.sourceId, 'source', withoutNulls(body), at);
    builder.endItem(response, item, 'completed', event.type, at);
  }

  function file(event: UiFileEvent, at: Position): void {
    const response = current(at);
    response.events++;
    const data = decodeDataUrl(event.url);
    const mediaType = event.mediaType ?? data?.mediaType ?? null;
    // A `data:` URL's bytes are not kept in the item: only their size.
    const body = data === null ? { url: event.url } : { data_url_chars: event.url.length };
    const item = builder.appendItem(response, null, 'file', { ...withoutNulls({ media_type: mediaType }), ...body }, at);
    if (data !== null && data.base64 && mediaType !== null && mediaType.startsWith('image/')) {
      files++;
      item.id = `file-${files}`;
      item.hasFinalImage = true;
      builder.image(response, { itemId: item.id, outputIndex: item.outputIndex, kind: 'final', index: null, declaredFormat: null, declaredSize: null, position: at, source: 'file' }, data.payload);
    }
    builder.endItem(response, item, 'completed', 'file', at);
  }

  /** `finish` and `abort`: every item still open ends with the response. */
  function settle(response: ResponseState, source: string, at: Position): void {
    const status = response.status === 'completed' ? 'completed' : 'incomplete';
    for (const item of response.items.values()) if (item.end === null) builder.endItem(response, item, status, source, at);
    builder.end(response);
  }

  const handlers: Handlers = {
    start: (event, at) => {
      const response = begin(at);
      response.events++;
      response.id = event.messageId;
      applyMetadata(response, event.metadata);
    },
    'start-step': (_event, at) => void current(at).events++,
    'finish-step': (_event, at) => void current(at).events++,
    'text-start': (event, at) => {
      const response = current(at);
      response.events++;
      // An id may come again in a later step: a start always begins a new part.
      parts(response).text.delete(event.id);
      partItem(response, 'text', event.id, at);
    },
    'text-delta': (event, at) => {
      const response = current(at);
      response.events++;
      builder.delta(response, partItem(response, 'text', event.id, at), 'output_text', 0, event.delta);
    },
    'text-end': (event, at) => {
      const response = current(at);
      response.events++;
      builder.endItem(response, partItem(response, 'text', event.id, at), 'completed', 'text-end', at);
      parts(response).text.delete(event.id);
    },
    'reasoning-start': (event, at) => {
      const response = current(at);
      response.events++;
      parts(response).reasoning.delete(event.id);
      partItem(response, 'reasoning', event.id, at);
    },
    'reasoning-delta': (event, at) => {
      const response = current(at);
      response.events++;
      builder.delta(response, partItem(response, 'reasoning', event.id, at), 'reasoning_text', 0, event.delta);
    },
    'reasoning-end': (event, at) => {
      const response = current(at);
      response.events++;
      builder.endItem(response, partItem(response, 'reasoning', event.id, at), 'completed', 'reasoning-end', at);
      parts(response).reasoning.delete(event.id);
    },
    'source-url': source,
    'source-document': source,
    file,
    'tool-input-start': (event, at) => {
      const response = current(at);
      response.events++;
      callItem(response, event.toolCallId, event.toolName, at);
    },
    'tool-input-delta': (event, at) => {
      const response = current(at);
      response.events++;
      builder.delta(response, callItem(response, event.toolCallId, null, at), 'function_arguments', 0, event.inputTextDelta);
    },
    'tool-input-available': (event, at) => toolInput(event.toolCallId, event.toolName, event.input, null, at),
    'tool-input-error': (event, at) => toolInput(event.toolCallId, event.toolName, event.input, event.errorText ?? '', at),
    'tool-output-available': (event, at) => {
      const response = current(at);
      response.events++;
      const item = outputItem(response, event.toolCallId, at);
      item.item = { ...item.item, output: event.output };
      if (event.preliminary) item.status = 'preliminary';
      else builder.endItem(response, item, 'completed', 'tool-output-available', at);
    },
    'tool-output-error': (event, at) => {
      const response = current(at);
      response.events++;
      const item = outputItem(response, event.toolCallId, at);
      item.item = { ...item.item, error: event.errorText };
      builder.endItem(response, item, 'failed', 'tool-output-error', at);
    },
    'tool-output-denied': (event, at) => {
      const response = current(at);
      response.events++;
      // The call may be of an earlier stream (its approval was asked there): the denial is the call's result.
      const item = outputItem(response, event.toolCallId, at);
      item.item = { ...item.item, denied: true };
      builder.endItem(response, item, 'denied', 'tool-output-denied', at);
    },
    'tool-approval-request': (event, at) => {
      const response = current(at);
      response.events++;
      const name = str(parts(response).calls.get(event.toolCallId)?.item.name);
      const body = { call_id: event.toolCallId, ...(name !== null ? { name } : {}), ...(event.approvalId !== null ? { approval_id: event.approvalId } : {}) };
      const item = builder.appendItem(response, event.approvalId, 'approval_request', body, at);
      builder.endItem(response, item, 'pending', 'tool-approval-request', at);
    },
    'message-metadata': (event, at) => {
      const response = current(at);
      response.events++;
      applyMetadata(response, event.metadata);
    },
    'data-*': (event, at) => {
      const response = current(at);
      response.events++;
      // A data part sent again with the same name and id replaces the one before (the AI SDK reconciles them).
      const key = event.id === null ? null : `${event.name}\u0000${event.id}`;
      const known = key === null ? undefined : parts(response).data.get(key);
      const item = known ?? builder.appendItem(response, event.id, 'data', { name: event.name }, at);
      if (key !== null) parts(response).data.set(key, item);
      item.item = { ...item.item, data: event.data, ...(event.transient ? { transient: true } : {}) };
      builder.endItem(response, item, 'completed', 'data', at);
    },
    error: (event, at) => {
      const response = current(at);
      response.events++;
      response.error ??= { code: null, message: event.errorText };
      if (response.terminal === null) builder.fail(response, at);
    },
    finish: (event, at) => {
      const response = current(at);
      response.events++;
      applyMetadata(response, event.metadata);
      // After an `error` the response stays failed; `finish` only ends it.
      if (response.terminal === null) {
        const reason = event.finishReason;
        if (reason !== null && INCOMPLETE_FINISH.has(reason)) {
          response.status = 'incomplete';
          response.incompleteReason = reason;
        } else response.status = reason === 'error' ? 'failed' : 'completed';
        response.terminal = { type: 'finish', position: at };
      }
      settle(response, 'finish', at);
    },
    abort: (event, at) => {
      const response = current(at);
      response.events++;
      if (response.terminal === null) {
        response.status = 'aborted';
        response.incompleteReason = event.reason;
        response.terminal = { type: 'abort', position: at };
      }
      settle(response, 'abort', at);
    },
  };

  /** A tool call's whole input: printed whole when none of it streamed (as the final value of its arguments). */
  function toolInput(toolCallId: string, toolName: string | null, input: string | null, errorText: string | null, at: Position): void {
    const response = current(at);
    response.events++;
    const item = callItem(response, toolCallId, toolName, at);
    const stream = builder.stream(item, 'function_arguments', 0);
    if (input !== null) {
      stream.final = input;
      builder.streamDone(response, item, stream, at);
    }
    if (errorText !== null) item.item = { ...item.item, error: errorText };
    builder.endItem(response, item, errorText === null ? 'completed' : 'failed', errorText === null ? 'tool-input-available' : 'tool-input-error', at);
  }

  return {
    push(event, _json, at) {
      (handlers[event.type] as (e: UiMessageEvent, at: Position) => void)(event, at);
    },
  };
}

/** What an app put in `messageMetadata` that respcat reads: `model`, and usage as the AI SDK counts it (`usage` or `totalUsage`). */
function applyMetadata(response: ResponseState, metadata: JsonObject | null): void {
  if (metadata === null) return;
  response.model = str(metadata.model) ?? str(metadata.modelId) ?? response.model;
  const usage = decodeSdkUsage(obj(metadata.totalUsage) ?? obj(metadata.usage));
  if (usage !== null) response.usage = usage;
}

/** The AI SDK's `LanguageModelUsage` (`inputTokens`, `outputTokens`, …) in the common names. */
function decodeSdkUsage(u: JsonObject | null): Usage | null {
  if (u === null || (typeof u.inputTokens !== 'number' && typeof u.outputTokens !== 'number')) return null;
  const input = num(u.inputTokens, 0);
  const output = num(u.outputTokens, 0);
  return { input_tokens: input, output_tokens: output, total_tokens: num(u.totalTokens, input + output), cached_tokens: num(u.cachedInputTokens, 0), reasoning_tokens: num(u.reasoningTokens, 0) };
}

/** A `data:` URL's media type and payload (RFC 2397), or null for any other URL. */
function decodeDataUrl(url: string): { readonly mediaType: string | null; readonly base64: boolean; readonly payload: string } | null {
  if (!url.startsWith('data:')) return null;
  const comma = url.indexOf(',');
  if (comma === -1) return null;
  const params = url.slice(5, comma).split(';');
  const base64 = params.includes('base64');
  const mediaType = params[0] !== undefined && params[0] !== '' && params[0] !== 'base64' ? params[0].toLowerCase() : null;
  return { mediaType, base64, payload: url.slice(comma + 1) };
}

function withoutNulls(body: Readonly<Record<string, string | null>>): JsonObject {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}
