import { quote } from '../../core/diagnostics.js';
import type { Family } from '../family.js';
import { createUiMessageAccumulator } from './accumulate.js';
import { UI_MESSAGE_EVENT_TYPES, type UiMessageEvent } from './catalog.js';
import { decodeUiMessageEvent, isUiMessageType } from './decode.js';
import { uiMessageDescriber } from './describe.js';

/** The path the AI SDK's `useChat` posts to by default, which `respcat serve` answers with a UI message stream capture. */
export const UI_MESSAGE_PATH = '/api/chat';

/** The AI SDK UI message stream (`x-vercel-ai-ui-message-stream: v1`): what an app's chat route sends its browser. */
export const uiMessageFamily: Family<UiMessageEvent> = {
  name: 'ui-message',
  label: 'AI SDK UI message stream',
  eventTypes: UI_MESSAGE_EVENT_TYPES,
  claim(json, type) {
    if (type === null) return null;
    if (isUiMessageType(type)) return 'own';
    // Its `error` has `errorText`; the Responses API's has `message`. In a stream in flight, its family decides.
    if (type === 'error') return typeof json.errorText === 'string' ? 'own' : 'shared';
    return null;
  },
  decode: decodeUiMessageEvent,
  createAccumulator: createUiMessageAccumulator,
  expectedEnd: 'a finish event',
  outcomeOf(event, response) {
    switch (event.type) {
      case 'error':
        return { code: 'error-event', message: `Error event: ${quote(event.errorText, 80)}` };
      case 'abort':
        return { code: 'response-failed', message: `Response aborted${event.reason !== null ? ` (reason ${quote(event.reason, 80)})` : ''}` };
      case 'finish':
        if (response?.terminal?.type !== 'finish') return null;
        if (response.status === 'incomplete') return { code: 'response-incomplete', message: `Response incomplete (finishReason ${quote(response.incompleteReason ?? '', 80)})` };
        if (response.status === 'failed') return { code: 'response-failed', message: 'Response failed (finishReason "error")' };
        return null;
      default:
        return null;
    }
  },
  describer: uiMessageDescriber,
  createRules: () => [],
  servePaths: [UI_MESSAGE_PATH],
  // The AI SDK's UI_MESSAGE_STREAM_HEADERS.
  serveWire: {
    framing: 'sse',
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-vercel-ai-ui-message-stream': 'v1', 'x-accel-buffering': 'no' },
  },
};
