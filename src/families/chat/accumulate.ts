import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import { itemsInOrder, type ResponseState } from '../../core/model.js';
import type { JsonObject } from '../../core/wire.js';
import { accumulateError, decodeUsage } from '../openai-wire.js';
import type { ChatChoiceDelta, ChatChunkEvent, ChatEvent, ChatEventOf, ChatEventType, ChatToolCallDelta } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in ChatEventType]: (event: ChatEventOf<T>, json: JsonObject, at: Position) => void };

const FAMILY = 'chat';
/**
 * Finish reasons that cut an answer short (the others, `stop`, `tool_calls`, `function_call`, mean it is whole).
 * `error` is OpenRouter's, for a stream that broke off (its chunk usually carries the error too).
 */
export const INCOMPLETE_FINISH: ReadonlySet<string> = new Set(['length', 'content_filter', 'error']);

/** A choice's reasoning (docs/spec.md §8): an item before its message, at this place of the choice. */
export const REASONING_PLACE = -1;

/**
 * Accumulates Chat Completions chunks (docs/spec.md §8): each choice is an alternative of the response, its message
 * at place 0 and its tool calls after it; the response is whole once every choice has a finish_reason.
 */
export function createChatAccumulator(builder: ResponseBuilder): FamilyAccumulator<ChatEvent> {
  /** Per response, per choice: the categories Azure's content filter said it filtered, for a `content_filter` finish. */
  const filters = new WeakMap<ResponseState, Map<number, readonly string[]>>();

  /**
   * Whether a chunk begins the next chat stream in a log that keeps no `[DONE]` (SDK logs of JSON lines): a new
   * chunk id does, and so does a choice that already finished starting over (its first chunk carries `role`). A
   * chunk with usage never does: usage comes last, and OpenRouter's usage chunk repeats the choice with its `role`.
   */
  function startsChatStream(response: ResponseState, event: ChatChunkEvent): boolean {
    if (event.id !== null && response.id !== null && response.id !== event.id) return true;
    if (event.usage !== null) return false;
    return event.choices.some((choice) => choice.role !== null && (response.alternatives.get(choice.index) ?? null) !== null);
  }

  function chunk(event: ChatChunkEvent, _json: JsonObject, at: Position): void {
    let response = builder.current;
    if (response === null || response.family !== FAMILY || builder.hasEnded(response) || response.doneMarker !== null || startsChatStream(response, event)) {
      response = builder.start(FAMILY, at);
    }
    response.events++;
    response.id = event.id ?? response.id;
    response.model = event.model ?? response.model;
    const usage = decodeUsage(event.usage);
    if (usage !== null) response.usage = usage;
    let finished = false;
    for (const choice of event.choices) {
      if (!response.alternatives.has(choice.index)) {
        response.alternatives.set(choice.index, null);
        // A choice that shows up after the others finished: the stream was not whole after all.
        if (response.terminal?.type === 'finish_reason') {
          response.terminal = null;
          response.status = 'in_progress';
          response.incompleteReason = null;
        }
      }
      const message = builder.item(response, { outputIndex: 0, alternative: choice.index }, event.id, 'message', at);
      message.status ??= 'in_progress';
      if (choice.role !== null) message.item = { ...message.item, role: choice.role };
      if (choice.reasoning !== undefined) reasoning(response, choice, event.id, at);
      if (answers(choice)) endReasoning(response, choice.index, at);
      if (choice.filtered !== undefined) filtersOf(response).set(choice.index, choice.filtered);
      if (choice.content !== null) builder.delta(response, message, 'output_text', 0, choice.content);
      if (choice.refusal !== null) builder.delta(response, message, 'refusal', 0, choice.refusal);
      for (const call of choice.toolCalls) toolCall(response, choice.index, call, at);
      for (const image of choice.images ?? []) {
        message.hasFinalImage = true;
        const place = { itemId: message.id ?? 'image', outputIndex: 0, declaredFormat: image.declaredFormat, declaredSize: null };
        builder.image(response, { ...place, kind: 'final', index: null, position: at, source: image.source }, image.b64);
      }
      // A repeated finish_reason (some proxies send it again with the usage) changes nothing.
      if (choice.finishReason !== null && response.alternatives.get(choice.index) === null) {
        finishChoice(response, choice.index, choice.finishReason, at);
        finished = true;
      }
    }
    if (event.error !== undefined) {
      // OpenRouter's error chunk: the stream failed here, whatever finish_reason it also gave.
      response.error ??= { code: event.error.code, message: event.error.message };
      if (response.terminal === null || response.terminal.type === 'finish_reason') builder.fail(response, at);
      return;
    }
    if (finished) settle(response, at);
  }

  function filtersOf(response: ResponseState): Map<number, readonly string[]> {
    let found = filters.get(response);
    if (found === undefined) filters.set(response, (found = new Map()));
    return found;
  }

  /** Whether a choice's delta carries its answer (reasoning ends where that begins). */
  function answers(choice: ChatChoiceDelta): boolean {
    return (choice.content ?? '') !== '' || (choice.refusal ?? '') !== '' || choice.toolCalls.length > 0 || (choice.images?.length ?? 0) > 0;
  }

  /** Reasoning pieces of a choice: its reasoning item's text, summary, and the size of what is encrypted. */
  function reasoning(response: ResponseState, choice: ChatChoiceDelta, id: string | null, at: Position): void {
    const item = builder.item(response, { outputIndex: REASONING_PLACE, alternative: choice.index }, id, 'reasoning', at);
    item.status ??= 'in_progress';
    for (const piece of choice.reasoning ?? []) {
      if (piece.kind === 'encrypted') {
        const before = typeof item.item.encrypted_length === 'number' ? item.item.encrypted_length : 0;
        item.item = { ...item.item, encrypted_length: before + piece.length };
      } else builder.delta(response, item, piece.kind === 'text' ? 'reasoning_text' : 'reasoning_summary', 0, piece.text);
    }
  }

  /** The answer began: the choice's reasoning item, if it has one still open, ends here. */
  function endReasoning(response: ResponseState, choice: number, at: Position): void {
    const item = builder.findItem(response, { outputIndex: REASONING_PLACE, alternative: choice });
    if (item === undefined || item.end !== null) return;
    item.status = 'completed';
    builder.itemDone(response, item, { source: 'answer', position: at });
  }

  /** One fragment of a chat tool call, joined to the call of the same `index` in the same choice. */
  function toolCall(response: ResponseState, choice: number, call: ChatToolCallDelta, at: Position): void {
    const type = call.kind === 'custom' ? 'custom_tool_call' : 'function_call';
    const item = builder.item(response, { outputIndex: 1 + call.index, alternative: choice }, call.id, type, at);
    item.status ??= 'in_progress';
    // Only the first fragment says what the call is; later ones carry the index and a piece of text.
    if (call.kind !== null) item.type = type;
    if (call.id !== null || call.name !== null) {
      item.item = { ...item.item, type: item.type, ...(call.id !== null ? { call_id: call.id } : {}), ...(call.name !== null ? { name: call.name } : {}) };
    }
    if (call.text !== null) builder.delta(response, item, item.type === 'custom_tool_call' ? 'custom_tool_input' : 'function_arguments', 0, call.text);
  }

  /** A choice got its finish_reason: its message and tool calls end here (`item-done`), then the choice (`alternative-done`). */
  function finishChoice(response: ResponseState, choice: number, reason: string, at: Position): void {
    response.alternatives.set(choice, reason);
    const status = INCOMPLETE_FINISH.has(reason) ? 'incomplete' : 'completed';
    for (const item of itemsInOrder(response)) {
      if (item.alternative !== choice || item.end !== null) continue;
      item.status = status;
      builder.itemDone(response, item, { source: 'finish_reason', position: at });
    }
    builder.alternativeDone(response, choice, reason, at);
  }

  /**
   * A chat stream is whole once every choice has a finish_reason (docs/spec.md §8): completed, or incomplete when one stopped
   * at `length` or `content_filter`. The usage-only chunk and `[DONE]` may still follow; the response ends at those.
   */
  function settle(response: ResponseState, at: Position): void {
    const reasons = [...response.alternatives.values()];
    // An error already ended it (failed), or a choice is still running.
    if (response.terminal !== null || reasons.some((r) => r === null)) return;
    const cut = [...response.alternatives].find(([, reason]) => reason !== null && INCOMPLETE_FINISH.has(reason));
    response.status = cut === undefined ? 'completed' : 'incomplete';
    if (cut === undefined) {
      response.incompleteReason = null;
    } else {
      // Azure says which categories its filter stopped; with several choices, say which one stopped short.
      const filtered = cut[1] === 'content_filter' ? (filters.get(response)?.get(cut[0]) ?? []) : [];
      const reason = filtered.length > 0 ? `${cut[1]}: ${filtered.join(', ')}` : (cut[1] ?? '');
      response.incompleteReason = response.alternatives.size > 1 ? `${reason} (choice ${cut[0]})` : reason;
    }
    response.terminal = { type: 'finish_reason', position: at };
  }

  const handlers: Handlers = {
    'chat.completion.chunk': chunk,
    // Chat Completions has no failed event: the SDKs raise on the error and read no further.
    error: (event, _json, at) => accumulateError(builder, FAMILY, event, at, true),
  };

  return {
    push(event, json, at) {
      (handlers[event.type] as (e: ChatEvent, j: JsonObject, at: Position) => void)(event, json, at);
    },
    done(response, at) {
      if (response.terminal !== null || response.alternatives.size === 0) return;
      // `[DONE]` with a choice still unfinished: the stream ended, but the answer did not.
      // Short enough to be quoted whole in `response-incomplete`; with several choices, which ones.
      const open = [...response.alternatives].filter(([, reason]) => reason === null).map(([index]) => index);
      response.status = 'incomplete';
      response.incompleteReason ??= `[DONE] before finish_reason${response.alternatives.size > 1 ? ` (choice ${open.join(', ')})` : ''}`;
      response.terminal = { type: '[DONE]', position: at };
      for (const item of response.items.values()) if (item.end === null) item.status = 'incomplete';
    },
  };
}
