import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import type { ItemState, ResponseState, TextStreamKind, Usage } from '../../core/model.js';
import type { JsonObject } from '../../core/wire.js';
import { accumulateError } from '../openai-wire.js';
import type { AnthropicEvent, AnthropicEventOf, AnthropicEventType, AnthropicUsage, BlockDelta, ContentBlock } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in AnthropicEventType]: (event: AnthropicEventOf<T>, json: JsonObject, at: Position) => void };

/** The family's name, as responses carry it. */
export const FAMILY = 'anthropic';

/** Stop reasons that cut the answer short, and the status each gives the response (the others mean it is whole). */
export const STOPPED_SHORT: ReadonlyMap<string, 'incomplete' | 'refused'> = new Map([
  ['max_tokens', 'incomplete'],
  ['model_context_window_exceeded', 'incomplete'],
  ['refusal', 'refused'],
]);

/** The item type each tool call block becomes: a client tool is a function call, the server's keep their names. */
const CALL_TYPES = { tool_use: 'function_call', server_tool_use: 'server_tool_use', mcp_tool_use: 'mcp_tool_use' } as const;

/** The text stream of a call block's `input_json_delta`s, by item type. */
export function inputStreamOf(itemType: string): TextStreamKind | null {
  switch (itemType) {
    case 'function_call':
    case 'server_tool_use':
      return 'function_arguments';
    case 'mcp_tool_use':
      return 'mcp_arguments';
    default:
      return null;
  }
}

/** What one content block became: its item, and the text stream its deltas feed (with its index). */
interface BlockState {
  readonly item: ItemState;
  readonly stream: TextStreamKind | null;
  readonly streamIndex: number;
}

/** Per response: its blocks by `index`, where its message item sits, and its usage as the wire gave it (merged). */
interface MessageState {
  readonly blocks: Map<number, BlockState>;
  messagePlace: number | null;
  usage: AnthropicUsage;
}

/**
 * Accumulates Anthropic Messages events (docs/spec.md §8): a message is one response. Its text blocks are the
 * parts of one `message` item (placed at the first of them), so the answer reads as one text whatever blocks
 * come between; every other block is an item at its `index`: thinking and redacted thinking as `reasoning`,
 * `tool_use` as a `function_call`, server and MCP tool calls and their results by their own names.
 */
export function createAnthropicAccumulator(builder: ResponseBuilder): FamilyAccumulator<AnthropicEvent> {
  const states = new WeakMap<ResponseState, MessageState>();

  function stateOf(response: ResponseState): MessageState {
    let state = states.get(response);
    if (state === undefined) {
      const usage = { input_tokens: null, output_tokens: null, cache_creation_input_tokens: null, cache_read_input_tokens: null };
      states.set(response, (state = { blocks: new Map(), messagePlace: null, usage }));
    }
    return state;
  }

  /** The message in flight; events before any `message_start` (a capture cut at the front) start one. */
  function current(at: Position): ResponseState {
    const response = builder.open(FAMILY, at);
    response.events++;
    return response;
  }

  function setUsage(response: ResponseState, usage: AnthropicUsage | null): void {
    if (usage === null) return;
    const state = stateOf(response);
    // message_delta's counts are cumulative whole-message totals, sent when they apply: a count replaces, never adds.
    state.usage = {
      input_tokens: usage.input_tokens ?? state.usage.input_tokens,
      output_tokens: usage.output_tokens ?? state.usage.output_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? state.usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? state.usage.cache_read_input_tokens,
    };
    response.usage = toUsage(state.usage);
  }

  function blockStart(response: ResponseState, index: number, block: ContentBlock, at: Position): BlockState {
    const state = stateOf(response);
    const place = { outputIndex: index, alternative: null };
    let made: BlockState;
    switch (block.type) {
      case 'text': {
        state.messagePlace ??= index;
        const item = builder.item(response, { outputIndex: state.messagePlace, alternative: null }, null, 'message', at);
        if (item.status === null) item.item = { type: 'message', role: 'assistant' };
        item.status = 'in_progress';
        made = { item, stream: 'output_text', streamIndex: index };
        builder.stream(item, 'output_text', index);
        if (block.text !== '') builder.delta(response, item, 'output_text', index, block.text);
        for (const citation of block.citations) builder.annotation(response, item, citation);
        break;
      }
      case 'thinking': {
        const item = builder.item(response, place, null, 'reasoning', at);
        item.item = { type: 'thinking' };
        made = { item, stream: 'reasoning_text', streamIndex: 0 };
        builder.stream(item, 'reasoning_text', 0);
        if (block.thinking !== '') builder.delta(response, item, 'reasoning_text', 0, block.thinking);
        break;
      }
      case 'redacted_thinking': {
        const item = builder.item(response, place, null, 'reasoning', at);
        item.item = { type: 'redacted_thinking', data_length: block.dataLength };
        made = { item, stream: null, streamIndex: 0 };
        break;
      }
      case 'tool_use':
      case 'server_tool_use':
      case 'mcp_tool_use': {
        const type = CALL_TYPES[block.type];
        const item = builder.item(response, place, block.id, type, at);
        item.item = { type: block.type, name: block.name, call_id: block.id, server_label: block.server_name, input: block.input };
        made = { item, stream: inputStreamOf(type), streamIndex: 0 };
        break;
      }
      case 'other': {
        const item = builder.item(response, place, null, block.rawType, at);
        item.item = { type: block.rawType };
        made = { item, stream: null, streamIndex: 0 };
        break;
      }
      default: {
        // The tool results: whole in their start event.
        const item = builder.item(response, place, null, block.type, at);
        item.item = { ...block };
        made = { item, stream: null, streamIndex: 0 };
      }
    }
    made.item.status = 'in_progress';
    state.blocks.set(index, made);
    return made;
  }

  /** A delta of a block no `content_block_start` opened: the block its kind implies (a capture cut at the front). */
  function impliedBlock(response: ResponseState, index: number, delta: BlockDelta, at: Position): BlockState | null {
    switch (delta.type) {
      case 'text_delta':
      case 'citations_delta':
        return blockStart(response, index, { type: 'text', text: '', citations: [] }, at);
      case 'thinking_delta':
      case 'signature_delta':
        return blockStart(response, index, { type: 'thinking', thinking: '' }, at);
      case 'input_json_delta':
        return blockStart(response, index, { type: 'tool_use', id: null, name: null, server_name: null, input: null }, at);
      default:
        return null;
    }
  }

  function blockDelta(event: AnthropicEventOf<'content_block_delta'>, _json: JsonObject, at: Position): void {
    const response = current(at);
    const { delta, index } = event;
    const block = stateOf(response).blocks.get(index) ?? impliedBlock(response, index, delta, at);
    if (block === null) return;
    const { item } = block;
    switch (delta.type) {
      case 'text_delta':
        if (block.stream === 'output_text') builder.delta(response, item, 'output_text', block.streamIndex, delta.text);
        return;
      case 'citations_delta':
        if (item.type === 'message') builder.annotation(response, item, delta.citation);
        return;
      case 'thinking_delta':
        if (block.stream === 'reasoning_text') builder.delta(response, item, 'reasoning_text', 0, delta.thinking);
        return;
      case 'signature_delta':
        // Never kept, never printed: how long it was is all inspect says.
        item.item = { ...item.item, signature_length: delta.length };
        return;
      case 'input_json_delta':
        if (block.stream === 'function_arguments' || block.stream === 'mcp_arguments') builder.delta(response, item, block.stream, 0, delta.partial_json);
        return;
      case 'other':
        // Anthropic adds delta kinds: tolerated, nothing to add.
        return;
    }
  }

  function blockStop(event: AnthropicEventOf<'content_block_stop'>, _json: JsonObject, at: Position): void {
    const response = current(at);
    const block = stateOf(response).blocks.get(event.index);
    // The message item spans its text blocks: it ends with the message.
    if (block === undefined || block.item.type === 'message' || block.item.end !== null) return;
    block.item.status = 'completed';
    builder.itemDone(response, block.item, { source: 'content_block_stop', position: at });
  }

  function messageDelta(event: AnthropicEventOf<'message_delta'>, _json: JsonObject, at: Position): void {
    const response = current(at);
    setUsage(response, event.usage);
    if (event.stop_reason === null) return;
    const short = STOPPED_SHORT.get(event.stop_reason);
    if (short !== undefined) {
      response.status = short;
      response.incompleteReason = event.stop_reason;
    }
    // Inspect shows the stop reason with the answer, as a chat choice's finish_reason.
    const place = stateOf(response).messagePlace;
    const message = place === null ? undefined : builder.findItem(response, { outputIndex: place, alternative: null });
    if (message !== undefined) message.item = { ...message.item, stop_reason: event.stop_reason };
  }

  function messageStop(_event: AnthropicEventOf<'message_stop'>, _json: JsonObject, at: Position): void {
    const response = current(at);
    if (response.terminal !== null) return;
    if (response.status === 'in_progress') response.status = 'completed';
    response.terminal = { type: 'message_stop', position: at };
    const whole = response.status === 'completed';
    for (const block of stateOf(response).blocks.values()) {
      const { item } = block;
      if (item.end !== null) continue;
      // Text ends with its message; any other block still open never got its content_block_stop.
      item.status = item.type === 'message' && whole ? 'completed' : 'incomplete';
      builder.itemDone(response, item, { source: 'message_stop', position: at });
    }
    builder.end(response);
  }

  const handlers: Handlers = {
    message_start: (event, _json, at) => {
      const response = builder.start(FAMILY, at);
      response.events++;
      response.id = event.id;
      response.model = event.model;
      setUsage(response, event.usage);
    },
    content_block_start: (event, _json, at) => {
      blockStart(current(at), event.index, event.block, at);
    },
    content_block_delta: blockDelta,
    content_block_stop: blockStop,
    message_delta: messageDelta,
    message_stop: messageStop,
    ping: () => {
      const response = builder.current;
      if (response !== null && response.family === FAMILY && !builder.hasEnded(response)) response.events++;
    },
    // The SDK raises on an `error` event and reads no further: the message ends there, failed.
    error: (event, _json, at) => accumulateError(builder, FAMILY, event, at, true),
  };

  return {
    push(event, json, at) {
      (handlers[event.type] as (e: AnthropicEvent, j: JsonObject, at: Position) => void)(event, json, at);
    },
  };
}

/** The common usage of Anthropic's counts: input includes the cache writes and reads, of which the reads are `cached`. */
function toUsage(u: AnthropicUsage): Usage {
  const cached = u.cache_read_input_tokens ?? 0;
  const input = (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + cached;
  const output = u.output_tokens ?? 0;
  return { input_tokens: input, output_tokens: output, total_tokens: input + output, cached_tokens: cached, reasoning_tokens: 0 };
}
