import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import { itemsInOrder, type ResponseState } from '../../core/model.js';
import type { JsonObject } from '../../core/wire.js';
import { accumulateError, decodeUsage } from '../openai-wire.js';
import type { ChatChunkEvent, ChatEvent, ChatEventOf, ChatEventType, ChatToolCallDelta } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in ChatEventType]: (event: ChatEventOf<T>, json: JsonObject, at: Position) => void };

const FAMILY = 'chat';
/** Finish reasons that cut an answer short (the others, `stop`, `tool_calls`, `function_call`, mean it is whole). */
export const INCOMPLETE_FINISH: ReadonlySet<string> = new Set(['length', 'content_filter']);

/**
 * Accumulates Chat Completions chunks (docs/spec.md §8): each choice is an alternative of the response, its message
 * at place 0 and its tool calls after it; the response is whole once every choice has a finish_reason.
 */
export function createChatAccumulator(builder: ResponseBuilder): FamilyAccumulator<ChatEvent> {
  /**
   * Whether a chunk begins the next chat stream in a log that keeps no `[DONE]` (SDK logs of JSON lines): a new
   * chunk id does, and so does a choice that already finished starting over (its first chunk carries `role`).
   */
  function startsChatStream(response: ResponseState, event: ChatChunkEvent): boolean {
    if (event.id !== null && response.id !== null && response.id !== event.id) return true;
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
      if (choice.content !== null) builder.delta(response, message, 'output_text', 0, choice.content);
      if (choice.refusal !== null) builder.delta(response, message, 'refusal', 0, choice.refusal);
      for (const call of choice.toolCalls) toolCall(response, choice.index, call, at);
      // A repeated finish_reason (some proxies send it again with the usage) changes nothing.
      if (choice.finishReason !== null && response.alternatives.get(choice.index) === null) {
        finishChoice(response, choice.index, choice.finishReason, at);
        finished = true;
      }
    }
    if (finished) settle(response, at);
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
    // With several choices, say which one stopped short.
    response.incompleteReason = cut === undefined ? null : response.alternatives.size > 1 ? `${cut[1]} (choice ${cut[0]})` : (cut[1] ?? null);
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
