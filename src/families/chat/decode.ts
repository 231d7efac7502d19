import { wire, type JsonObject } from '../../core/wire.js';
import { decodeDataUrlImage } from '../data-url.js';
import { decodeError, isUntypedError } from '../openai-wire.js';
import type { ChatChoiceDelta, ChatChunkEvent, ChatImageDelta, ChatReasoningDelta, ChatToolCallDelta, DecodedChatEvent } from './catalog.js';

const { str, num, obj } = wire;

/**
 * Whether a payload is a chunk: `object: "chat.completion.chunk"` where there is no string `type`, or that `type`.
 * Azure OpenAI also sends chunks with `object: ""` and a `choices` list: the prompt filter results before the
 * first token (`choices: []`), and content filter annotations.
 */
export function isChatChunk(json: JsonObject, type: string | null): boolean {
  if (type === 'chat.completion.chunk') return true;
  return type === null && (json.object === 'chat.completion.chunk' || (json.object === '' && Array.isArray(json.choices)));
}

/** Turns a payload the family claimed into its typed event: the only place chat wire JSON is trusted into types. */
export function decodeChatEvent(json: JsonObject, type: string | null): DecodedChatEvent {
  if (isChatChunk(json, type)) return decodeChatChunk(json);
  if (type === 'error' || (type === null && isUntypedError(json))) return decodeError(json);
  return { type: 'unknown', rawType: type ?? 'chat.completion.chunk' };
}

/** A string that says something: Azure's filter chunks carry `id: ""` and `model: ""`. */
function named(value: unknown): string | null {
  const text = str(value);
  return text === '' ? null : text;
}

function decodeChatChunk(json: JsonObject): ChatChunkEvent {
  const choices = Array.isArray(json.choices) ? json.choices.map((c) => decodeChatChoice(obj(c) ?? {})) : [];
  const chunk: ChatChunkEvent = { type: 'chat.completion.chunk', id: named(json.id), model: named(json.model), choices, usage: obj(json.usage) };
  // OpenRouter: a chunk that carries `error: {code, message}` is where the stream failed.
  return obj(json.error) !== null ? { ...chunk, error: decodeError(json) } : chunk;
}

function decodeChatChoice(choice: JsonObject): ChatChoiceDelta {
  const delta = obj(choice.delta) ?? {};
  const calls = Array.isArray(delta.tool_calls) ? delta.tool_calls.map((c) => decodeToolCallDelta(obj(c) ?? {})) : [];
  // The deprecated `function_call` (one call per choice) is the same thing as tool call 0 without an id.
  const legacy = obj(delta.function_call);
  if (legacy !== null) calls.push({ index: 0, id: null, kind: 'function', name: str(legacy.name), text: str(legacy.arguments) });
  const parts = Array.isArray(delta.content) ? decodeContentParts(delta.content) : null;
  const decoded: { -readonly [K in keyof ChatChoiceDelta]: ChatChoiceDelta[K] } = {
    index: num(choice.index, 0),
    role: str(delta.role),
    content: parts !== null ? parts.text : str(delta.content),
    refusal: str(delta.refusal),
    toolCalls: calls,
    finishReason: str(choice.finish_reason),
  };
  const reasoning = [...(parts?.reasoning ?? []), ...decodeReasoning(delta)];
  if (reasoning.length > 0) decoded.reasoning = reasoning;
  const listed = Array.isArray(delta.images) ? delta.images.map((i) => decodeImage(i, 'delta.images')).filter((i): i is ChatImageDelta => i !== null) : [];
  const images = [...(parts?.images ?? []), ...listed];
  if (images.length > 0) decoded.images = images;
  const filtered = filteredCategories(choice.content_filter_results);
  if (filtered.length > 0) decoded.filtered = filtered;
  return decoded;
}

/**
 * The reasoning fields servers put beside `content`. OpenRouter sends its reasoning twice, as the `reasoning` string
 * and as `reasoning_details`: the details, when they hold text, are the ones read.
 */
function decodeReasoning(delta: JsonObject): ChatReasoningDelta[] {
  const pieces: ChatReasoningDelta[] = [];
  const details = Array.isArray(delta.reasoning_details) ? delta.reasoning_details.map((d) => obj(d) ?? {}) : [];
  for (const detail of details) {
    const text = str(detail.text);
    const summary = str(detail.summary);
    const data = str(detail.data);
    if (detail.type === 'reasoning.text' && text !== null) pieces.push({ kind: 'text', text });
    else if (detail.type === 'reasoning.summary' && summary !== null) pieces.push({ kind: 'summary', text: summary });
    else if (detail.type === 'reasoning.encrypted' && data !== null) pieces.push({ kind: 'encrypted', length: data.length });
  }
  if (!pieces.some((p) => p.kind !== 'encrypted')) {
    // DeepSeek: `reasoning_content`; Groq and OpenRouter: `reasoning`.
    const text = str(delta.reasoning_content) ?? str(delta.reasoning);
    if (text !== null && text !== '') pieces.unshift({ kind: 'text', text });
  }
  return pieces;
}

/**
 * `content` as a list of parts (Mistral's content chunks): `text` parts are the answer, `thinking` parts
 * (`thinking: [{type: "text", text}]`) its reasoning, `image_url` parts with a base64 data URL its images.
 */
function decodeContentParts(parts: readonly unknown[]): { text: string | null; reasoning: ChatReasoningDelta[]; images: ChatImageDelta[] } {
  let text: string | null = null;
  const reasoning: ChatReasoningDelta[] = [];
  const images: ChatImageDelta[] = [];
  for (const part of parts.map((p) => obj(p) ?? {})) {
    if (part.type === 'text' && str(part.text) !== null) text = (text ?? '') + (str(part.text) as string);
    else if (part.type === 'image_url') {
      const image = decodeImage(part, 'delta.content');
      if (image !== null) images.push(image);
    }
    else if (part.type === 'thinking' && Array.isArray(part.thinking)) {
      for (const inner of part.thinking.map((t) => obj(t) ?? {})) {
        const piece = str(inner.text);
        if (inner.type === 'text' && piece !== null && piece !== '') reasoning.push({ kind: 'text', text: piece });
      }
    }
  }
  return { text, reasoning, images };
}

/**
 * An `image_url` object (`{type: "image_url", image_url: {url: "data:image/png;base64,…"}}`; Mistral's `image_url` may be
 * the URL string itself), in OpenRouter's `delta.images` or among content parts, when it is a base64 data URL.
 */
function decodeImage(value: unknown, source: ChatImageDelta['source']): ChatImageDelta | null {
  const image = obj(value);
  const url = image?.image_url;
  const decoded = decodeDataUrlImage(obj(url)?.url ?? url ?? image?.url);
  return decoded === null ? null : { ...decoded, source };
}

/** Azure's filter verdicts: each category with `filtered: true`, and its severity when it gives one. */
function filteredCategories(value: unknown): string[] {
  const results = obj(value);
  if (results === null) return [];
  const found: string[] = [];
  for (const [category, verdict] of Object.entries(results)) {
    const entry = obj(verdict);
    if (entry?.filtered !== true) continue;
    const severity = str(entry.severity);
    found.push(severity !== null ? `${category} (${severity})` : category);
  }
  return found;
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
