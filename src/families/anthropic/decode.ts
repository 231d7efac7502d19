import { wire, type JsonObject } from '../../core/wire.js';
import { decodeError } from '../openai-wire.js';
import { ANTHROPIC_EVENT_TYPES, type AnthropicUsage, type BlockDelta, type ContentBlock, type DecodedAnthropicEvent, type WebSearchHit } from './catalog.js';

const { str, num, obj } = wire;

/** The event types only an Anthropic stream sends (`ping` and `error` it shares: they belong to the stream they interrupt). */
const OWN_TYPES: ReadonlySet<string> = new Set(ANTHROPIC_EVENT_TYPES.filter((type) => type !== 'ping' && type !== 'error'));

/** Whether a payload's type is one only Anthropic streams send. */
export function isAnthropicType(type: string | null): boolean {
  return type !== null && OWN_TYPES.has(type);
}

/** Turns a payload the family claimed into its typed event: the only place Anthropic wire JSON is trusted into types. */
export function decodeAnthropicEvent(json: JsonObject, type: string | null): DecodedAnthropicEvent {
  switch (type) {
    case 'message_start': {
      const message = obj(json.message) ?? {};
      return { type, id: str(message.id), model: str(message.model), usage: decodeAnthropicUsage(message.usage) };
    }
    case 'content_block_start':
      return { type, index: num(json.index, 0), block: decodeBlock(obj(json.content_block) ?? {}) };
    case 'content_block_delta':
      return { type, index: num(json.index, 0), delta: decodeDelta(obj(json.delta) ?? {}) };
    case 'content_block_stop':
      return { type, index: num(json.index, 0) };
    case 'message_delta': {
      const delta = obj(json.delta) ?? {};
      return { type, stop_reason: str(delta.stop_reason), stop_sequence: str(delta.stop_sequence), usage: decodeAnthropicUsage(json.usage) };
    }
    case 'message_stop':
    case 'ping':
      return { type };
    case 'error':
      return decodeError(json);
    default:
      return { type: 'unknown', rawType: type ?? 'message' };
  }
}

/** Usage as the wire gives it, each count null when absent (`message_delta` sends only what changed, cumulatively). */
export function decodeAnthropicUsage(value: unknown): AnthropicUsage | null {
  const u = obj(value);
  if (u === null) return null;
  const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    input_tokens: count(u.input_tokens),
    output_tokens: count(u.output_tokens),
    cache_creation_input_tokens: count(u.cache_creation_input_tokens),
    cache_read_input_tokens: count(u.cache_read_input_tokens),
  };
}

function decodeBlock(block: JsonObject): ContentBlock {
  const type = str(block.type) ?? '';
  switch (type) {
    case 'text':
      return { type, text: str(block.text) ?? '', citations: objects(block.citations) };
    case 'thinking':
      return { type, thinking: str(block.thinking) ?? '' };
    case 'redacted_thinking':
      return { type, dataLength: str(block.data)?.length ?? 0 };
    case 'tool_use':
    case 'server_tool_use':
    case 'mcp_tool_use': {
      // Calls start with `input: {}` and stream it; a block that carries its input whole keeps it.
      const input = obj(block.input);
      const given = input !== null && Object.keys(input).length > 0 ? JSON.stringify(input) : null;
      return { type, id: str(block.id), name: str(block.name), server_name: str(block.server_name), input: given };
    }
    case 'web_search_tool_result': {
      // `content` is the results, or an error object (`web_search_tool_result_error` with an `error_code`).
      const hits: WebSearchHit[] = objects(block.content).map((hit) => ({ title: str(hit.title), url: str(hit.url) }));
      return { type, tool_use_id: str(block.tool_use_id), hits, error_code: errorCode(block.content) };
    }
    case 'web_fetch_tool_result': {
      const content = obj(block.content);
      return {
        type,
        tool_use_id: str(block.tool_use_id),
        url: str(content?.url),
        title: str(obj(content?.content)?.title),
        error_code: errorCode(block.content),
      };
    }
    case 'mcp_tool_result': {
      // `content` is a string or a list of text blocks.
      const text = typeof block.content === 'string' ? block.content : objects(block.content).map((part) => str(part.text) ?? '').join('');
      return { type, tool_use_id: str(block.tool_use_id), is_error: block.is_error === true, text };
    }
    default:
      return { type: 'other', rawType: type === '' ? 'content block' : type };
  }
}

function decodeDelta(delta: JsonObject): BlockDelta {
  const type = str(delta.type) ?? '';
  switch (type) {
    case 'text_delta':
      return { type, text: str(delta.text) ?? '' };
    case 'citations_delta':
      return { type, citation: obj(delta.citation) ?? {} };
    case 'thinking_delta':
      return { type, thinking: str(delta.thinking) ?? '' };
    case 'signature_delta':
      return { type, length: str(delta.signature)?.length ?? 0 };
    case 'input_json_delta':
      return { type, partial_json: str(delta.partial_json) ?? '' };
    default:
      return { type: 'other', rawType: type };
  }
}

/** A result's `error_code` when its content is an error object, else null. */
function errorCode(content: unknown): string | null {
  const error = obj(content);
  return error === null ? null : (str(error.error_code) ?? (typeof error.type === 'string' && error.type.endsWith('error') ? error.type : null));
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map((v) => obj(v)).filter((v): v is JsonObject => v !== null) : [];
}
