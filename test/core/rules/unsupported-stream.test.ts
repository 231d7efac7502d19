import { describe, expect, test } from 'vitest';
import { createUnsupportedStreamRule } from '../../../src/families/index.js';
import { ev, findings, jsonLines, runRule, type Finding } from '../../check/captures.js';

const at = (line: number): Finding[] => [{ code: 'unsupported-stream', severity: 'error', line }];
const cohere = [
  { id: 'c1', type: 'message-start', delta: { message: { role: 'assistant', content: [] } } },
  { type: 'content-start', index: 0, delta: { message: { content: { type: 'text', text: '' } } } },
  { type: 'content-delta', index: 0, delta: { message: { content: { text: 'Hi' } } } },
  { type: 'content-delta', index: 0, delta: { message: { content: { text: '!' } } } },
  { type: 'content-end', index: 0 },
  { type: 'message-end', delta: { finish_reason: 'COMPLETE' } },
];
const anthropic = { type: 'message_start', message: { id: 'msg_1', role: 'assistant', model: 'claude-test', content: [] } };
// An untyped shape of no family respcat reads (Cohere's v1 chat stream names its events `event_type`).
const untyped = { event_type: 'text-generation', text: 'Hi', is_finished: false };
const gemini = { candidates: [{ content: { parts: [{ text: 'Hi' }], role: 'model' } }], modelVersion: 'gemini-test' };
const chunk = { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' }] };

describe('unsupported-stream: no event of the input belongs to a family respcat reads, once, at the first', () => {
  test.each<[string, string, Finding[]]>([
    ['another provider\'s typed events', jsonLines(cohere), at(1)],
    ['after lines that are no events, at the first event', `hello\n\n${jsonLines(cohere)}`, at(3)],
    ['JSON objects without a type (Cohere v1)', jsonLines([untyped, untyped]), at(1)],
    ['Gemini chunks (no type): a stream respcat reads', jsonLines([gemini, gemini]), []],
    ['typed and untyped together', jsonLines([untyped, ...cohere]), at(1)],
    ['SSE data blocks after [DONE]: still none of ours', `data: [DONE]\n\ndata: ${JSON.stringify(cohere[0])}\n\n`, at(3)],
    ['one Responses event among them: a stream respcat reads', jsonLines([...cohere, ev.created()]), []],
    ['a chat chunk among them', jsonLines([untyped, chunk]), []],
    ['an Anthropic message among them', jsonLines([...cohere, anthropic]), []],
    ['an Images API event among them', jsonLines([{ type: 'image_generation.partial_image', b64_json: '', partial_image_index: 0 }, ...cohere]), []],
    ['a Responses type respcat does not know is still the Responses API', jsonLines([{ type: 'response.something_new' }]), []],
    ['an error object, whichever shape, belongs to the OpenAI families', jsonLines([{ error: { message: 'boom' } }]), []],
    ['an empty input: empty-stream says it', '', []],
    ['lines that are not JSON', 'hello\nworld\n', []],
    ['JSON that is no object', jsonLines([[1, 2], 'x' as unknown as object]), []],
  ])('%s', (_name, capture, expected) => {
    expect(findings(runRule(createUnsupportedStreamRule(), capture))).toEqual(expected);
  });

  test.each<[string, string, string]>([
    ['the types seen, the first four and an ellipsis', jsonLines(cohere), '6 events of types "message-start", "content-start", "content-delta", "content-end", …'],
    ['one type', jsonLines([{ type: 'message-start' }, { type: 'message-start' }]), '2 events of type "message-start"'],
    ['objects without a type', jsonLines([untyped, untyped, untyped]), '3 JSON objects without a "type"'],
    ['both', jsonLines([untyped, { type: 'message-start' }]), '1 event of type "message-start" and 1 JSON object without a "type"'],
    ['a long type, cut', jsonLines([{ type: 'x'.repeat(100) }]), `1 event of type "${'x'.repeat(40)}…"`],
  ])('the message says what the events look like: %s', (_name, capture, found) => {
    const [finding] = runRule(createUnsupportedStreamRule(), capture);
    expect(finding?.message).toBe(`Expected events of a stream family respcat reads (Responses API, Chat Completions, Images API, Anthropic Messages, Gemini, AI SDK UI message stream, Ollama, Amazon Bedrock ConverseStream), found ${found}`);
  });

  test('memory stays bounded: of 20,000 distinct types four are kept', () => {
    const lines = Array.from({ length: 20_000 }, (_, k) => JSON.stringify({ type: `t${k}` })).join('\n');
    const [finding] = runRule(createUnsupportedStreamRule(), `${lines}\n`);
    expect(finding?.message).toMatch(/found 20000 events of types "t0", "t1", "t2", "t3", …$/);
  });
});
