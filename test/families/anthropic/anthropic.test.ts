import { describe, expect, test } from 'vitest';
import { messageText } from '../../../src/core/model.js';
import { decodeEvent, type StreamEvent } from '../../../src/families/index.js';
import { apiError } from '../../../src/serve/api-errors.js';
import { familyServing } from '../../../src/families/index.js';
import { chunkings } from '../../support/chunkings.js';
import { codes, jsonLines, run } from '../support.js';

function decoded(value: unknown): StreamEvent {
  const result = decodeEvent(value);
  if (!result.ok) throw new Error('not an event');
  return result.event;
}

/** An Anthropic stream as the API writes it: `event:` and `data:` lines, a blank line after each. */
function sse(events: readonly object[]): string {
  return events.map((event) => `event: ${(event as { type: string }).type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

const start = (id = 'msg_1', usage: object = { input_tokens: 10, output_tokens: 1 }) => ({ type: 'message_start', message: { id, type: 'message', role: 'assistant', model: 'claude-test', content: [], usage } });
const block = (index: number, content_block: object) => ({ type: 'content_block_start', index, content_block });
const text = (index: number, t: string) => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
const json = (index: number, partial_json: string) => ({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
const stop = (index: number) => ({ type: 'content_block_stop', index });
const end = (stop_reason = 'end_turn', usage: object = { output_tokens: 5 }) => ({ type: 'message_delta', delta: { stop_reason, stop_sequence: null }, usage });
const messageStop = { type: 'message_stop' };

describe('the decoder types Anthropic events once, so the accumulator never reads raw JSON', () => {
  test.each<[string, unknown, StreamEvent]>([
    ['message_start', start('msg_a', { input_tokens: 3, cache_read_input_tokens: 2, output_tokens: 1 }), {
      type: 'message_start',
      id: 'msg_a',
      model: 'claude-test',
      usage: { input_tokens: 3, output_tokens: 1, cache_creation_input_tokens: null, cache_read_input_tokens: 2 },
    }],
    ['message_start with no message', { type: 'message_start' }, { type: 'message_start', id: null, model: null, usage: null }],
    ['a text block with citations', block(2, { type: 'text', text: 'x', citations: [{ type: 'char_location' }, 7] }), {
      type: 'content_block_start',
      index: 2,
      block: { type: 'text', text: 'x', citations: [{ type: 'char_location' }] },
    }],
    ['a tool_use starting with {}: no input yet', block(0, { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }), {
      type: 'content_block_start',
      index: 0,
      block: { type: 'tool_use', id: 'toolu_1', name: 'f', server_name: null, input: null },
    }],
    ['an mcp_tool_use with its input whole', block(1, { type: 'mcp_tool_use', id: 'm', name: 'echo', server_name: 's', input: { a: 1 } }), {
      type: 'content_block_start',
      index: 1,
      block: { type: 'mcp_tool_use', id: 'm', name: 'echo', server_name: 's', input: '{"a":1}' },
    }],
    ['redacted thinking keeps only the length of its data', block(0, { type: 'redacted_thinking', data: 'abcd' }), { type: 'content_block_start', index: 0, block: { type: 'redacted_thinking', dataLength: 4 } }],
    ['web search results', block(1, { type: 'web_search_tool_result', tool_use_id: 's', content: [{ type: 'web_search_result', title: 'T', url: 'u', encrypted_content: 'E' }] }), {
      type: 'content_block_start',
      index: 1,
      block: { type: 'web_search_tool_result', tool_use_id: 's', hits: [{ title: 'T', url: 'u' }], error_code: null },
    }],
    ['a web search error', block(1, { type: 'web_search_tool_result', tool_use_id: 's', content: { type: 'web_search_tool_result_error', error_code: 'too_many_requests' } }), {
      type: 'content_block_start',
      index: 1,
      block: { type: 'web_search_tool_result', tool_use_id: 's', hits: [], error_code: 'too_many_requests' },
    }],
    ['an mcp result as a list of text blocks, an error', block(3, { type: 'mcp_tool_result', tool_use_id: 'm', is_error: true, content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }), {
      type: 'content_block_start',
      index: 3,
      block: { type: 'mcp_tool_result', tool_use_id: 'm', is_error: true, text: 'ab' },
    }],
    ['a block type respcat does not know', block(0, { type: 'container_upload', file_id: 'f' }), { type: 'content_block_start', index: 0, block: { type: 'other', rawType: 'container_upload' } }],
    ['junk: no index, no block', { type: 'content_block_start', content_block: 'nope' }, { type: 'content_block_start', index: 0, block: { type: 'other', rawType: 'content block' } }],
    ['the signature: only its length', { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQB' } }, { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', length: 4 } }],
    ['a delta kind respcat does not know', { type: 'content_block_delta', index: 0, delta: { type: 'future_delta' } }, { type: 'content_block_delta', index: 0, delta: { type: 'other', rawType: 'future_delta' } }],
    ['message_delta', end('max_tokens', { output_tokens: 9 }), {
      type: 'message_delta',
      stop_reason: 'max_tokens',
      stop_sequence: null,
      usage: { input_tokens: null, output_tokens: 9, cache_creation_input_tokens: null, cache_read_input_tokens: null },
    }],
    ['the error event', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, { type: 'error', code: 'overloaded_error', message: 'Overloaded', param: null, errorType: 'overloaded_error' }],
  ])('%s', (_name, value, expected) => {
    expect(decoded(value)).toEqual(expected);
  });
});

describe('accumulation: one message is one response', () => {
  test('text blocks are the parts of one message: their text runs on, whatever blocks come between', () => {
    const events = [
      start(),
      block(0, { type: 'text', text: '' }),
      text(0, 'Let me '),
      text(0, 'look.'),
      stop(0),
      block(1, { type: 'tool_use', id: 'toolu_1', name: 'search', input: {} }),
      json(1, '{"q":'),
      json(1, ' "x"}'),
      stop(1),
      block(2, { type: 'text', text: '' }),
      text(2, 'Found it'),
      stop(2),
      block(3, { type: 'text', text: '' }),
      text(3, ': here.'),
      stop(3),
      end('end_turn'),
      messageStop,
    ];
    const { responses, diagnostics, stdout } = run(sse(events));
    expect(diagnostics).toEqual([]);
    expect(stdout).toBe('Let me look.\n[tool use search]\n{"q": "x"}\n\nFound it: here.\n');
    const [response] = responses;
    expect(response && messageText(response)).toBe('Let me look.Found it: here.');
    expect(response && [...response.items.values()].map((item) => [item.outputIndex, item.type, item.status, item.end?.source])).toEqual([
      [0, 'message', 'completed', 'message_stop'],
      [1, 'function_call', 'completed', 'content_block_stop'],
    ]);
  });

  test('every chunking reads the same', () => {
    const input = new TextEncoder().encode(sse([start(), block(0, { type: 'thinking', thinking: '' }), { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } }, stop(0), block(1, { type: 'text', text: '' }), text(1, 'é ✓'), stop(1), end(), messageStop]));
    const whole = run(input);
    for (const { name, chunks } of chunkings(input, { maxTwoWay: 400 })) expect(run(chunks).stdout, name).toBe(whole.stdout);
    expect(whole.stdout).toBe('[thinking]\nhm\n\né ✓\n');
  });

  test('usage: message_delta counts replace message_start ones; cache reads and writes count as input, reads as cached', () => {
    const { responses } = run(sse([start('msg_u', { input_tokens: 5, cache_creation_input_tokens: 3, cache_read_input_tokens: 100, output_tokens: 1 }), end('end_turn', { output_tokens: 40 }), messageStop]));
    expect(responses[0]?.usage).toEqual({ input_tokens: 108, output_tokens: 40, total_tokens: 148, cached_tokens: 100, reasoning_tokens: 0 });
    const later = run(sse([start('msg_v', { input_tokens: 5, output_tokens: 1 }), end('end_turn', { input_tokens: 900, output_tokens: 7 }), messageStop]));
    expect(later.responses[0]?.usage).toEqual({ input_tokens: 900, output_tokens: 7, total_tokens: 907, cached_tokens: 0, reasoning_tokens: 0 });
  });

  test('two messages in one input are two responses; a JSON-lines log reads the same as SSE', () => {
    const events = [start('msg_a'), block(0, { type: 'text', text: '' }), text(0, 'A'), stop(0), end(), messageStop, start('msg_b'), block(0, { type: 'text', text: '' }), text(0, 'B'), stop(0), end(), messageStop];
    for (const input of [sse(events), jsonLines(events)]) {
      const { responses, diagnostics, stdout } = run(input);
      expect(responses.map((r) => [r.family, r.id, r.status, messageText(r)])).toEqual([
        ['anthropic', 'msg_a', 'completed', 'A'],
        ['anthropic', 'msg_b', 'completed', 'B'],
      ]);
      expect(diagnostics).toEqual([]);
      expect(stdout).toBe('A\nB\n');
    }
  });

  test('a capture cut at the front: deltas of blocks never started still make their items', () => {
    const { responses, stdout } = run(jsonLines([text(0, 'tail of it'), stop(0), json(1, '{}'), stop(1), end(), messageStop]));
    expect(stdout).toBe('tail of it\n[tool use]\n{}\n');
    expect(responses[0]?.status).toBe('completed');
  });

  test('a ping with no message in flight starts none; an error with no Anthropic message in flight is the Responses API\'s (docs/spec.md §8)', () => {
    expect(run(jsonLines([{ type: 'ping' }])).responses).toEqual([]);
    const { responses } = run(jsonLines([{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]));
    expect(responses.map((r) => r.family)).toEqual(['responses']);
  });

  test('a block still open at message_stop ends incomplete there', () => {
    const { responses } = run(sse([start(), block(0, { type: 'tool_use', id: 't', name: 'f', input: {} }), json(0, '{"a":1}'), end('tool_use'), messageStop]));
    const [item] = responses[0]?.items.values() ?? [];
    expect([item?.status, item?.end?.source]).toEqual(['incomplete', 'message_stop']);
  });
});

describe('the rules in Anthropic words', () => {
  test.each<[string, object[], string[], string[]]>([
    ['whole', [start(), block(0, { type: 'text', text: '' }), text(0, 'Hi'), stop(0), end(), messageStop], [], []],
    ['cut before message_stop', [start('msg_cut'), block(0, { type: 'text', text: '' }), text(0, 'Hi')], ['missing-terminal-event@9'], ['Response msg_cut never finished: the input ends before message_stop']],
    ['cut after message_delta', [start('msg_cut'), end()], ['missing-terminal-event@6'], ['Response msg_cut never finished: the input ends before message_stop']],
    ['an error event after the 200', [start(), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }], ['error-event@5'], ['Error event: overloaded_error: "Overloaded"']],
    ['max_tokens', [start(), end('max_tokens'), messageStop], ['response-incomplete@5'], ['Response incomplete (stop_reason "max_tokens")']],
    ['refusal', [start(), end('refusal'), messageStop], ['response-incomplete@5'], ['Response refused (stop_reason "refusal")']],
    ['tool_use, stop_sequence and pause_turn are whole', [start(), end('pause_turn'), messageStop], [], []],
    ['input that does not join into JSON', [start(), block(0, { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: {} }), json(0, '{"query": "x'), stop(0), end(), messageStop], ['invalid-tool-input@11'], [
      'Expected the input_json_delta pieces of server_tool_use srv_1 to join into JSON, found "{\\"query\\": \\"x"',
    ]],
    ['a call with no input at all is {}, valid', [start(), block(0, { type: 'tool_use', id: 't', name: 'f', input: {} }), json(0, ''), stop(0), end(), messageStop], [], []],
    ['unknown event and block types are tolerated', [start(), { type: 'message_annotation' }, block(0, { type: 'container_upload' }), stop(0), end(), messageStop], ['unknown-event@5'], ['Unknown event type "message_annotation", passed through']],
  ])('%s', (_name, events, expectedCodes, messages) => {
    const { diagnostics } = run(sse(events));
    expect(codes(diagnostics)).toEqual(expectedCodes);
    expect(diagnostics.map((d) => d.message)).toEqual(messages);
  });

  test('the statuses: incomplete, refused, failed', () => {
    const status = (events: object[]) => run(sse(events)).responses.map((r) => [r.status, r.incompleteReason, r.error?.code ?? null]);
    expect(status([start(), end('max_tokens'), messageStop])).toEqual([['incomplete', 'max_tokens', null]]);
    expect(status([start(), end('refusal'), messageStop])).toEqual([['refused', 'refusal', null]]);
    expect(status([start(), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }])).toEqual([['failed', null, 'overloaded_error']]);
  });
});

describe('serve answers errors on /v1/messages in the shape of Anthropic\'s API', () => {
  test.each<[number, string, string]>([
    [529, 'overloaded_error', 'Overloaded'],
    [429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
    [401, 'authentication_error', 'invalid x-api-key'],
    [404, 'not_found_error', 'Not found'],
    [500, 'api_error', 'Internal server error'],
    [503, 'api_error', 'HTTP 503'],
  ])('%i → %s', (status, type, message) => {
    const error = apiError(status, undefined, { family: familyServing('/v1/messages') });
    expect(error.body).toEqual({ type: 'error', error: { type, message } });
    expect(error.message).toBe(message);
  });

  test('the other paths keep the OpenAI shape', () => {
    expect(apiError(529, undefined, { family: familyServing('/v1/responses') }).body).toEqual({ error: { message: 'HTTP 529', type: 'server_error', param: null, code: null } });
  });
});
