import { wire, type JsonObject } from '../../core/wire.js';
import { decodeError, isUntypedError } from '../openai-wire.js';
import type { ChatChoiceDelta, ChatChunkEvent, ChatToolCallDelta, DecodedChatEvent } from './catalog.js';

const { str, num, obj } = wire;

/** Whether a payload is a chunk: `object: "chat.completion.chunk"` where there is no string `type`, or that `type`. */
export function isChatChunk(json: JsonObject, type: string | null): boolean {
  return type === 'chat.completion.chunk' || (type === null && json.object === 'chat.completion.chunk');
}

/** Turns a payload the family claimed into its typed event: the only place chat wire JSON is trusted into types. */
export function decodeChatEvent(json: JsonObject, type: string | null): DecodedChatEvent {
  if (isChatChunk(json, type)) return decodeChatChunk(json);
  if (type === 'error' || (type === null && isUntypedError(json))) return decodeError(json);
  return { type: 'unknown', rawType: type ?? 'chat.completion.chunk' };
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
