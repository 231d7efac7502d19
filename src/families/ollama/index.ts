import { quote } from '../../core/diagnostics.js';
import type { Family } from '../family.js';
import { createOllamaAccumulator } from './accumulate.js';
import { OLLAMA_EVENT_TYPES, type OllamaEvent } from './catalog.js';
import { decodeOllamaEvent, isOllamaError, isOllamaLine } from './decode.js';
import { ollamaDescriber } from './describe.js';

/** Ollama's native streaming API (`POST /api/chat`, `/api/generate`): NDJSON lines without a `type`, up to `done: true`. */
export const ollamaFamily: Family<OllamaEvent> = {
  name: 'ollama',
  label: 'Ollama',
  eventTypes: OLLAMA_EVENT_TYPES,
  claim(json, type) {
    return isOllamaLine(json, type) || isOllamaError(json, type) ? 'own' : null;
  },
  decode: decodeOllamaEvent,
  createAccumulator: createOllamaAccumulator,
  expectedEnd: 'a line with "done": true',
  outcomeOf(event, response) {
    if (event.type === 'error') return { code: 'error-event', message: `Error event: ${quote(event.message, 80)}` };
    if (event.type !== 'unknown' && event.done !== null && response?.status === 'incomplete') {
      return { code: 'response-incomplete', message: `Response incomplete (done_reason ${quote(response.incompleteReason ?? '', 80)})` };
    }
    return null;
  },
  describer: ollamaDescriber,
  createRules: () => [],
  servePaths: ['/api/chat', '/api/generate'],
  serveWire: {
    framing: 'ndjson',
    headers: { 'content-type': 'application/x-ndjson' },
    // Ollama's error body; the `ollama` client throws its `error` string.
    errorBody: (message) => ({ error: message }),
  },
};
