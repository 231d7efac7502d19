import { describe, expect, test } from 'vitest';
import { createUnsupportedStreamRule } from '../../../src/families/index.js';
import { ev, findings, jsonLines, runRule, type Finding } from '../../check/captures.js';

const at = (line: number): Finding[] => [{ code: 'unsupported-stream', severity: 'error', line }];
const anthropic = [
  { type: 'message_start', message: { id: 'msg_1', role: 'assistant', content: [] } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'ping' },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_stop' },
];
const gemini = { candidates: [{ content: { parts: [{ text: 'Hi' }], role: 'model' } }], modelVersion: 'gemini-test' };
const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] };

describe('unsupported-stream: no event of the input belongs to a family respcat reads, once, at the first', () => {
  test.each<[string, string, Finding[]]>([
    ['another provider\'s typed events', jsonLines(anthropic), at(1)],
    ['after lines that are no events, at the first event', `hello\n\n${jsonLines(anthropic)}`, at(3)],
    ['JSON objects without a type (Gemini)', jsonLines([gemini, gemini]), at(1)],
    ['typed and untyped together', jsonLines([gemini, ...anthropic]), at(1)],
    ['SSE data blocks after [DONE]: still none of ours', `data: [DONE]\n\ndata: ${JSON.stringify(anthropic[0])}\n\n`, at(3)],
    ['one Responses event among them: a stream respcat reads', jsonLines([...anthropic, ev.created()]), []],
    ['a chat chunk among them', jsonLines([gemini, chunk]), []],
    ['an Images API event among them', jsonLines([{ type: 'image_generation.partial_image', b64_json: '', partial_image_index: 0 }, ...anthropic]), []],
    ['a Responses type respcat does not know is still the Responses API', jsonLines([{ type: 'response.something_new' }]), []],
    ['an error object, whichever shape, belongs to the OpenAI families', jsonLines([{ error: { message: 'boom' } }]), []],
    ['an empty input: empty-stream says it', '', []],
    ['lines that are not JSON', 'hello\nworld\n', []],
    ['JSON that is no object', jsonLines([[1, 2], 'x' as unknown as object]), []],
  ])('%s', (_name, capture, expected) => {
    expect(findings(runRule(createUnsupportedStreamRule(), capture))).toEqual(expected);
  });

  test.each<[string, string, string]>([
    ['the types seen, the first four and an ellipsis', jsonLines(anthropic), '6 events of types "message_start", "content_block_start", "ping", "content_block_delta", …'],
    ['one type', jsonLines([{ type: 'ping' }, { type: 'ping' }]), '2 events of type "ping"'],
    ['objects without a type', jsonLines([gemini, gemini, gemini]), '3 JSON objects without a "type"'],
    ['both', jsonLines([gemini, { type: 'ping' }]), '1 event of type "ping" and 1 JSON object without a "type"'],
    ['a long type, cut', jsonLines([{ type: 'x'.repeat(100) }]), `1 event of type "${'x'.repeat(40)}…"`],
  ])('the message says what the events look like: %s', (_name, capture, found) => {
    const [finding] = runRule(createUnsupportedStreamRule(), capture);
    expect(finding?.message).toBe(`Expected events of a stream family respcat reads (Responses API, Chat Completions, Images API, AI SDK UI message stream, Ollama), found ${found}`);
  });

  test('memory stays bounded: of 20,000 distinct types four are kept', () => {
    const lines = Array.from({ length: 20_000 }, (_, k) => JSON.stringify({ type: `t${k}` })).join('\n');
    const [finding] = runRule(createUnsupportedStreamRule(), `${lines}\n`);
    expect(finding?.message).toMatch(/found 20000 events of types "t0", "t1", "t2", "t3", …$/);
  });
});
