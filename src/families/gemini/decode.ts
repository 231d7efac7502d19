import type { Usage } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import { isUntypedError, type ErrorEvent } from '../openai-wire.js';
import type { DecodedGeminiEvent, GeminiCandidate, GeminiChunkEvent, GeminiPart, GeminiSource } from './catalog.js';

const { str, num, obj } = wire;

/**
 * Whether a payload is a `GenerateContentResponse` chunk: no `type`, no chat `object`/`choices`, and one of
 * its fields (`candidates`, `usageMetadata`, `promptFeedback`, `modelVersion`, `responseId`).
 */
export function isGeminiChunk(json: JsonObject, type: string | null): boolean {
  if (type !== null || json.object !== undefined || json.choices !== undefined) return false;
  return (
    Array.isArray(json.candidates) ||
    obj(json.usageMetadata) !== null ||
    obj(json.promptFeedback) !== null ||
    typeof json.modelVersion === 'string' ||
    typeof json.responseId === 'string'
  );
}

/** Turns a payload the family claimed into its typed event: the only place Gemini wire JSON is trusted into types. */
export function decodeGeminiEvent(json: JsonObject, type: string | null): DecodedGeminiEvent {
  if (isGeminiChunk(json, type)) return decodeChunk(json);
  if (type === null && isUntypedError(json)) return decodeGeminiError(json);
  return { type: 'unknown', rawType: type ?? 'GenerateContentResponse' };
}

/** Google's error object: `{"error": {"code": 503, "message": …, "status": "UNAVAILABLE"}}`; the status is its code. */
function decodeGeminiError(json: JsonObject): ErrorEvent {
  const error = obj(json.error) ?? {};
  const numeric = typeof error.code === 'number' ? String(error.code) : str(error.code);
  return { type: 'error', code: str(error.status) ?? numeric, message: str(error.message) ?? '', param: null, errorType: str(error.status) };
}

function decodeChunk(json: JsonObject): GeminiChunkEvent {
  const feedback = obj(json.promptFeedback);
  return {
    type: 'GenerateContentResponse',
    responseId: str(json.responseId),
    modelVersion: str(json.modelVersion),
    candidates: Array.isArray(json.candidates) ? json.candidates.map((c, k) => decodeCandidate(obj(c) ?? {}, k)) : [],
    usage: decodeGeminiUsage(json.usageMetadata),
    blockReason: str(feedback?.blockReason),
    blockReasonMessage: str(feedback?.blockReasonMessage),
  };
}

function decodeCandidate(candidate: JsonObject, position: number): GeminiCandidate {
  const content = obj(candidate.content);
  const grounding = obj(candidate.groundingMetadata);
  return {
    // The API leaves `index` out for the first candidate; a list of several numbers them by place.
    index: num(candidate.index, position),
    role: str(content?.role),
    parts: Array.isArray(content?.parts) ? content.parts.map((p) => decodePart(obj(p) ?? {})) : [],
    finishReason: str(candidate.finishReason),
    finishMessage: str(candidate.finishMessage),
    sources: grounding === null ? null : decodeSources(grounding),
    queries: grounding === null ? [] : strings(grounding.webSearchQueries),
  };
}

function decodePart(part: JsonObject): GeminiPart {
  // Opaque: only its length is kept, so it can never be printed.
  const signature = str(part.thoughtSignature)?.length ?? 0;
  if (typeof part.text === 'string') return { kind: 'text', text: part.text, thought: part.thought === true, signature };
  const call = obj(part.functionCall);
  if (call !== null) {
    return { kind: 'function_call', name: str(call.name), id: str(call.id), args: call.args === undefined ? '' : JSON.stringify(call.args), signature };
  }
  const code = obj(part.executableCode);
  if (code !== null) return { kind: 'executable_code', language: str(code.language), code: str(code.code) ?? '', signature };
  const result = obj(part.codeExecutionResult);
  if (result !== null) return { kind: 'code_execution_result', outcome: str(result.outcome), output: str(result.output) ?? '', signature };
  const inline = obj(part.inlineData);
  if (inline !== null) return { kind: 'inline_data', mimeType: str(inline.mimeType), data: str(inline.data) ?? '', signature };
  const fields = Object.keys(part).filter((key) => key !== 'thoughtSignature' && key !== 'thought');
  return { kind: 'other', fields: fields.join(', '), signature };
}

/** The web pages and retrieved documents of `groundingChunks`. */
function decodeSources(grounding: JsonObject): GeminiSource[] {
  const chunks = Array.isArray(grounding.groundingChunks) ? grounding.groundingChunks : [];
  return chunks.flatMap((chunk) => {
    const source = obj(obj(chunk)?.web) ?? obj(obj(chunk)?.retrievedContext);
    return source === null ? [] : [{ uri: str(source.uri), title: str(source.title) }];
  });
}

/** `usageMetadata` in the common names: output counts the thoughts too, as the common model's reasoning tokens are part of output. */
export function decodeGeminiUsage(value: unknown): Usage | null {
  const u = obj(value);
  if (u === null) return null;
  const input = num(u.promptTokenCount, 0);
  const thoughts = num(u.thoughtsTokenCount, 0);
  const output = num(u.candidatesTokenCount, 0) + thoughts;
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: num(u.totalTokenCount, input + output),
    cached_tokens: num(u.cachedContentTokenCount, 0),
    reasoning_tokens: thoughts,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
