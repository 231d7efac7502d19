import { describe, expect, test } from 'vitest';
import { createEmptyStreamRule, createOutcomeRule, createTerminalRule } from '../../../src/families/index.js';
import { ev, findings, jsonLines, runRule, type Finding } from '../../check/captures.js';

const chunk = (choice: object) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'gpt-4o', choices: [{ index: 0, ...choice }] });

describe('empty-stream: no event in the input, at line 1', () => {
  test.each<[string, string, Finding[]]>([
    ['an empty file', '', [{ code: 'empty-stream', severity: 'error', line: 1 }]],
    ['blank lines only', '\n\n\n', [{ code: 'empty-stream', severity: 'error', line: 1 }]],
    ['comments and [DONE] only', ': keep-alive\n\ndata: [DONE]\n\n', [{ code: 'empty-stream', severity: 'error', line: 1 }]],
    ['lines that are not events', 'hello\nworld\n', [{ code: 'empty-stream', severity: 'error', line: 1 }]],
    ['one event', jsonLines([ev.created()]), []],
    ['an unknown event is still an event', jsonLines([{ type: 'response.something_new' }]), []],
    ['an HTTP error body says more than "empty"', 'HTTP/1.1 500 Internal Server Error\n\n{"error":{"message":"boom"}}\n', []],
  ])('%s', (_name, capture, expected) => {
    expect(findings(runRule(createEmptyStreamRule(), capture))).toEqual(expected);
  });
});

describe('missing-terminal-event: a response never finished, at the input\'s last line', () => {
  test.each<[string, string, Finding[]]>([
    ['completed', jsonLines([ev.created(), ev.delta('a'), ev.completed()]), []],
    ['failed and incomplete are terminal too', jsonLines([ev.created(), ev.failed(null), ev.created(), ev.incomplete('max_output_tokens')]), []],
    ['cut after a delta (JSON lines)', jsonLines([ev.created(), ev.delta('a'), ev.delta('b')]), [{ code: 'missing-terminal-event', severity: 'error', line: 3 }]],
    ['cut in SSE: the last line is the blank line closing the last event', `data: ${JSON.stringify(ev.created())}\n\ndata: ${JSON.stringify(ev.delta('a'))}\n\n`, [
      { code: 'missing-terminal-event', severity: 'error', line: 4 },
    ]],
    ['cut in the middle of a line', `${JSON.stringify(ev.created())}\n{"type":"response.output_te`, [{ code: 'missing-terminal-event', severity: 'error', line: 2 }]],
    ['one finding per unfinished response', jsonLines([ev.created('r1'), ev.delta('a'), ev.created('r2'), ev.delta('b')]), [
      { code: 'missing-terminal-event', severity: 'error', line: 4 },
      { code: 'missing-terminal-event', severity: 'error', line: 4 },
    ]],
    ['an error event and then nothing', jsonLines([ev.created(), { type: 'error', code: 'server_error', message: 'boom' }]), [
      { code: 'missing-terminal-event', severity: 'error', line: 2 },
    ]],
    ['chat: every choice finished', jsonLines([chunk({ delta: { content: 'Hi' } }), chunk({ delta: {}, finish_reason: 'stop' })]), []],
    ['chat: no finish_reason and no [DONE]', jsonLines([chunk({ delta: { content: 'Hi' } })]), [{ code: 'missing-terminal-event', severity: 'error', line: 1 }]],
    ['chat: [DONE] with a choice unfinished is incomplete, not cut off', `data: ${JSON.stringify(chunk({ delta: { content: 'Hi' } }))}\n\ndata: [DONE]\n\n`, []],
    ['Images API: partials and no .completed', jsonLines([{ type: 'image_generation.partial_image', b64_json: 'AAAA', partial_image_index: 0 }]), [
      { code: 'missing-terminal-event', severity: 'error', line: 1 },
    ]],
    ['no response at all (an empty input) is empty-stream, not this', '', []],
  ])('%s', (_name, capture, expected) => {
    expect(findings(runRule(createTerminalRule(), capture))).toEqual(expected);
  });

  test('the message names the response and how the input ended', () => {
    const [cut] = runRule(createTerminalRule(), `${JSON.stringify(ev.created('resp_9'))}\n{"type":"resp`);
    expect(cut?.message).toBe('Response resp_9 never finished: the input is cut off in the middle of line 2 before response.completed, .failed or .incomplete');
    const [ended] = runRule(createTerminalRule(), jsonLines([ev.created('resp_9')]));
    expect(ended?.message).toBe('Response resp_9 never finished: the input ends before response.completed, .failed or .incomplete');
  });
});

describe('response-failed, response-incomplete and error-event: the stream says it went wrong', () => {
  test.each<[string, string, Finding[]]>([
    ['completed', jsonLines([ev.created(), ev.completed()]), []],
    ['response.failed', jsonLines([ev.created(), ev.failed({ code: 'server_error', message: 'boom' })]), [{ code: 'response-failed', severity: 'error', line: 2 }]],
    ['response.failed with no error object', jsonLines([ev.created(), ev.failed(null)]), [{ code: 'response-failed', severity: 'error', line: 2 }]],
    ['response.incomplete', jsonLines([ev.created(), ev.delta('a'), ev.incomplete('max_output_tokens')]), [
      { code: 'response-incomplete', severity: 'error', line: 3 },
    ]],
    ['error event, flat shape', jsonLines([ev.created(), { type: 'error', code: 'server_error', message: 'boom', param: null }]), [
      { code: 'error-event', severity: 'error', line: 2 },
    ]],
    ['error event, nested shape, then response.failed', jsonLines([
      ev.created(),
      { type: 'error', error: { type: 'tokens', code: 'rate_limit_exceeded', message: 'slow down', param: null } },
      ev.failed({ code: 'rate_limit_exceeded', message: 'slow down' }),
    ]), [
      { code: 'error-event', severity: 'error', line: 2 },
      { code: 'response-failed', severity: 'error', line: 3 },
    ]],
    ['chat: an error object mid-stream', jsonLines([chunk({ delta: { content: 'Hi' } }), { error: { message: 'overloaded', type: 'server_error' } }]), [
      { code: 'error-event', severity: 'error', line: 2 },
    ]],
    ['chat: finish_reason stop', jsonLines([chunk({ delta: { content: 'Hi' }, finish_reason: 'stop' })]), []],
    ['chat: finish_reason length is incomplete', jsonLines([chunk({ delta: { content: 'Hi' } }), chunk({ delta: {}, finish_reason: 'length' })]), [
      { code: 'response-incomplete', severity: 'error', line: 2 },
    ]],
    ['chat: [DONE] before a finish_reason is incomplete', `data: ${JSON.stringify(chunk({ delta: { content: 'Hi' } }))}\n\ndata: [DONE]\n\n`, [
      { code: 'response-incomplete', severity: 'error', line: 3 },
    ]],
  ])('%s', (_name, capture, expected) => {
    expect(findings(runRule(createOutcomeRule(), capture))).toEqual(expected);
  });

  test('messages quote the code, message and reason', () => {
    const messages = (capture: string) => runRule(createOutcomeRule(), capture).map((d) => d.message);
    expect(messages(jsonLines([ev.created(), ev.failed({ code: 'server_error', message: 'The model failed.' })]))).toEqual([
      'Response failed (server_error: "The model failed.")',
    ]);
    expect(messages(jsonLines([ev.created(), ev.incomplete('max_output_tokens')]))).toEqual(['Response incomplete (reason "max_output_tokens")']);
    expect(messages(jsonLines([ev.created(), ev.incomplete(null)]))).toEqual(['Response incomplete (reason "not given")']);
    expect(messages(jsonLines([{ type: 'error', error: { code: 'insufficient_quota', message: 'You exceeded your quota.' } }]))).toEqual([
      'Error event: insufficient_quota: "You exceeded your quota."',
    ]);
  });
});
