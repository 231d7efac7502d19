import { quote } from '../../core/diagnostics.js';
import { errorEventFinding, isUntypedError } from '../openai-wire.js';
import type { Family } from '../family.js';
import { createResponsesAccumulator } from './accumulate.js';
import { RESPONSES_EVENT_TYPES, TEXT_STREAMS, type ResponsesEvent } from './catalog.js';
import { decodeResponsesEvent } from './decode.js';
import { responsesDescriber } from './describe.js';
import { createContentIndexRule, createOutputIndexRule, createOutputMismatchRule, createResponseIdRule, createSequenceRule } from './rules.js';

/** The OpenAI Responses API (`POST /v1/responses`, `stream: true`): typed events, `response.created` to `response.completed`. */
export const responsesFamily: Family<ResponsesEvent> = {
  name: 'responses',
  label: 'Responses API',
  eventTypes: RESPONSES_EVENT_TYPES,
  claim(json, type) {
    // An error object without a type interrupts any stream; the family of the one in flight takes it.
    if (type === null) return isUntypedError(json) ? 'shared' : null;
    // An `error` with `errorText` is the AI SDK UI message stream's shape: shared, so with no stream in flight that family owns it.
    if (type === 'error') return typeof json.errorText === 'string' ? 'shared' : 'own';
    return type === 'keepalive' || type.startsWith('response.') ? 'own' : null;
  },
  decode: decodeResponsesEvent,
  createAccumulator: createResponsesAccumulator,
  expectedEnd: 'response.completed, .failed or .incomplete',
  finalValueEvent: (kind) => TEXT_STREAMS[kind].done.replace(/^response\./, ''),
  describeMissingImage: (_response, item) =>
    item.type === 'image_generation_call' ? `Image item ${item.id ?? item.outputIndex} ended with no result in output_item.done or the terminal response` : null,
  outcomeOf(event, response) {
    switch (event.type) {
      case 'error':
        return errorEventFinding(event);
      case 'response.failed': {
        const error = response?.error;
        const detail = error ? `${error.code ?? 'error'}: ${quote(error.message, 80)}` : 'no error given';
        return { code: 'response-failed', message: `Response failed (${detail})` };
      }
      case 'response.incomplete':
        return { code: 'response-incomplete', message: `Response incomplete (reason ${quote(response?.incompleteReason ?? 'not given')})` };
      default:
        return null;
    }
  },
  // A terminal response repeats every image `result`: a replay that wrote them never reads them again.
  deferredKeys: ['result'],
  // An image's base64 (a partial, or the final one in output_item.done): decoded from the chunks' bytes, never
  // made one string (core/byte-string.ts). The item kept for inspect drops `result` (items.ts withoutResult).
  byteKeys: ['partial_image_b64', 'item.result'],
  describer: responsesDescriber,
  createRules: () => [createSequenceRule(), createOutputMismatchRule(), createResponseIdRule(), createContentIndexRule(), createOutputIndexRule()],
  servePaths: ['/v1/responses'],
};
