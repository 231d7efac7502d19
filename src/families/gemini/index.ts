import { quote } from '../../core/diagnostics.js';
import { errorEventFinding, isUntypedError } from '../openai-wire.js';
import type { Family } from '../family.js';
import { createGeminiAccumulator, REFUSED_FINISH } from './accumulate.js';
import { GEMINI_EVENT_TYPES, type GeminiEvent } from './catalog.js';
import { decodeGeminiEvent, isGeminiChunk } from './decode.js';
import { geminiDescriber } from './describe.js';

/** Google Gemini (`POST /v1beta/models/{model}:streamGenerateContent`, SSE with `alt=sse` or a streamed JSON array; Vertex AI's is the same shape). */
export const geminiFamily: Family<GeminiEvent> = {
  name: 'gemini',
  label: 'Gemini',
  eventTypes: GEMINI_EVENT_TYPES,
  claim(json, type) {
    if (isGeminiChunk(json, type)) return 'own';
    // Google's error object has no `type`; chat owns that shape, so it comes here only inside a Gemini stream.
    return type === null && isUntypedError(json) ? 'shared' : null;
  },
  decode: decodeGeminiEvent,
  createAccumulator: createGeminiAccumulator,
  expectedEnd: 'a finishReason on every candidate',
  outcomeOf: (event) => (event.type === 'error' ? errorEventFinding(event) : null),
  outcomeAtEnd(response) {
    if (response.terminal === null) return null;
    if (response.terminal.type === 'promptFeedback.blockReason') {
      return { code: 'response-failed', message: `Response failed: the prompt was blocked (blockReason ${quote(response.error?.code ?? 'not given', 40)})` };
    }
    if (response.status !== 'incomplete') return null;
    // The reason is a finishReason (and which candidate), never long: quoted whole.
    const reason = response.incompleteReason ?? 'not given';
    const refused = REFUSED_FINISH.has(reason.split(' ')[0] ?? '');
    return { code: 'response-incomplete', message: `Response ${refused ? 'refused' : 'incomplete'} (finishReason ${quote(reason, 80)})` };
  },
  describer: geminiDescriber,
  createRules: () => [],
  servePaths: ['/v1beta/models/{model}:streamGenerateContent'],
};
