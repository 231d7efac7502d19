import { wire, type JsonObject } from '../../core/wire.js';
import type { DecodedOllamaEvent, OllamaDone, OllamaToolCall } from './catalog.js';

const { str, obj } = wire;

/** Whether a payload is an Ollama stream line: no `type`, a string `model` and a boolean `done`. */
export function isOllamaLine(json: JsonObject, type: string | null): boolean {
  return type === null && typeof json.model === 'string' && typeof json.done === 'boolean';
}

/** Whether a payload is Ollama's error line, `{"error": "…"}` (a string: OpenAI's error objects hold an object). */
export function isOllamaError(json: JsonObject, type: string | null): boolean {
  return type === null && typeof json.error === 'string';
}

/** Turns a payload the family claimed into its typed event: the only place Ollama wire JSON is trusted into types. */
export function decodeOllamaEvent(json: JsonObject, type: string | null): DecodedOllamaEvent {
  if (isOllamaError(json, type)) return { type: 'error', message: json.error as string };
  const message = obj(json.message);
  const calls = message?.tool_calls;
  const images = message !== null ? strings(message.images) : typeof json.image === 'string' ? [json.image] : [];
  return {
    type: message !== null ? 'ollama.chat' : 'ollama.generate',
    model: str(json.model),
    role: str(message?.role),
    content: message !== null ? str(message.content) : str(json.response),
    thinking: str((message ?? json).thinking),
    toolCalls: Array.isArray(calls) ? calls.map((call) => decodeToolCall(obj(call) ?? {})) : [],
    images,
    done: json.done === true ? decodeDone(json) : null,
  };
}

function decodeToolCall(call: JsonObject): OllamaToolCall {
  const fn = obj(call.function) ?? {};
  const args = fn.arguments;
  return { id: str(call.id), name: str(fn.name), arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) };
}

function decodeDone(json: JsonObject): OllamaDone {
  return {
    reason: str(json.done_reason),
    promptEvalCount: count(json.prompt_eval_count),
    evalCount: count(json.eval_count),
    totalDuration: count(json.total_duration),
    loadDuration: count(json.load_duration),
    promptEvalDuration: count(json.prompt_eval_duration),
    evalDuration: count(json.eval_duration),
  };
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
