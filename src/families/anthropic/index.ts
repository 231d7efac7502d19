import { quote } from '../../core/diagnostics.js';
import { errorEventFinding } from '../openai-wire.js';
import type { Family } from '../family.js';
import { createAnthropicAccumulator, FAMILY, STOPPED_SHORT } from './accumulate.js';
import { ANTHROPIC_EVENT_TYPES, type AnthropicEvent } from './catalog.js';
import { decodeAnthropicEvent, isAnthropicType } from './decode.js';
import { anthropicDescriber } from './describe.js';
import { anthropicErrorBody } from './errors.js';
import { createToolInputRule } from './rules.js';

/** Anthropic Messages (`POST /v1/messages`, `stream: true`): a message, its content blocks by index, `message_stop`. */
export const anthropicFamily: Family<AnthropicEvent> = {
  name: FAMILY,
  label: 'Anthropic Messages',
  eventTypes: ANTHROPIC_EVENT_TYPES,
  claim(_json, type) {
    if (isAnthropicType(type)) return 'own';
    // A keep-alive and an error belong to the stream they interrupt: asked first while an Anthropic message is in flight.
    return type === 'ping' || type === 'error' ? 'shared' : null;
  },
  decode: decodeAnthropicEvent,
  createAccumulator: createAnthropicAccumulator,
  expectedEnd: 'message_stop',
  outcomeOf(event) {
    if (event.type === 'error') return errorEventFinding(event);
    if (event.type !== 'message_delta' || event.stop_reason === null) return null;
    const short = STOPPED_SHORT.get(event.stop_reason);
    if (short === undefined) return null;
    return { code: 'response-incomplete', message: `Response ${short} (stop_reason ${quote(event.stop_reason, 80)})` };
  },
  describer: anthropicDescriber,
  createRules: () => [createToolInputRule()],
  servePaths: ['/v1/messages'],
  errorBody: anthropicErrorBody,
};
