import { wire, type JsonObject } from '../../core/wire.js';
import { BEDROCK_EVENT_TYPES, BEDROCK_EXCEPTIONS, type BedrockDelta, type BedrockUsage, type ContentBlockStartEvent, type DecodedBedrockEvent } from './catalog.js';

const { str, num, obj } = wire;
const EXCEPTIONS: ReadonlySet<string> = new Set(BEDROCK_EXCEPTIONS);

/** The event type of a payload: the first member named as a Bedrock event whose value is an object (null: none; a typed payload is never Bedrock's). */
export function bedrockTypeOf(json: JsonObject, type: string | null): (typeof BEDROCK_EVENT_TYPES)[number] | null {
  if (type !== null) return null;
  for (const name of BEDROCK_EVENT_TYPES) if (obj(json[name]) !== null) return name;
  return null;
}

/** Turns a payload the family claimed into its typed event: the only place Bedrock wire JSON is trusted into types. */
export function decodeBedrockEvent(json: JsonObject, type: string | null): DecodedBedrockEvent {
  const name = bedrockTypeOf(json, type);
  if (name === null) return { type: 'unknown', rawType: type ?? 'event' };
  const body = obj(json[name]) ?? {};
  switch (name) {
    case 'messageStart':
      return { type: name, role: str(body.role) };
    case 'contentBlockStart':
      return { type: name, index: num(body.contentBlockIndex, 0), start: decodeStart(obj(body.start) ?? {}) };
    case 'contentBlockDelta':
      return { type: name, index: num(body.contentBlockIndex, 0), delta: decodeDelta(obj(body.delta) ?? {}) };
    case 'contentBlockStop':
      return { type: name, index: num(body.contentBlockIndex, 0) };
    case 'messageStop':
      return { type: name, stopReason: str(body.stopReason) };
    case 'metadata': {
      const latency = obj(body.metrics)?.latencyMs;
      return { type: name, usage: decodeUsage(body.usage), latencyMs: count(latency) };
    }
    default:
      // The exceptions (`{"message": …}`) and the generic error (`{"errorCode", "errorMessage"}`).
      if (!EXCEPTIONS.has(name)) return { type: 'unknown', rawType: name };
      return { type: name, message: str(body.message) ?? str(body.errorMessage) ?? str(body.errorCode) ?? '' };
  }
}

function decodeStart(start: JsonObject): ContentBlockStartEvent['start'] {
  const toolUse = obj(start.toolUse);
  if (toolUse !== null) return { kind: 'toolUse', toolUseId: str(toolUse.toolUseId), name: str(toolUse.name) };
  return { kind: 'other', rawType: Object.keys(start)[0] ?? 'content block' };
}

function decodeDelta(delta: JsonObject): BedrockDelta {
  if (typeof delta.text === 'string') return { kind: 'text', text: delta.text };
  const toolUse = obj(delta.toolUse);
  if (toolUse !== null) return { kind: 'toolUse', input: str(toolUse.input) ?? '' };
  const reasoning = obj(delta.reasoningContent);
  if (reasoning !== null) {
    if (typeof reasoning.text === 'string') return { kind: 'reasoningText', text: reasoning.text };
    if (typeof reasoning.signature === 'string') return { kind: 'reasoningSignature', length: reasoning.signature.length };
    // A blob: base64 in JSON.
    if (typeof reasoning.redactedContent === 'string') return { kind: 'reasoningRedacted', length: reasoning.redactedContent.length };
    return { kind: 'other', rawType: `reasoningContent.${Object.keys(reasoning)[0] ?? ''}` };
  }
  const citation = obj(delta.citation);
  if (citation !== null) return { kind: 'citation', citation };
  return { kind: 'other', rawType: Object.keys(delta)[0] ?? 'delta' };
}

function decodeUsage(value: unknown): BedrockUsage | null {
  const u = obj(value);
  if (u === null) return null;
  return {
    inputTokens: count(u.inputTokens),
    outputTokens: count(u.outputTokens),
    totalTokens: count(u.totalTokens),
    cacheReadInputTokens: count(u.cacheReadInputTokens),
    cacheWriteInputTokens: count(u.cacheWriteInputTokens),
  };
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}
