import { describe, expect, test } from 'vitest';
import type { Update } from '../../src/core/builder.js';
import { createAccumulator, decodeEvent } from '../../src/families/index.js';
import { itemsInOrder, messageText, streamValue } from '../../src/core/model.js';
import { chatStream, codes, jsonLines, run, sseData } from './support.js';

const s = chatStream('chatcmpl-1');
const { chunk, choice, usage } = s;

describe('Chat Completions: what a stream accumulates to', () => {
  test('text from delta.content, refusal from delta.refusal, usage from the usage-only chunk (SDK names mapped)', () => {
    const { responses, diagnostics } = run(
      sseData([
        chunk([choice(0, { role: 'assistant', content: '', refusal: null })]),
        chunk([choice(0, { content: 'Hel' })]),
        chunk([choice(0, { content: 'lo' })]),
        chunk([choice(0, { refusal: 'But no.' })]),
        chunk([choice(0, {}, 'stop')]),
        usage(100, 40, 64, 12),
      ]),
    );
    expect(diagnostics).toEqual([]);
    expect(responses).toHaveLength(1);
    const [response] = responses;
    expect(response).toMatchObject({ family: 'chat', id: 'chatcmpl-1', model: 'gpt-4o-test', status: 'completed', terminal: { type: 'finish_reason' } });
    expect(response?.usage).toEqual({ input_tokens: 100, output_tokens: 40, total_tokens: 140, cached_tokens: 64, reasoning_tokens: 12 });
    expect(response && messageText(response)).toBe('Hello');
    const [message] = response ? itemsInOrder(response) : [];
    expect(message && streamValue(message, 'refusal')).toBe('But no.');
    expect(message).toMatchObject({ type: 'message', alternative: 0, status: 'completed', item: { role: 'assistant' }, end: { source: 'finish_reason' } });
  });

  test('tool calls are joined by index, whatever order their fragments interleave in, with id and name from the first', () => {
    const { responses } = run(
      jsonLines([
        chunk([choice(0, { role: 'assistant', content: null })]),
        chunk([choice(0, { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'alpha', arguments: '' } }] })]),
        chunk([choice(0, { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'beta', arguments: '{"b"' } }] })]),
        chunk([choice(0, { tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] })]),
        chunk([choice(0, { tool_calls: [{ index: 1, function: { arguments: ':2}' } }, { index: 0, function: { arguments: '1}' } }] })]),
        chunk([choice(0, {}, 'tool_calls')]),
      ]),
    );
    const items = responses[0] ? itemsInOrder(responses[0]) : [];
    expect(items.map((i) => [i.type, i.id, i.item.name, streamValue(i, 'function_arguments'), i.status])).toEqual([
      ['message', 'chatcmpl-1', undefined, null, 'completed'],
      ['function_call', 'call_a', 'alpha', '{"a":1}', 'completed'],
      ['function_call', 'call_b', 'beta', '{"b":2}', 'completed'],
    ]);
    expect(responses[0]?.status).toBe('completed');
  });

  test('the legacy delta.function_call is a tool call (index 0, no id); finish_reason function_call completes', () => {
    const { responses } = run(
      jsonLines([
        chunk([choice(0, { role: 'assistant', content: null, function_call: { name: 'lookup', arguments: '' } })]),
        chunk([choice(0, { function_call: { arguments: '{"q":' } })]),
        chunk([choice(0, { function_call: { arguments: '"x"}' } })]),
        chunk([choice(0, {}, 'function_call')]),
      ]),
    );
    const call = responses[0] ? itemsInOrder(responses[0])[1] : undefined;
    expect(call).toMatchObject({ type: 'function_call', id: null, item: { name: 'lookup' }, status: 'completed' });
    expect(call && streamValue(call, 'function_arguments')).toBe('{"q":"x"}');
    expect(responses[0]?.status).toBe('completed');
  });

  test('a custom tool call (type custom) joins custom.input', () => {
    const { responses } = run(
      jsonLines([
        chunk([choice(0, { tool_calls: [{ index: 0, id: 'call_c', type: 'custom', custom: { name: 'sql', input: '' } }] })]),
        chunk([choice(0, { tool_calls: [{ index: 0, custom: { input: 'SELECT 1' } }] })]),
        chunk([choice(0, { tool_calls: [{ index: 0, custom: { input: ';' } }] })]),
        chunk([choice(0, {}, 'tool_calls')]),
      ]),
    );
    const call = responses[0] ? itemsInOrder(responses[0])[1] : undefined;
    expect(call).toMatchObject({ type: 'custom_tool_call', id: 'call_c', item: { name: 'sql', call_id: 'call_c' } });
    expect(call && streamValue(call, 'custom_tool_input')).toBe('SELECT 1;');
  });

  test('several choices are kept apart, each with its own text, tool calls and finish_reason; text is the first choice', () => {
    const { responses } = run(
      jsonLines([
        chunk([choice(0, { role: 'assistant', content: 'A' })]),
        chunk([choice(1, { role: 'assistant', content: 'B' })]),
        chunk([choice(1, { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] })]),
        chunk([choice(0, { content: 'a' }), choice(1, { content: 'b' })]),
        chunk([choice(0, {}, 'stop'), choice(1, {}, 'tool_calls')]),
      ]),
    );
    const response = responses[0];
    expect(response?.alternatives).toEqual(new Map([[0, 'stop'], [1, 'tool_calls']]));
    const items = response ? itemsInOrder(response) : [];
    expect(items.map((i) => [i.alternative, i.type, streamValue(i, i.type === 'message' ? 'output_text' : 'function_arguments')])).toEqual([
      [0, 'message', 'Aa'],
      [1, 'message', 'Bb'],
      [1, 'function_call', '{}'],
    ]);
    expect(response && messageText(response)).toBe('Aa');
    expect(response?.status).toBe('completed');
  });

  test.each([
    ['stop', 'completed', null],
    ['tool_calls', 'completed', null],
    ['function_call', 'completed', null],
    ['length', 'incomplete', 'length'],
    ['content_filter', 'incomplete', 'content_filter'],
  ])('finish_reason %s: the response is %s', (reason, status, incompleteReason) => {
    const { responses, diagnostics } = run(jsonLines([chunk([choice(0, { content: 'x' })]), chunk([choice(0, {}, reason)])]));
    expect(responses[0]).toMatchObject({ status, incompleteReason, terminal: { type: 'finish_reason', position: { line: 2 } } });
    expect(responses[0] ? itemsInOrder(responses[0])[0]?.status : null).toBe(status);
    expect(codes(diagnostics)).toEqual(status === 'completed' ? [] : ['response-incomplete@2']);
  });

  test('with several choices, the response is whole only when every choice finished, and says which one stopped short', () => {
    const lines = [chunk([choice(0, { content: 'a' }), choice(1, { content: 'b' })]), chunk([choice(0, {}, 'stop')]), chunk([choice(1, {}, 'length')])];
    expect(run(jsonLines(lines.slice(0, 2))).responses[0]).toMatchObject({ status: 'in_progress', terminal: null });
    const { responses, diagnostics } = run(jsonLines(lines));
    expect(responses[0]).toMatchObject({ status: 'incomplete', incompleteReason: 'length (choice 1)', terminal: { position: { line: 3 } } });
    expect(diagnostics.map((d) => d.message)).toEqual(['Response incomplete (reason "length (choice 1)")']);
  });

  test('a choice that first shows up after the others finished reopens the response', () => {
    const { responses } = run(jsonLines([chunk([choice(0, { content: 'a' }, 'stop')]), chunk([choice(1, { role: 'assistant', content: 'b' })])]));
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ status: 'in_progress', terminal: null });
  });

  test('a repeated finish_reason changes nothing', () => {
    const { responses, diagnostics } = run(jsonLines([chunk([choice(0, { content: 'a' }, 'stop')]), chunk([choice(0, {}, 'stop')], { usage: { prompt_tokens: 1, completion_tokens: 1 } })]));
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ status: 'completed', terminal: { position: { line: 1 } }, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 } });
    expect(diagnostics).toEqual([]);
  });
});

describe('Chat Completions: when a stream is whole, incomplete or cut off (docs/spec.md §8)', () => {
  test.each([
    ['every choice finished, no [DONE] (an SDK log of JSON lines)', jsonLines([chunk([choice(0, { content: 'Hi' })]), chunk([choice(0, {}, 'stop')])]), 'completed', []],
    ['every choice finished, then [DONE]', sseData([chunk([choice(0, { content: 'Hi' })]), chunk([choice(0, {}, 'stop')])]), 'completed', []],
    ['[DONE] with the choice unfinished: incomplete, not cut off', sseData([chunk([choice(0, { content: 'Hi' })])]), 'incomplete', ['response-incomplete@3']],
    ['neither: cut off', sseData([chunk([choice(0, { content: 'Hi' })])], false), 'in_progress', ['missing-terminal-event@2']],
    ['finish_reason, then the input ends before the usage chunk: whole', sseData([chunk([choice(0, { content: 'Hi' }, 'stop')])], false), 'completed', []],
    [
      'an error object mid-stream: error-event, failed, nothing else',
      jsonLines([chunk([choice(0, { content: 'Hi' })]), { error: { message: 'At capacity', type: 'server_error', param: null, code: 'server_error' } }]),
      'failed',
      ['error-event@2'],
    ],
    [
      'an error object mid-stream, then [DONE]: still only error-event',
      sseData([chunk([choice(0, { content: 'Hi' })]), { error: { message: 'At capacity', type: 'server_error', param: null, code: 'server_error' } }]),
      'failed',
      ['error-event@3'],
    ],
  ])('%s', (_name, capture, status, expected) => {
    const { responses, diagnostics } = run(capture);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.status).toBe(status);
    expect(codes(diagnostics)).toEqual(expected);
  });

  test('[DONE] before finish_reason: the reason is quoted whole, and names the open choices when there are several', () => {
    expect(run(sseData([chunk([choice(0, { content: 'a' })])])).diagnostics.map((d) => d.message)).toEqual(['Response incomplete (reason "[DONE] before finish_reason")']);
    const several = run(sseData([chunk([choice(0, { content: 'a' }, 'stop'), choice(1, { content: 'b' }), choice(2, { content: 'c' })])]));
    expect(several.diagnostics.map((d) => d.message)).toEqual(['Response incomplete (reason "[DONE] before finish_reason (choice 1, 2)")']);
    expect(several.responses[0] ? itemsInOrder(several.responses[0]).map((i) => i.status) : []).toEqual(['completed', 'incomplete', 'incomplete']);
  });

  test('an error with nothing before it is a failed chat response (only chat errors come without a type)', () => {
    const { responses, diagnostics } = run(jsonLines([{ error: { message: 'Invalid API key', type: 'invalid_request_error', code: 'invalid_api_key', param: null } }]));
    expect(responses[0]).toMatchObject({ family: 'chat', status: 'failed', error: { code: 'invalid_api_key', message: 'Invalid API key' } });
    expect(codes(diagnostics)).toEqual(['error-event@1']);
  });
});

describe('Chat Completions: several streams in one log are several responses', () => {
  const stream = (id: string, text: string) => {
    const t = chatStream(id);
    return [t.chunk([t.choice(0, { role: 'assistant', content: '' })]), t.chunk([t.choice(0, { content: text })]), t.chunk([t.choice(0, {}, 'stop')]), t.usage(5, 2)];
  };

  test.each([
    ['each ending in [DONE]', sseData(stream('chatcmpl-a', 'one')) + sseData(stream('chatcmpl-b', 'two'))],
    ['each ending in [DONE], both with the same id', sseData(stream('chatcmpl-a', 'one')) + sseData(stream('chatcmpl-a', 'two'))],
    ['JSON lines told apart by their ids', jsonLines([...stream('chatcmpl-a', 'one'), ...stream('chatcmpl-b', 'two')])],
    ['JSON lines with one id: the finished choice starting over (role) begins the next', jsonLines([...stream('chatcmpl-a', 'one'), ...stream('chatcmpl-a', 'two')])],
  ])('%s', (_name, capture) => {
    const { responses, diagnostics, stdout } = run(capture);
    expect(responses.map((r) => [r.family, r.status, messageText(r), r.usage?.total_tokens])).toEqual([
      ['chat', 'completed', 'one', 7],
      ['chat', 'completed', 'two', 7],
    ]);
    expect(diagnostics).toEqual([]);
    expect(stdout).toBe('one\ntwo\n');
  });

  test('a new chunk id mid-stream leaves the first stream cut off', () => {
    const a = chatStream('chatcmpl-a');
    const b = chatStream('chatcmpl-b');
    const { responses, diagnostics } = run(jsonLines([a.chunk([a.choice(0, { content: 'one' })]), b.chunk([b.choice(0, { content: 'two' }, 'stop')])]));
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['chatcmpl-a', 'in_progress'],
      ['chatcmpl-b', 'completed'],
    ]);
    expect(codes(diagnostics)).toEqual(['missing-terminal-event@2']);
  });
});

describe('Chat Completions: updates', () => {
  test('a finish_reason ends each item of its choice (item-done), then the choice (choice-done), in one chunk', () => {
    const seen: string[] = [];
    const accumulator = createAccumulator((u: Update) => {
      if (u.kind === 'item-done') seen.push(`item-done ${u.item.type} c${u.item.alternative ?? '-'}`);
      else if (u.kind === 'alternative-done') seen.push(`choice-done c${u.alternative} ${u.reason}`);
      else if (u.kind === 'delta') seen.push(`delta ${u.stream.kind} ${u.delta}`);
      else seen.push(u.kind);
    });
    const push = (value: unknown, line: number) => {
      const decoded = decodeEvent(value);
      if (!decoded.ok) throw new Error('not an event');
      accumulator.push(decoded.event, decoded.json, { line, byte: 0 });
    };
    push(chunk([choice(0, { content: 'a', tool_calls: [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '{}' } }] })]), 1);
    push(chunk([choice(1, { content: 'b' })]), 2);
    push(chunk([choice(0, {}, 'tool_calls')]), 3);
    accumulator.done({ line: 4, byte: 0 });
    expect(seen).toEqual([
      'response-start',
      'item-start',
      'delta output_text a',
      'item-start',
      'delta function_arguments {}',
      'item-start',
      'delta output_text b',
      'item-done message c0',
      'item-done function_call c0',
      'choice-done c0 tool_calls',
      'response-end',
    ]);
  });
});
