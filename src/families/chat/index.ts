import { quote } from '../../core/diagnostics.js';
import { errorEventFinding, isUntypedError } from '../openai-wire.js';
import type { Family } from '../family.js';
import { createChatAccumulator } from './accumulate.js';
import { CHAT_EVENT_TYPES, type ChatEvent } from './catalog.js';
import { decodeChatEvent, isChatChunk } from './decode.js';
import { chatDescriber } from './describe.js';

/** OpenAI Chat Completions (`POST /v1/chat/completions`, `stream: true`): chunks without a `type`, choices side by side. */
export const chatFamily: Family<ChatEvent> = {
  name: 'chat',
  label: 'Chat Completions',
  eventTypes: CHAT_EVENT_TYPES,
  claim(json, type) {
    if (isChatChunk(json, type)) return 'own';
    // A chat stream's mid-stream error is `{"error": …}` with no `type` at all; the other error shapes it shares.
    if (type === null && isUntypedError(json)) return json.type === undefined ? 'own' : 'shared';
    return type === 'error' ? 'shared' : null;
  },
  decode: decodeChatEvent,
  createAccumulator: createChatAccumulator,
  expectedEnd: 'a finish_reason on every choice or [DONE]',
  outcomeOf(event) {
    if (event.type === 'error') return errorEventFinding(event);
    // OpenRouter's error chunk is an error event too.
    return event.type === 'chat.completion.chunk' && event.error !== undefined ? errorEventFinding(event.error) : null;
  },
  outcomeAtEnd(response) {
    // Chat streams have no terminal event: a length/content_filter finish, or [DONE] too early, is incomplete.
    // The reason is respcat's own words (a finish_reason, which choices), never long: quoted whole.
    if (response.status !== 'incomplete' || response.terminal === null) return null;
    return { code: 'response-incomplete', message: `Response incomplete (reason ${quote(response.incompleteReason ?? 'not given', 80)})` };
  },
  describer: chatDescriber,
  createRules: () => [],
  servePaths: ['/v1/chat/completions'],
};
