import { wire, type JsonObject } from '../../core/wire.js';
import { UI_MESSAGE_EVENT_TYPES, type DecodedUiMessageEvent } from './catalog.js';

const { str, obj } = wire;
const KNOWN: ReadonlySet<string> = new Set(UI_MESSAGE_EVENT_TYPES);

/** Whether a `type` is one of the UI message stream's (`data-NAME` included); `error` is the family's only with `errorText`. */
export function isUiMessageType(type: string): boolean {
  return (KNOWN.has(type) && type !== 'error' && type !== 'data-*') || (type.startsWith('data-') && type.length > 5);
}

/** Turns a payload the family claimed into its typed event: the only place UI message wire JSON is trusted into types. */
export function decodeUiMessageEvent(json: JsonObject, type: string | null): DecodedUiMessageEvent {
  const id = str(json.id) ?? '';
  const toolCallId = str(json.toolCallId) ?? '';
  switch (type) {
    case 'start':
      return { type, messageId: str(json.messageId), metadata: obj(json.messageMetadata) };
    case 'start-step':
    case 'finish-step':
      return { type };
    case 'text-start':
    case 'text-end':
    case 'reasoning-start':
    case 'reasoning-end':
      return { type, id };
    case 'text-delta':
    case 'reasoning-delta':
      return { type, id, delta: str(json.delta) ?? '' };
    case 'source-url':
    case 'source-document':
      return { type, sourceId: str(json.sourceId), url: str(json.url), title: str(json.title), mediaType: str(json.mediaType), filename: str(json.filename) };
    case 'file':
      return { type, url: str(json.url) ?? '', mediaType: str(json.mediaType) };
    case 'tool-input-start':
      return { type, toolCallId, toolName: str(json.toolName) };
    case 'tool-input-delta':
      return { type, toolCallId, inputTextDelta: str(json.inputTextDelta) ?? '' };
    case 'tool-input-available':
    case 'tool-input-error':
      return { type, toolCallId, toolName: str(json.toolName), input: jsonText(json.input), errorText: str(json.errorText) };
    case 'tool-output-available':
      return { type, toolCallId, output: jsonText(json.output) ?? '', preliminary: json.preliminary === true };
    case 'tool-output-error':
      return { type, toolCallId, errorText: str(json.errorText) ?? '' };
    case 'tool-output-denied':
      return { type, toolCallId };
    case 'tool-approval-request':
      return { type, approvalId: str(json.approvalId), toolCallId };
    case 'message-metadata':
      return { type, metadata: obj(json.messageMetadata) };
    case 'error':
      // An error of the Responses shape in a UI stream says its message in `message`.
      return { type, errorText: str(json.errorText) ?? str(json.message) ?? '' };
    case 'finish':
      return { type, finishReason: str(json.finishReason), metadata: obj(json.messageMetadata) };
    case 'abort':
      return { type, reason: str(json.reason) };
  }
  if (type !== null && type.startsWith('data-')) {
    return { type: 'data-*', name: type.slice(5), id: str(json.id), data: jsonText(json.data) ?? 'null', transient: json.transient === true };
  }
  return { type: 'unknown', rawType: type ?? '' };
}

/** A wire value as JSON text (a string stays itself: a tool's text output is shown as it is); null when absent. */
function jsonText(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
