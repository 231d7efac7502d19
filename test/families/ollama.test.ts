import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { decodeEvent } from '../../src/families/index.js';
import { checkCapture } from '../check/captures.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { parseBytes } from '../support/parse.js';
import { ROOT } from '../support/samples.js';
import { codes, jsonLines } from './support.js';

const DIR = 'samples/ollama';
const samples = readdirSync(join(ROOT, DIR)).filter((name) => name.endsWith('.ndjson'));
const line = (fields: object) => ({ model: 'llama3.2', created_at: '2026-01-12T09:30:00.123Z', done: false, ...fields });
const doneLine = (fields: object) => ({ model: 'llama3.2', created_at: '2026-01-12T09:30:01.123Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...fields });

/** Every sample: exactly the findings `check` reports (`code@line`) and its exit code. */
const EXPECTED: Readonly<Record<string, { readonly findings: readonly string[]; readonly exit: number }>> = {
  'chat.ndjson': { findings: [], exit: 0 },
  'chat-thinking-tools.ndjson': { findings: [], exit: 0 },
  'chat-images.ndjson': { findings: [], exit: 0 },
  'generate.ndjson': { findings: [], exit: 0 },
  'generate-image.ndjson': { findings: [], exit: 0 },
  'generate-load.ndjson': { findings: [], exit: 0 },
  'chat-length.ndjson': { findings: ['response-incomplete@3'], exit: 1 },
  'chat-error.ndjson': { findings: ['error-event@3'], exit: 1 },
  'chat-cut-off.ndjson': { findings: ['missing-terminal-event@2'], exit: 1 },
};

describe('check over every ollama sample', () => {
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
    expect(await messages('chat-length.ndjson')).toEqual(['Response incomplete (done_reason "length")']);
    expect(await messages('chat-error.ndjson')).toEqual(['Error event: "an error was encountered while running the model: CUDA error: out of memory"']);
    expect(await messages('chat-cut-off.ndjson')).toEqual(['Response never finished: the input ends before a line with "done": true']);
  });
});

describe('decoding, as a table', () => {
  test.each([
    [
      line({ message: { role: 'assistant', content: 'Hi', thinking: 'hm', tool_calls: [{ function: { name: 'f', arguments: { a: 1 } } }], images: ['AAAA', 7] } }),
      { type: 'ollama.chat', model: 'llama3.2', role: 'assistant', content: 'Hi', thinking: 'hm', toolCalls: [{ id: null, name: 'f', arguments: '{"a":1}' }], images: ['AAAA'], done: null },
    ],
    [line({ response: 'Hi', thinking: 'hm' }), { type: 'ollama.generate', model: 'llama3.2', role: null, content: 'Hi', thinking: 'hm', toolCalls: [], images: [], done: null }],
    [line({ response: '', image: 'iVBO' }), { type: 'ollama.generate', model: 'llama3.2', role: null, content: '', thinking: null, toolCalls: [], images: ['iVBO'], done: null }],
    [
      { ...doneLine({ done_reason: 'length', prompt_eval_count: 3, eval_count: 4, total_duration: 5e6, eval_duration: -1 }) },
      {
        type: 'ollama.chat',
        model: 'llama3.2',
        role: 'assistant',
        content: '',
        thinking: null,
        toolCalls: [],
        images: [],
        done: { reason: 'length', promptEvalCount: 3, evalCount: 4, totalDuration: 5e6, loadDuration: null, promptEvalDuration: null, evalDuration: null },
      },
    ],
    [{ error: 'model "x" not found, try pulling it first' }, { type: 'error', message: 'model "x" not found, try pulling it first' }],
  ])('%j', (json, event) => {
    const decoded = decodeEvent(json);
    expect(decoded.ok && decoded.family?.name).toBe('ollama');
    expect(decoded.ok && decoded.event).toEqual(event);
  });

  test("OpenAI's untyped error object stays Chat Completions'; a line without done is no Ollama line", () => {
    const chat = decodeEvent({ error: { message: 'x', type: 'server_error' } });
    expect(chat.ok && chat.family?.name).toBe('chat');
    expect(decodeEvent({ model: 'llama3.2', response: 'x' }).ok).toBe(false);
  });
});

describe('accumulation', () => {
  test('two streams in one log are two responses; an error after a done line starts a third', async () => {
    const capture = jsonLines([
      line({ message: { role: 'assistant', content: 'one' } }),
      doneLine({}),
      line({ message: { role: 'assistant', content: 'two' } }),
      doneLine({ eval_count: 2 }),
      { error: 'server busy' },
    ]);
    const parsed = parseBytes(capture);
    expect(parsed.responses.map((r) => [r.status, r.text])).toEqual([
      ['completed', 'one'],
      ['completed', 'two'],
      ['failed', ''],
    ]);
    expect(codes(await checkCapture(capture))).toEqual(['error-event@5']);
  });

  test('the durations in nanoseconds become milliseconds; summary and inspect show them with tokens/s', async () => {
    const parsed = parseBytes(jsonLines([doneLine({ prompt_eval_count: 26, eval_count: 282, total_duration: 4_883_583_458, load_duration: 1_334_875, prompt_eval_duration: 342_546_000, eval_duration: 4_535_599_000 })]));
    expect(parsed.responses[0]?.timing).toEqual({ totalMs: 4883.583458, loadMs: 1.334875, promptMs: 342.546, outputMs: 4535.599 });
    expect(parsed.responses[0]?.usage).toEqual({ input_tokens: 26, output_tokens: 282, total_tokens: 308, cached_tokens: 0, reasoning_tokens: 0 });

    const replay = await runCli(['replay', `${DIR}/chat.ndjson`]);
    expect(replay.stderr).toMatch(/^respcat: completed · llama3\.2 · 26 in \(0 cached\) \/ 282 out \(0 reasoning\) tokens · 4882\.5 ms total, 62\.2 tokens\/s · \d+\.\ds\n$/);
    const { report } = await inspectJson(`${DIR}/chat.ndjson`);
    expect(report.responses[0]?.serverTiming).toEqual({ totalMs: 4882.500875, loadMs: 1.334875, promptMs: 342.55, outputMs: 4535.406, promptTokensPerSecond: 75.9, outputTokensPerSecond: 62.2 });
    // No sidecar: the latency figures are the server's own, duration and output rate, and say so (issue 21).
    expect(report.responses[0]?.timing).toEqual({
      source: 'server',
      firstByteMs: null,
      firstTextMs: null,
      firstReasoningMs: null,
      firstImageMs: null,
      finalImageMs: null,
      durationMs: 4882.500875,
      maxGapMs: null,
      maxGapLine: null,
      outputTokensPerSecond: 62.2,
    });
    const text = await runCli(['inspect', `${DIR}/chat.ndjson`]);
    expect(text.stdout).toContain("latency    the server's own figures · duration 4.88 s · 62.2 output tokens/s\n");
    expect(text.stdout).toContain('    server     total 4882.5 ms · load 1.3 ms · prompt 342.6 ms (75.9 tokens/s) · output 4535.4 ms (62.2 tokens/s)\n');
  });

  test('a load line (an empty prompt loads the model) is a completed response with no item', () => {
    const parsed = parseBytes(jsonLines([{ model: 'llama3.2', created_at: 'x', response: '', done: true, done_reason: 'load' }]));
    expect(parsed.responses.map((r) => [r.status, r.items.length])).toEqual([['completed', 0]]);
  });

  test('base64 images in a message are written as files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'respcat-ollama-'));
    const { stderr, code } = await runCli(['replay', `${DIR}/chat-images.ndjson`, '--out-dir', out]);
    expect(readdirSync(out).sort()).toEqual(['image-1.png', 'image-2.png']);
    rmSync(out, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(stderr).toMatch(/saved .*image-1\.png \(final, PNG 8×8, 134 B\)\n.*saved .*image-2\.png \(final, PNG 12×6, 138 B\)\n/s);
  });
});
