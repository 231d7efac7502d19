import { describe, expect, test } from 'vitest';
import { BEDROCK_EVENT_TYPES } from '../../../src/families/bedrock/catalog.js';
import { OLLAMA_EVENT_TYPES } from '../../../src/families/ollama/catalog.js';
import { UI_MESSAGE_EVENT_TYPES } from '../../../src/families/ui-message/catalog.js';
import {
  currentTypeName,
  decodeEvent,
  decodeUsage,
  isKnownType,
  KNOWN_EVENT_TYPES,
  LEGACY_EVENT_TYPES,
  TEXT_STREAMS,
  type StreamEvent,
} from '../../../src/families/index.js';

/** The 59 members of openai-python's ResponseStreamEvent union (src/openai/types/responses/response_stream_event.py @0015fc68). */
const SDK_UNION = [
  'response.audio.delta',
  'response.audio.done',
  'response.audio.transcript.delta',
  'response.audio.transcript.done',
  'response.code_interpreter_call_code.delta',
  'response.code_interpreter_call_code.done',
  'response.code_interpreter_call.completed',
  'response.code_interpreter_call.in_progress',
  'response.code_interpreter_call.interpreting',
  'response.compaction.compacting',
  'response.completed',
  'response.content_part.added',
  'response.content_part.done',
  'response.created',
  'error',
  'response.file_search_call.completed',
  'response.file_search_call.in_progress',
  'response.file_search_call.searching',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.shell_call_command.added',
  'response.shell_call_command.delta',
  'response.shell_call_command.done',
  'response.shell_call_output_content.delta',
  'response.shell_call_output_content.done',
  'response.in_progress',
  'response.failed',
  'response.incomplete',
  'response.output_item.added',
  'response.output_item.done',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.reasoning_text.delta',
  'response.reasoning_text.done',
  'response.refusal.delta',
  'response.refusal.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.web_search_call.completed',
  'response.web_search_call.in_progress',
  'response.web_search_call.searching',
  'response.image_generation_call.completed',
  'response.image_generation_call.generating',
  'response.image_generation_call.in_progress',
  'response.image_generation_call.partial_image',
  'response.mcp_call_arguments.delta',
  'response.mcp_call_arguments.done',
  'response.mcp_call.completed',
  'response.mcp_call.failed',
  'response.mcp_call.in_progress',
  'response.mcp_list_tools.completed',
  'response.mcp_list_tools.failed',
  'response.mcp_list_tools.in_progress',
  'response.output_text.annotation.added',
  'response.queued',
  'response.custom_tool_call_input.delta',
  'response.custom_tool_call_input.done',
];

/** Beyond the SDK union: seen on the wire (keepalive: openai-node #1964; apply_patch: vercel/ai fixtures). */
const WIRE_ONLY = ['keepalive', 'response.apply_patch_call_operation_diff.delta', 'response.apply_patch_call_operation_diff.done'];

/** The other families (docs/spec.md §8): chat chunks are typed by `object`, Images API events by `type`, Gemini chunks and Ollama lines by their fields. */
const OTHER_FAMILIES = [
  'chat.completion.chunk',
  'image_generation.partial_image',
  'image_generation.completed',
  'image_edit.partial_image',
  'image_edit.completed',
  'GenerateContentResponse',
  ...['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop', 'ping'],
  ...UI_MESSAGE_EVENT_TYPES.filter((type) => type !== 'error'),
  ...OLLAMA_EVENT_TYPES.filter((type) => type !== 'error'),
  ...BEDROCK_EVENT_TYPES,
];

function decode(json: Record<string, unknown>): StreamEvent {
  const result = decodeEvent(json);
  if (!result.ok) throw new Error(`not decoded: ${JSON.stringify(json)}`);
  return result.event;
}

describe('the catalog', () => {
  test('is exactly the SDK union, the wire-only types and the other families', () => {
    expect(SDK_UNION).toHaveLength(59);
    expect([...KNOWN_EVENT_TYPES].sort()).toEqual([...SDK_UNION, ...WIRE_ONLY, ...OTHER_FAMILIES].sort());
  });

  test.each([...KNOWN_EVENT_TYPES])('%s decodes to its own variant, not to unknown', (type) => {
    // Chat chunks, Gemini chunks and Ollama lines have no `type`: their shape says what they are.
    const untyped: Record<string, Record<string, unknown>> = {
      'chat.completion.chunk': { object: type, choices: [] },
      GenerateContentResponse: { candidates: [], responseId: 'r' },
      'ollama.chat': { model: 'm', done: false, message: { role: 'assistant', content: '' } },
      'ollama.generate': { model: 'm', done: false, response: '' },
      // Bedrock events are named by their one member (`{"messageStart": {…}}`).
      ...Object.fromEntries(BEDROCK_EVENT_TYPES.map((name) => [name, { [name]: {} }])),
    };
    const event = decode(untyped[type] ?? { type, sequence_number: 3 });
    expect(event.type).toBe(type);
    expect(isKnownType(type)).toBe(true);
  });

  test('every legacy name maps to a known type', () => {
    for (const [legacy, current] of Object.entries(LEGACY_EVENT_TYPES)) {
      expect(KNOWN_EVENT_TYPES, legacy).toContain(current);
      expect(isKnownType(legacy)).toBe(true);
      expect(currentTypeName(legacy)).toBe(current);
      expect(decode({ type: legacy }).type).toBe(current);
    }
    expect(currentTypeName('response.output_text.delta')).toBe('response.output_text.delta');
    expect(currentTypeName('toString')).toBe('toString');
    expect(isKnownType('hasOwnProperty')).toBe(false);
  });

  test('every text stream has a delta and a done type in the catalog', () => {
    for (const def of Object.values(TEXT_STREAMS)) {
      expect(KNOWN_EVENT_TYPES).toContain(def.delta);
      expect(KNOWN_EVENT_TYPES).toContain(def.done);
    }
  });
});

describe('decodeEvent', () => {
  test.each([
    ['flat', { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, sequence_number: 2 }, { code: 'rate_limit_exceeded', message: 'Slow down', param: null, errorType: null }],
    ['nested', { type: 'error', sequence_number: 2, error: { type: 'insufficient_quota', code: 'insufficient_quota', message: 'Quota', param: null } }, { code: 'insufficient_quota', message: 'Quota', param: null, errorType: 'insufficient_quota' }],
    ['nested with a null code', { type: 'error', error: { type: 'server_error', code: null, message: 'Sorry', param: null } }, { code: 'server_error', message: 'Sorry', param: null, errorType: 'server_error' }],
    ['chat mid-stream error (no type)', { error: { message: 'At capacity', type: 'server_error', param: null, code: 'server_error' } }, { code: 'server_error', message: 'At capacity', param: null, errorType: 'server_error' }],
  ])('error, %s shape', (_name, json, expected) => {
    expect(decode(json)).toMatchObject({ type: 'error', ...expected });
  });

  test.each([
    ['a type respcat does not know', { type: 'response.steer.accepted', steer: {} }, 'response.steer.accepted'],
    ['an OpenRouter heartbeat', { type: 'response.keep_alive' }, 'response.keep_alive'],
    ['a third-party name that is not an alias', { type: 'response.image_gen_call.partial_image' }, 'response.image_gen_call.partial_image'],
    ['a name of an object property', { type: 'constructor' }, 'constructor'],
    ['__proto__', JSON.parse('{"type":"__proto__"}') as Record<string, unknown>, '__proto__'],
  ])('%s becomes the unknown variant with its raw type', (_name, json, rawType) => {
    const result = decodeEvent(json);
    expect(result).toMatchObject({ ok: true, event: { type: 'unknown', rawType }, rawType });
  });

  test.each([
    ['not an object', 42],
    ['an array', [{ type: 'response.created' }]],
    ['no type', { object: 'response' }],
    ['a non-string type', { type: 7 }],
  ])('%s is a missing-type problem', (_name, json) => {
    expect(decodeEvent(json)).toMatchObject({ ok: false, problem: 'missing-type' });
  });

  test('keeps the raw type of a legacy name', () => {
    const result = decodeEvent({ type: 'response.output_text_annotation.added', item_id: 'msg_1', output_index: 0, content_index: 0, annotation_index: 0, annotation: { type: 'url_citation' } });
    expect(result).toMatchObject({ ok: true, rawType: 'response.output_text_annotation.added', event: { type: 'response.output_text.annotation.added', annotation: { type: 'url_citation' } } });
  });

  test.each([
    ['a string', 'Hel', 'Hel'],
    ['a legacy object with text', { text: 'Looking' }, 'Looking'],
    ['a legacy object without text (as JSON)', { topic: 'x' }, '{"topic":"x"}'],
    ['absent', undefined, ''],
    ['null', null, ''],
  ])('a delta that is %s reads as text', (_name, delta, text) => {
    expect(decode({ type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 1, delta })).toMatchObject({ index: 1, delta: text });
  });

  test('shell output deltas join stdout and stderr; their .done has no text value', () => {
    expect(decode({ type: 'response.shell_call_output_content.delta', item_id: 'sho_1', output_index: 1, command_index: 2, delta: { stdout: 'out\n', stderr: 'err\n' } })).toMatchObject({ index: 2, delta: 'out\nerr\n' });
    expect(decode({ type: 'response.shell_call_output_content.done', item_id: 'sho_1', output_index: 1, command_index: 2, output: [{ stdout: 'out\n' }] })).toMatchObject({ index: 2, value: null });
  });

  test('shell commands have no item_id: keyed by output_index and command_index', () => {
    expect(decode({ type: 'response.shell_call_command.added', output_index: 0, command_index: 1, command: '' })).toMatchObject({ item_id: '', output_index: 0, index: 1, command: '' });
    expect(decode({ type: 'response.shell_call_command.done', output_index: 0, command_index: 1, command: 'uname -a' })).toMatchObject({ item_id: '', output_index: 0, index: 1, value: 'uname -a' });
  });

  test.each([
    ['response.output_text.done', { text: 'Hi' }, 'Hi'],
    ['response.refusal.done', { refusal: 'No' }, 'No'],
    ['response.function_call_arguments.done', { arguments: '{}', name: 'f' }, '{}'],
    ['response.custom_tool_call_input.done', { input: 'SELECT 1' }, 'SELECT 1'],
    ['response.mcp_call_arguments.done', { arguments: '{"a":1}' }, '{"a":1}'],
    ['response.mcp_call.arguments_done', { arguments: { a: 1 } }, '{"a":1}'],
    ['response.code_interpreter_call_code.done', { code: 'print(1)' }, 'print(1)'],
    ['response.code_interpreter_call.code.done', { code: 'print(2)' }, 'print(2)'],
    ['response.apply_patch_call_operation_diff.done', { diff: '+x' }, '+x'],
    ['response.audio.transcript.done', {}, null],
    ['response.output_text.done', {}, null],
  ])('%s reads its value field', (type, fields, value) => {
    expect(decode({ type, item_id: 'x', output_index: 0, ...fields })).toMatchObject({ value });
  });

  test('function_call_arguments.done keeps a name when the server sends one', () => {
    expect(decode({ type: 'response.function_call_arguments.done', item_id: 'fc', output_index: 0, arguments: '{}', name: 'lookup' })).toMatchObject({ name: 'lookup' });
    expect(decode({ type: 'response.function_call_arguments.done', item_id: 'fc', output_index: 0, arguments: '{}' })).toMatchObject({ name: null });
  });

  test('early code interpreter progress events carry the whole item instead of item_id', () => {
    const event = decode({ type: 'response.code_interpreter_call.in_progress', output_index: 1, code_interpreter_call: { id: 'ci_1', type: 'code_interpreter_call', code: '' } });
    expect(event).toMatchObject({ item_id: 'ci_1', output_index: 1, item: { id: 'ci_1' } });
    expect(decode({ type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 2 })).toMatchObject({ item_id: 'ws_1', item: null });
  });

  test('sequence_number is optional and kept when present', () => {
    expect(decode({ type: 'keepalive', sequence_number: 466 })).toEqual({ type: 'keepalive', sequence_number: 466 });
    expect(decode({ type: 'keepalive' })).toEqual({ type: 'keepalive' });
  });

  test('missing indexes read as -1 (output) and 0 (content, summary, command)', () => {
    expect(decode({ type: 'response.output_text.delta', delta: 'x' })).toMatchObject({ item_id: '', output_index: -1, index: 0 });
  });

  test('audio events carry no item', () => {
    expect(decode({ type: 'response.audio.delta', delta: 'AAAA' })).toEqual({ type: 'response.audio.delta', delta: 'AAAA' });
    expect(decode({ type: 'response.audio.transcript.delta', delta: 'Hi' })).toMatchObject({ item_id: '', output_index: -1, delta: 'Hi' });
  });
});

describe('decodeUsage', () => {
  test.each([
    [
      'Responses',
      { input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 2 }, total_tokens: 15 },
      { input_tokens: 10, output_tokens: 5, total_tokens: 15, cached_tokens: 4, reasoning_tokens: 2 },
    ],
    [
      'Chat',
      { prompt_tokens: 79, completion_tokens: 11, total_tokens: 90, prompt_tokens_details: { cached_tokens: 1 }, completion_tokens_details: { reasoning_tokens: 3 } },
      { input_tokens: 79, output_tokens: 11, total_tokens: 90, cached_tokens: 1, reasoning_tokens: 3 },
    ],
    ['without details or total', { input_tokens: 3, output_tokens: 4 }, { input_tokens: 3, output_tokens: 4, total_tokens: 7, cached_tokens: 0, reasoning_tokens: 0 }],
  ])('%s usage', (_name, usage, expected) => {
    expect(decodeUsage(usage)).toEqual(expected);
  });

  test('null when there is none', () => {
    expect(decodeUsage(null)).toBeNull();
    expect(decodeUsage(undefined)).toBeNull();
  });
});
