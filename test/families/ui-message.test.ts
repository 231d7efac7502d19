import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uiMessageChunkSchema } from 'ai';
import { describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { decodeEvent } from '../../src/families/index.js';
import { checkCapture } from '../check/captures.js';
import { runCli } from '../support/fake-io.js';
import { parseBytes } from '../support/parse.js';
import { ROOT } from '../support/samples.js';
import { codes } from './support.js';
import { parseWithFamilies } from './ui-message-support.js';

const DIR = 'samples/ui-message';
const samples = readdirSync(join(ROOT, DIR)).filter((name) => name.endsWith('.sse'));
/** `data: {json}` blocks, each a chunk, then `data: [DONE]` unless `done` is false. */
const sse = (chunks: readonly object[], done = true): string => `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}${done ? 'data: [DONE]\n\n' : ''}`;

describe('the ui-message samples are the AI SDK wire', () => {
  test.each(samples)("%s: every chunk passes the ai package's uiMessageChunkSchema", async (name) => {
    const payloads = readFileSync(join(ROOT, DIR, name), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]' && !line.startsWith('data: {"type":"response.'))
      .map((line) => JSON.parse(line.slice(6)) as unknown)
      // The mixed sample's Responses-shaped error is, on purpose, no UI chunk.
      .filter((payload) => (payload as { message?: unknown }).message === undefined);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) expect((await uiMessageChunkSchema().validate?.(payload))?.success, JSON.stringify(payload)).toBe(true);
  });
});

/** Every sample: exactly the findings `check` reports (`code@line`) and its exit code. */
const EXPECTED: Readonly<Record<string, { readonly findings: readonly string[]; readonly exit: number }>> = {
  'text-reasoning.sse': { findings: [], exit: 0 },
  'tool-calls.sse': { findings: [], exit: 0 },
  'approval-then-denied.sse': { findings: [], exit: 0 },
  'sources-files-data.sse': { findings: [], exit: 0 },
  'cut-off.sse': { findings: ['missing-terminal-event@10'], exit: 1 },
  'error.sse': { findings: ['error-event@9'], exit: 1 },
  'abort.sse': { findings: ['response-failed@11'], exit: 1 },
  'finish-length.sse': { findings: ['response-incomplete@13'], exit: 1 },
  'error-only.sse': { findings: ['error-event@1'], exit: 1 },
  'tool-input-error.sse': { findings: [], exit: 0 },
  'mixed-families.sse': { findings: ['error-event@18', 'error-event@32'], exit: 1 },
};

describe('check over every ui-message sample', () => {
  test('every sample is in the table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...samples].sort());
  });

  test.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const result = await checkInput({ kind: 'file', path: join(ROOT, DIR, name) });
    expect(codes(result.diagnostics)).toEqual(expected.findings);
    expect((await runCli(['check', `${DIR}/${name}`])).code).toBe(expected.exit);
    expect((await runCli(['replay', '--no-images', `${DIR}/${name}`])).code).toBe(expected.exit);
  });

  test('the messages of the findings', async () => {
    const messages = async (name: string): Promise<string[]> => (await checkInput({ kind: 'file', path: join(ROOT, DIR, name) })).diagnostics.map((d) => d.message);
    expect(await messages('cut-off.sse')).toEqual(['Response msg_Cut4 never finished: the input ends before a finish event']);
    expect(await messages('abort.sse')).toEqual(['Response aborted (reason "user pressed stop")']);
    expect(await messages('finish-length.sse')).toEqual(['Response incomplete (finishReason "length")']);
    expect(await messages('error.sse')).toEqual(['Error event: "Rate limit exceeded for model gpt-5-mini; retry in 20 s"']);
  });
});

describe('decoding, as a table', () => {
  test.each([
    [{ type: 'start', messageId: 'm1', messageMetadata: { model: 'x' } }, { type: 'start', messageId: 'm1', metadata: { model: 'x' } }],
    [{ type: 'start' }, { type: 'start', messageId: null, metadata: null }],
    [{ type: 'text-delta', id: 't', delta: 'hi' }, { type: 'text-delta', id: 't', delta: 'hi' }],
    [{ type: 'reasoning-delta', id: 'r' }, { type: 'reasoning-delta', id: 'r', delta: '' }],
    [{ type: 'text-end' }, { type: 'text-end', id: '' }],
    [{ type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{"a"' }, { type: 'tool-input-delta', toolCallId: 'c', inputTextDelta: '{"a"' }],
    [{ type: 'tool-input-available', toolCallId: 'c', toolName: 'f', input: { a: 1 } }, { type: 'tool-input-available', toolCallId: 'c', toolName: 'f', input: '{"a":1}', errorText: null }],
    [{ type: 'tool-output-available', toolCallId: 'c', output: 'plain text' }, { type: 'tool-output-available', toolCallId: 'c', output: 'plain text', preliminary: false }],
    [{ type: 'tool-approval-request', approvalId: 'a', toolCallId: 'c' }, { type: 'tool-approval-request', approvalId: 'a', toolCallId: 'c' }],
    [{ type: 'file', url: 'https://x/y.png', mediaType: 'image/png' }, { type: 'file', url: 'https://x/y.png', mediaType: 'image/png' }],
    [{ type: 'data-weather', id: 'w', data: { t: 1 }, transient: true }, { type: 'data-*', name: 'weather', id: 'w', data: '{"t":1}', transient: true }],
    [{ type: 'data-x' }, { type: 'data-*', name: 'x', id: null, data: 'null', transient: false }],
    [{ type: 'error', errorText: 'boom' }, { type: 'error', errorText: 'boom' }],
    [{ type: 'finish', finishReason: 'length' }, { type: 'finish', finishReason: 'length', metadata: null }],
    [{ type: 'abort', reason: 7 }, { type: 'abort', reason: null }],
  ])('%j', (json, event) => {
    const decoded = decodeEvent(json);
    expect(decoded.ok && decoded.family?.name).toBe('ui-message');
    expect(decoded.ok && decoded.event).toEqual(event);
  });

  test('`data-` alone is no data part, and no type of the family', () => {
    const decoded = decodeEvent({ type: 'data-' });
    expect(decoded.ok && decoded.family).toBe(null);
  });
});

describe("the `error` type both the Responses API and the UI message stream send: the stream in flight's family decides", () => {
  const responsesStart = { type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', status: 'in_progress', model: 'gpt-4.1', output: [] } };

  test.each([
    ['a UI stream in flight keeps an error in the Responses shape', [{ type: 'start', messageId: 'm1' }, { type: 'error', code: 'server_error', message: 'boom' }], 'ui-message'],
    ['a Responses stream in flight keeps an error with errorText', [responsesStart, { type: 'error', errorText: 'boom' }], 'responses'],
    ['no stream in flight: an error with errorText starts a UI message stream', [{ type: 'error', errorText: 'boom' }], 'ui-message'],
    ['no stream in flight: an error with message starts a Responses one', [{ type: 'error', code: 'x', message: 'boom' }], 'responses'],
  ])('%s', (_name, chunks, family) => {
    const { processor } = parseWithFamilies(sse(chunks, false));
    expect(processor.responses.map((r) => r.family)).toEqual([family]);
    expect(processor.eventCount).toBe(chunks.length);
    // The UI stream's error fails it, with its text (from `errorText`, or the other shape's `message`).
    if (family === 'ui-message') expect(processor.responses[0]).toMatchObject({ status: 'failed', error: { code: null, message: 'boom' } });
  });
});

describe('accumulation', () => {
  test('a text id used again in a later step is a new part; a delta without its start makes its part', () => {
    const parsed = parseBytes(
      sse([
        { type: 'start' },
        { type: 'text-start', id: '0' },
        { type: 'text-delta', id: '0', delta: 'one' },
        { type: 'text-end', id: '0' },
        { type: 'text-start', id: '0' },
        { type: 'text-delta', id: '0', delta: 'two' },
        { type: 'text-end', id: '0' },
        { type: 'text-delta', id: 'late', delta: ' three' },
        { type: 'finish' },
      ]),
    );
    const [response] = parsed.responses;
    expect(response?.items.map((i) => [i.type, i.id, i.status])).toEqual([
      ['message', '0', 'completed'],
      ['message', '0', 'completed'],
      ['message', 'late', 'completed'],
    ]);
    expect(response?.text).toBe('onetwo three');
    expect(response?.status).toBe('completed');
  });

  test('a finish after an error leaves the response failed; an event after a finish starts the next response', async () => {
    const capture = sse([{ type: 'start' }, { type: 'error', errorText: 'boom' }, { type: 'finish', finishReason: 'error' }, { type: 'text-delta', id: 'x', delta: 'after' }, { type: 'finish' }]);
    const parsed = parseBytes(capture);
    expect(parsed.responses.map((r) => [r.status, r.text])).toEqual([
      ['failed', ''],
      ['completed', 'after'],
    ]);
    expect(codes(await checkCapture(capture))).toEqual(['error-event@3']);
  });

  test('[DONE] without a finish is still cut off', async () => {
    const capture = sse([{ type: 'start' }, { type: 'text-delta', id: 'x', delta: 'half' }]);
    expect(parseBytes(capture).responses.map((r) => r.status)).toEqual(['in_progress']);
    expect(codes(await checkCapture(capture))).toEqual(['missing-terminal-event@6']);
  });

  test('usage and model from the message metadata, as the AI SDK counts them', () => {
    const parsed = parseBytes(sse([{ type: 'start', messageMetadata: { model: 'm' } }, { type: 'finish', messageMetadata: { usage: { inputTokens: 3, outputTokens: 4 } } }]));
    expect(parsed.responses[0]).toMatchObject({ model: 'm', usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7, cached_tokens: 0, reasoning_tokens: 0 } });
  });

  test('replay prints no app data part, and writes a data: URL image', async () => {
    const { stdout, code } = await runCli(['replay', '--no-images', `${DIR}/sources-files-data.sse`]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/searching|Map ready|status/);
    expect(stdout).toContain('Here is tonight’s aurora map.');
  });
});
