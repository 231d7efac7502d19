import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import type { ItemState, ResponseState } from '../../core/model.js';
import type { JsonObject } from '../../core/wire.js';
import type { OllamaDone, OllamaEvent, OllamaLineEvent } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type EventOf<T extends OllamaEvent['type']> = OllamaEvent extends infer E ? (E extends { type: infer U } ? (T extends U ? E : never) : never) : never;
type Handlers = { readonly [T in OllamaEvent['type']]: (event: EventOf<T>, at: Position) => void };

const FAMILY = 'ollama';
const NS_PER_MS = 1e6;

/**
 * Accumulates Ollama streams (docs/spec.md §8): one response per stream, up to its `done: true` line. The thinking
 * is a `reasoning` item, the text a `message` item, each tool call a `function_call` (sent whole: its arguments
 * are one delta) and each image an `image` item, in the order they first appear.
 */
export function createOllamaAccumulator(builder: ResponseBuilder): FamilyAccumulator<OllamaEvent> {
  const itemsOf = new WeakMap<ResponseState, { message: ItemState | null; reasoning: ItemState | null }>();
  // Images are written as `image-<k>`, k counting them over the input.
  let images = 0;

  function current(at: Position): ResponseState {
    const response = builder.current;
    if (response !== null && response.family === FAMILY && !builder.hasEnded(response) && response.terminal === null && response.doneMarker === null) return response;
    const started = builder.start(FAMILY, at);
    itemsOf.set(started, { message: null, reasoning: null });
    return started;
  }

  function line(event: OllamaLineEvent, at: Position): void {
    const response = current(at);
    response.events++;
    response.model = event.model ?? response.model;
    const items = itemsOf.get(response) as { message: ItemState | null; reasoning: ItemState | null };
    if (event.thinking !== null && event.thinking !== '') {
      items.reasoning ??= builder.appendItem(response, null, 'reasoning', {}, at);
      builder.delta(response, items.reasoning, 'reasoning_text', 0, event.thinking);
    }
    // Empty content makes no message of a stream that had none (a tool call, a model load).
    if (event.content !== null && (event.content !== '' || items.message !== null)) {
      items.message ??= builder.appendItem(response, null, 'message', { role: event.role ?? 'assistant' }, at);
      builder.delta(response, items.message, 'output_text', 0, event.content);
    }
    for (const call of event.toolCalls) {
      const item = builder.appendItem(response, call.id, 'function_call', { ...(call.id !== null ? { call_id: call.id } : {}), ...(call.name !== null ? { name: call.name } : {}) }, at);
      builder.delta(response, item, 'function_arguments', 0, call.arguments);
      builder.endItem(response, item, 'completed', 'tool_calls', at);
    }
    for (const b64 of event.images) {
      images++;
      const item = builder.appendItem(response, `image-${images}`, 'image', {}, at);
      item.hasFinalImage = true;
      builder.image(response, { itemId: `image-${images}`, outputIndex: item.outputIndex, kind: 'final', index: null, declaredFormat: null, declaredSize: null, position: at, source: 'ollama' }, b64);
      builder.endItem(response, item, 'completed', 'images', at);
    }
    if (event.done !== null) finish(response, event.done, at);
  }

  /** The `done: true` line: how it ended, the counts and the durations; every item ends with it. */
  function finish(response: ResponseState, done: OllamaDone, at: Position): void {
    if (done.reason === 'length') {
      response.status = 'incomplete';
      response.incompleteReason = 'length';
    } else response.status = 'completed';
    if (done.promptEvalCount !== null || done.evalCount !== null) {
      const input = done.promptEvalCount ?? 0;
      const output = done.evalCount ?? 0;
      response.usage = { input_tokens: input, output_tokens: output, total_tokens: input + output, cached_tokens: 0, reasoning_tokens: 0 };
    }
    const ms = (ns: number | null): number | null => (ns === null ? null : ns / NS_PER_MS);
    if (done.totalDuration !== null || done.loadDuration !== null || done.promptEvalDuration !== null || done.evalDuration !== null) {
      response.timing = { totalMs: ms(done.totalDuration), loadMs: ms(done.loadDuration), promptMs: ms(done.promptEvalDuration), outputMs: ms(done.evalDuration) };
    }
    response.terminal = { type: 'done', position: at };
    const status = response.status === 'completed' ? 'completed' : 'incomplete';
    for (const item of response.items.values()) if (item.end === null) builder.endItem(response, item, status, 'done', at);
    builder.end(response);
  }

  const handlers: Handlers = {
    'ollama.chat': line,
    'ollama.generate': line,
    error: (event, at) => {
      const response = current(at);
      response.events++;
      response.error ??= { code: null, message: event.message };
      if (response.terminal === null) builder.fail(response, at);
    },
  };

  return {
    push(event, _json, at) {
      (handlers[event.type] as (e: OllamaEvent, at: Position) => void)(event, at);
    },
  };
}
