import { quote } from '../../core/diagnostics.js';
import type { Family } from '../family.js';
import { createBedrockAccumulator, FAMILY, STOPPED_SHORT } from './accumulate.js';
import { BEDROCK_EVENT_TYPES, BEDROCK_EXCEPTIONS, type BedrockEvent } from './catalog.js';
import { bedrockTypeOf, decodeBedrockEvent } from './decode.js';
import { bedrockDescriber } from './describe.js';
import { createBedrockToolInputRule } from './rules.js';

const EXCEPTIONS: ReadonlySet<string> = new Set(BEDROCK_EXCEPTIONS);

/**
 * Amazon Bedrock ConverseStream (`POST /model/{modelId}/converse-stream`): a binary AWS event stream, or the same
 * events saved as JSON lines by an SDK; a message, its content blocks by index, `messageStop`, then `metadata`.
 */
export const bedrockFamily: Family<BedrockEvent> = {
  name: FAMILY,
  label: 'Amazon Bedrock ConverseStream',
  eventTypes: BEDROCK_EVENT_TYPES,
  claim(json, type) {
    return bedrockTypeOf(json, type) !== null ? 'own' : null;
  },
  decode: decodeBedrockEvent,
  createAccumulator: createBedrockAccumulator,
  expectedEnd: 'messageStop',
  outcomeOf(event) {
    if (EXCEPTIONS.has(event.type) && 'message' in event) return { code: 'error-event', message: `Error event: ${event.type}: ${quote(event.message, 80)}` };
    if (event.type !== 'messageStop' || !('stopReason' in event) || event.stopReason === null) return null;
    const short = STOPPED_SHORT.get(event.stopReason);
    if (short === undefined) return null;
    return { code: 'response-incomplete', message: `Response ${short} (stopReason ${quote(event.stopReason, 80)})` };
  },
  describer: bedrockDescriber,
  createRules: () => [createBedrockToolInputRule()],
  // The model is a path segment (`{model}`: the SDK's modelId, URL-encoded).
  servePaths: ['/model/{model}/converse-stream'],
  serveWire: {
    framing: 'eventstream',
    headers: { 'content-type': 'application/vnd.amazon.eventstream' },
    // Bedrock's error body; the SDK raises it with this message.
    errorBody: (message) => ({ message }),
  },
};
