import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import type { ItemState, ResponseState } from '../../core/model.js';
import type { JsonObject } from '../../core/wire.js';
import type { BedrockDelta, BedrockEvent, BedrockEventOf, BedrockEventType, ExceptionEvent } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in BedrockEventType]: (event: BedrockEventOf<T>, at: Position) => void };

/** The family's name, as responses carry it. */
export const FAMILY = 'bedrock';

/** Stop reasons that cut the answer short, and the status each gives the response (the others mean it is whole). */
export const STOPPED_SHORT: ReadonlyMap<string, 'incomplete' | 'refused'> = new Map([
  ['max_tokens', 'incomplete'],
  ['model_context_window_exceeded', 'incomplete'],
  ['malformed_model_output', 'incomplete'],
  ['malformed_tool_use', 'incomplete'],
  ['guardrail_intervened', 'refused'],
  ['content_filtered', 'refused'],
]);

/** Per response: its blocks by `contentBlockIndex`, and where its message item sits (its first text block). */
interface MessageState {
  readonly blocks: Map<number, ItemState>;
  messagePlace: number | null;
}

/**
 * Accumulates Bedrock ConverseStream events (docs/spec.md §8): a message is one response. Its text blocks are the
 * parts of one `message` item (placed at the first of them), so the answer reads as one text; a tool use block is a
 * `function_call` at its index, a reasoning block a `reasoning` item. `messageStop` says how it ended, and the
 * `metadata` after it (usage, latency) ends the response.
 */
export function createBedrockAccumulator(builder: ResponseBuilder): FamilyAccumulator<BedrockEvent> {
  const states = new WeakMap<ResponseState, MessageState>();

  function stateOf(response: ResponseState): MessageState {
    let state = states.get(response);
    if (state === undefined) states.set(response, (state = { blocks: new Map(), messagePlace: null }));
    return state;
  }

  /** The message in flight; events before any `messageStart` (a capture cut at the front) start one. */
  function current(at: Position): ResponseState {
    const response = builder.open(FAMILY, at);
    response.events++;
    return response;
  }

  /** The item of block `index`, made as the delta's kind implies when no `contentBlockStart` announced it. */
  function blockFor(response: ResponseState, index: number, delta: BedrockDelta, at: Position): ItemState | null {
    const state = stateOf(response);
    const known = state.blocks.get(index);
    if (known !== undefined) return known;
    let item: ItemState;
    switch (delta.kind) {
      case 'text':
      case 'citation':
        state.messagePlace ??= index;
        item = builder.item(response, { outputIndex: state.messagePlace, alternative: null }, null, 'message', at);
        if (item.status === null) item.item = { type: 'message', role: 'assistant' };
        builder.stream(item, 'output_text', index);
        break;
      case 'reasoningText':
      case 'reasoningSignature':
      case 'reasoningRedacted':
        item = builder.item(response, { outputIndex: index, alternative: null }, null, 'reasoning', at);
        item.item = { type: 'reasoning' };
        break;
      case 'toolUse':
        item = builder.item(response, { outputIndex: index, alternative: null }, null, 'function_call', at);
        item.item = { type: 'tool_use' };
        break;
      case 'other':
        return null;
    }
    item.status = 'in_progress';
    state.blocks.set(index, item);
    return item;
  }

  function blockDelta(event: BedrockEventOf<'contentBlockDelta'>, at: Position): void {
    const response = current(at);
    const { delta, index } = event;
    const item = blockFor(response, index, delta, at);
    if (item === null) return;
    switch (delta.kind) {
      case 'text':
        if (item.type === 'message') builder.delta(response, item, 'output_text', index, delta.text);
        return;
      case 'citation':
        if (item.type === 'message') builder.annotation(response, item, delta.citation);
        return;
      case 'toolUse':
        if (item.type === 'function_call') builder.delta(response, item, 'function_arguments', 0, delta.input);
        return;
      case 'reasoningText':
        if (item.type === 'reasoning') builder.delta(response, item, 'reasoning_text', 0, delta.text);
        return;
      case 'reasoningSignature':
        // Never kept, never printed: how long it was is all inspect says.
        item.item = { ...item.item, signature_length: delta.length };
        return;
      case 'reasoningRedacted':
        item.item = { ...item.item, redacted: true, data_length: (typeof item.item.data_length === 'number' ? item.item.data_length : 0) + delta.length };
        return;
      case 'other':
        return;
    }
  }

  function blockStop(event: BedrockEventOf<'contentBlockStop'>, at: Position): void {
    const response = current(at);
    const item = stateOf(response).blocks.get(event.index);
    // The message item spans its text blocks: it ends with the message.
    if (item === undefined || item.type === 'message' || item.end !== null) return;
    item.status = 'completed';
    builder.itemDone(response, item, { source: 'contentBlockStop', position: at });
  }

  function messageStop(event: BedrockEventOf<'messageStop'>, at: Position): void {
    const response = current(at);
    if (response.terminal !== null) return;
    const short = event.stopReason === null ? undefined : STOPPED_SHORT.get(event.stopReason);
    response.status = short ?? 'completed';
    if (short !== undefined) response.incompleteReason = event.stopReason;
    response.terminal = { type: 'messageStop', position: at };
    const state = stateOf(response);
    const whole = response.status === 'completed';
    for (const item of state.blocks.values()) {
      if (item.end !== null) continue;
      if (item.type === 'message' && event.stopReason !== null) item.item = { ...item.item, stop_reason: event.stopReason };
      // Text ends with its message; any other block still open never got its contentBlockStop.
      item.status = item.type === 'message' && whole ? 'completed' : 'incomplete';
      builder.itemDone(response, item, { source: 'messageStop', position: at });
    }
    // The metadata event follows: the response ends there (or at the input's end).
  }

  function metadata(event: BedrockEventOf<'metadata'>, at: Position): void {
    const response = current(at);
    const u = event.usage;
    if (u !== null) {
      const input = (u.inputTokens ?? 0) + (u.cacheReadInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0);
      const output = u.outputTokens ?? 0;
      response.usage = { input_tokens: input, output_tokens: output, total_tokens: u.totalTokens ?? input + output, cached_tokens: u.cacheReadInputTokens ?? 0, reasoning_tokens: 0 };
    }
    if (event.latencyMs !== null) response.timing = { totalMs: event.latencyMs, loadMs: null, promptMs: null, outputMs: null };
    if (response.terminal !== null) builder.end(response);
  }

  function exception(event: ExceptionEvent, at: Position): void {
    const response = builder.current !== null && builder.current.family === FAMILY && !builder.hasEnded(builder.current) ? builder.current : builder.start(FAMILY, at);
    response.events++;
    response.error ??= { code: event.type, message: event.message };
    // The SDK throws the exception and reads no further: the message ends there, failed.
    if (response.terminal === null) builder.fail(response, at);
    else builder.end(response);
  }

  const handlers: Handlers = {
    messageStart: (_event, at) => {
      builder.start(FAMILY, at).events++;
    },
    contentBlockStart: (event, at) => {
      const response = current(at);
      if (event.start.kind !== 'toolUse') return;
      const item = builder.item(response, { outputIndex: event.index, alternative: null }, event.start.toolUseId, 'function_call', at);
      item.item = { type: 'tool_use', name: event.start.name, call_id: event.start.toolUseId };
      item.status = 'in_progress';
      builder.stream(item, 'function_arguments', 0);
      stateOf(response).blocks.set(event.index, item);
    },
    contentBlockDelta: blockDelta,
    contentBlockStop: blockStop,
    messageStop,
    metadata,
    internalServerException: exception,
    modelStreamErrorException: exception,
    validationException: exception,
    throttlingException: exception,
    serviceUnavailableException: exception,
    eventStreamError: exception,
  };

  return {
    push(event, _json: JsonObject, at) {
      (handlers[event.type] as (e: BedrockEvent, at: Position) => void)(event, at);
    },
  };
}
