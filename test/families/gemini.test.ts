import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { decodeEvent } from '../../src/families/index.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { parseChunks } from '../support/parse.js';
import { ROOT } from '../support/samples.js';

const DIR = join(ROOT, 'samples', 'gemini');
const work = mkdtempSync(join(tmpdir(), 'respcat-gemini-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every Gemini sample: exactly the findings `check` reports (`code@line`), and its exit without and with --strict. */
const EXPECTED: Readonly<Record<string, { readonly findings: readonly string[]; readonly exit: number; readonly strictExit: number }>> = {
  'text-stop.sse': { findings: [], exit: 0, strictExit: 0 },
  'text-stop.json': { findings: [], exit: 0, strictExit: 0 },
  'thinking-function-call.sse': { findings: [], exit: 0, strictExit: 0 },
  'thinking-function-call.json': { findings: [], exit: 0, strictExit: 0 },
  'code-execution.sse': { findings: [], exit: 0, strictExit: 0 },
  'grounding.sse': { findings: [], exit: 0, strictExit: 0 },
  'image.sse': { findings: [], exit: 0, strictExit: 0 },
  'two-candidates.sse': { findings: [], exit: 0, strictExit: 0 },
  'max-tokens.sse': { findings: ['response-incomplete@3'], exit: 1, strictExit: 1 },
  'safety.sse': { findings: ['response-incomplete@3'], exit: 1, strictExit: 1 },
  'prompt-blocked.sse': { findings: ['response-failed@1'], exit: 1, strictExit: 1 },
  'cut-off.sse': { findings: ['missing-terminal-event@4'], exit: 1, strictExit: 1 },
  'error-mid-stream.sse': { findings: ['error-event@3'], exit: 1, strictExit: 1 },
};

describe('check over every Gemini sample', () => {
  test('every sample in samples/gemini is in the table', () => {
    const samples = readdirSync(DIR).filter((name) => /\.(sse|json)$/.test(name) && !/\.inspect\.json$/.test(name));
    expect(Object.keys(EXPECTED).sort()).toEqual(samples.sort());
  });

  test.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const path = join(DIR, name);
    const result = await checkInput({ kind: 'file', path });
    expect(result.diagnostics.map((d) => `${d.code}@${d.position.line}`)).toEqual(expected.findings);
    expect((await runCli(['check', '-q', path])).code).toBe(expected.exit);
    expect((await runCli(['check', '-q', '--strict', path])).code).toBe(expected.strictExit);
  });

  test.each([
    ['max-tokens.sse', 'Response incomplete (finishReason "MAX_TOKENS")'],
    ['safety.sse', 'Response refused (finishReason "SAFETY")'],
    ['prompt-blocked.sse', 'Response failed: the prompt was blocked (blockReason "PROHIBITED_CONTENT")'],
    ['error-mid-stream.sse', 'Error event: UNAVAILABLE: "The model is overloaded. Please try again later."'],
    ['cut-off.sse', 'Response resp-cut-1 never finished: the input ends before a finishReason on every candidate'],
  ])('%s says why', async (name, message) => {
    const result = await checkInput({ kind: 'file', path: join(DIR, name) });
    expect(result.diagnostics.map((d) => d.message)).toEqual([message]);
  });
});

describe('a streamed JSON array reads the same as its alt=sse twin', () => {
  test.each(['text-stop', 'thinking-function-call'])('%s: events, updates, items and responses equal; only the framing differs', async (name) => {
    const sse = readFileSync(join(DIR, `${name}.sse`));
    const array = readFileSync(join(DIR, `${name}.json`));
    const fromSse = parseChunks([sse]);
    const fromArray = parseChunks([array]);
    // Lines differ (a pretty-printed element spans many); what the events say does not.
    const strip = ({ stats: _stats, ...parsed }: ReturnType<typeof parseChunks>): unknown => ({ ...parsed, events: parsed.events.map((e) => e.split(':').slice(2).join(':')) });
    expect(fromArray.events.length).toBe(name === 'text-stop' ? 3 : 4);
    expect(strip(fromArray)).toEqual(strip(fromSse));
    const [a, b] = [await inspectJson(join(DIR, `${name}.sse`)), await inspectJson(join(DIR, `${name}.json`))];
    expect(b.report.framing.formats).toEqual(['streamed JSON array']);
    expect(a.report.framing.formats).toEqual(['SSE data: blocks']);
    const facts = (r: typeof a.report): unknown => r.responses.map(({ line: _line, ...rest }) => ({ ...rest, items: rest.items }));
    expect(facts(b.report)).toEqual(facts(a.report));
    expect((await runCli(['replay', join(DIR, `${name}.json`)])).stdout).toBe((await runCli(['replay', join(DIR, `${name}.sse`)])).stdout);
  });
});

describe('inlineData images are written byte-exact, named after the response and their place', () => {
  test('image.sse: resp-image-1-0-1.png is the PNG the sample was made from; inspect lists it valid; check passes', async () => {
    const out = join(work, 'image');
    const { code, stdout } = await runCli(['replay', join(DIR, 'image.sse'), '--out-dir', out]);
    expect(code).toBe(0);
    expect(stdout).toBe('Here is a small gradient:\nEnjoy!\n');
    expect(readdirSync(out)).toEqual(['resp-image-1-0-1.png']);
    expect(readFileSync(join(out, 'resp-image-1-0-1.png')).equals(readFileSync(join(DIR, 'image.png')))).toBe(true);
    const { report } = await inspectJson(join(DIR, 'image.sse'));
    expect(report.responses[0]?.images).toEqual([
      expect.objectContaining({ itemId: 'resp-image-1-0-1', kind: 'final', format: 'png', width: 16, height: 8, valid: true, declaredFormat: 'png', from: 'inlineData', line: 3 }),
    ]);
  });

  test.each<[string, string, string]>([
    ['a cut-off PNG is invalid-image', 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAI', 'invalid-image'],
    ['a JPEG declared image/png is image-format-mismatch', '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==', 'image-format-mismatch'],
  ])('checked like the other families\' images: %s', async (_name, data, code) => {
    const chunks = [
      { candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data } }], role: 'model' } }], responseId: 'r1', modelVersion: 'm' },
      { candidates: [{ content: { parts: [{ text: 'done' }], role: 'model' }, finishReason: 'STOP' }], responseId: 'r1', modelVersion: 'm' },
    ];
    const bytes = Buffer.from(chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join(''));
    const result = await checkInput({ kind: 'stream', stream: Readable.from([bytes]), name: 'x.sse' });
    expect(result.diagnostics.map((d) => `${d.code}@${d.position.line}`)).toContain(`${code}@1`);
  });
});

describe('decoding Gemini chunks: the one place their JSON becomes types', () => {
  const decoded = (value: unknown): unknown => {
    const result = decodeEvent(value);
    return result.ok ? [result.family?.name ?? null, result.event] : result.problem;
  };
  test.each<[string, unknown, unknown]>([
    [
      'text, a thought and its signature (only its length kept)',
      { candidates: [{ content: { parts: [{ text: 'Hm', thought: true, thoughtSignature: 'c2lnbmF0dXJl' }, { text: 'Hi' }], role: 'model' } }], responseId: 'r', modelVersion: 'm' },
      [
        'gemini',
        {
          type: 'GenerateContentResponse',
          responseId: 'r',
          modelVersion: 'm',
          candidates: [
            {
              index: 0,
              role: 'model',
              parts: [
                { kind: 'text', text: 'Hm', thought: true, signature: 12 },
                { kind: 'text', text: 'Hi', thought: false, signature: 0 },
              ],
              finishReason: null,
              finishMessage: null,
              sources: null,
              queries: [],
            },
          ],
          usage: null,
          blockReason: null,
          blockReasonMessage: null,
        },
      ],
    ],
    [
      'usage: thoughts are reasoning tokens and part of output',
      { usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 7, cachedContentTokenCount: 4, totalTokenCount: 22 } },
      ['gemini', expect.objectContaining({ usage: { input_tokens: 10, output_tokens: 12, total_tokens: 22, cached_tokens: 4, reasoning_tokens: 7 } })],
    ],
    [
      'a function call, code, a result, an image, another part',
      {
        candidates: [
          {
            index: 1,
            content: {
              parts: [
                { functionCall: { name: 'f', args: { a: 1 }, id: 'c1' } },
                { executableCode: { language: 'PYTHON', code: 'x' } },
                { codeExecutionResult: { outcome: 'OUTCOME_FAILED', output: 'boom' } },
                { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
                { fileData: { fileUri: 'gs://x' } },
              ],
            },
            finishReason: 'STOP',
          },
        ],
      },
      [
        'gemini',
        expect.objectContaining({
          candidates: [
            expect.objectContaining({
              index: 1,
              finishReason: 'STOP',
              parts: [
                { kind: 'function_call', name: 'f', id: 'c1', args: '{"a":1}', signature: 0 },
                { kind: 'executable_code', language: 'PYTHON', code: 'x', signature: 0 },
                { kind: 'code_execution_result', outcome: 'OUTCOME_FAILED', output: 'boom', signature: 0 },
                { kind: 'inline_data', mimeType: 'image/png', data: 'AAAA', signature: 0 },
                { kind: 'other', fields: 'fileData', signature: 0 },
              ],
            }),
          ],
        }),
      ],
    ],
    ['a blocked prompt', { promptFeedback: { blockReason: 'SAFETY' } }, ['gemini', expect.objectContaining({ candidates: [], blockReason: 'SAFETY' })]],
    ['junk: candidates that is no list, parts that are no objects', { candidates: 'x', responseId: 'r' }, ['gemini', expect.objectContaining({ candidates: [], responseId: 'r' })]],
    ['a chat chunk is chat\'s, not Gemini\'s', { object: 'chat.completion.chunk', choices: [], model: 'm' }, ['chat', expect.anything()]],
    ['an object none of whose fields is Gemini\'s stays untyped', { candidate: [] }, 'missing-type'],
  ])('%s', (_name, value, expected) => {
    expect(decoded(value)).toEqual(expected);
  });

  test('Google\'s error object inside a Gemini stream is Gemini\'s error, its status the code', async () => {
    const capture = [
      `data: ${JSON.stringify({ candidates: [{ content: { parts: [{ text: 'a' }] } }], responseId: 'r' })}`,
      `data: ${JSON.stringify({ error: { code: 429, message: 'Quota', status: 'RESOURCE_EXHAUSTED' } })}`,
    ].join('\r\n\r\n');
    const { report } = await inspectJsonOfText(capture);
    expect(report.responses.map((r) => [r.family, r.status, r.error])).toEqual([['gemini', 'failed', { code: 'RESOURCE_EXHAUSTED', message: 'Quota' }]]);
  });
});

describe('accumulating Gemini chunks', () => {
  const lines = (chunks: readonly object[]): string => chunks.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const cand = (parts: object[], more: object = {}): object => ({ content: { parts, role: 'model' }, ...more });

  test('runs of text and of thoughts make one item each; a kind change starts the next item; thoughtSignature is never printed', async () => {
    const capture = lines([
      { candidates: [cand([{ text: 'think ', thought: true }])], responseId: 'r' },
      { candidates: [cand([{ text: 'more', thought: true, thoughtSignature: 'U0VDUkVUU0lH' }])], responseId: 'r' },
      { candidates: [cand([{ text: 'A' }, { text: 'B' }])], responseId: 'r' },
      { candidates: [cand([{ functionCall: { name: 'f', args: {} } }, { text: 'C' }], { finishReason: 'STOP' })], responseId: 'r' },
    ]);
    const { report } = await inspectJsonOfText(capture);
    const items = report.responses[0]?.items ?? [];
    expect(items.map((i) => [i.type, i.ended, i.text ?? i.reasoningText ?? i.arguments])).toEqual([
      ['reasoning', 'next part', 'think more'],
      ['message', 'next part', 'AB'],
      ['function_call', 'part', '{}'],
      ['message', 'finishReason', 'C'],
    ]);
    expect(items[0]?.encryptedContentLength).toBe(12);
    expect(report.responses[0]?.text).toBe('ABC');
    const replay = await runCli(['replay', '-'], { stdin: capture });
    expect(replay.stdout).toBe('[reasoning]\nthink more\n\nAB\n[function call f]\n{}\n\nC\n');
    const inspectText = await runCli(['inspect', '-'], { stdin: capture });
    for (const output of [replay.stdout, inspectText.stdout, JSON.stringify(report)]) expect(output).not.toContain('U0VDUkVUU0lH');
  });

  test('a new responseId starts the next response; usage is the last usageMetadata', async () => {
    const capture = lines([
      { candidates: [cand([{ text: 'one' }])], usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 }, responseId: 'r1' },
      { candidates: [cand([], { finishReason: 'STOP' })], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 }, responseId: 'r1' },
      { candidates: [cand([{ text: 'two' }], { finishReason: 'STOP' })], responseId: 'r2' },
    ]);
    const { report } = await inspectJsonOfText(capture);
    expect(report.responses.map((r) => [r.id, r.status, r.text, r.usage?.input_tokens ?? null])).toEqual([
      ['r1', 'completed', 'one', 3],
      ['r2', 'completed', 'two', null],
    ]);
  });

  test('two candidates: alternatives; one stopping at MAX_TOKENS makes the response incomplete and says which', async () => {
    const capture = lines([
      { candidates: [cand([{ text: 'a' }], { index: 0, finishReason: 'STOP' }), cand([{ text: 'b' }], { index: 1, finishReason: 'MAX_TOKENS' })], responseId: 'r' },
    ]);
    const { report } = await inspectJsonOfText(capture);
    expect(report.responses[0]).toMatchObject({ status: 'incomplete', incompleteReason: 'MAX_TOKENS (candidate 1)', text: 'a' });
    expect(report.responses[0]?.items.map((i) => [i.choice, i.finishReason])).toEqual([
      [0, 'STOP'],
      [1, 'MAX_TOKENS'],
    ]);
    expect(report.diagnostics.map((d) => d.message)).toEqual(['Response incomplete (finishReason "MAX_TOKENS (candidate 1)")']);
  });

  test('grounding sources are annotations of the answer, listed once, and replay prints them', async () => {
    const grounding = { webSearchQueries: ['q'], groundingChunks: [{ web: { uri: 'https://a.example', title: 'A' } }, { web: { uri: 'https://a.example', title: 'A' } }] };
    const capture = lines([
      { candidates: [cand([{ text: 'x' }], { groundingMetadata: grounding })], responseId: 'r' },
      { candidates: [cand([], { finishReason: 'STOP', groundingMetadata: grounding })], responseId: 'r' },
    ]);
    const { report } = await inspectJsonOfText(capture);
    expect(report.responses[0]?.items[0]).toMatchObject({ annotations: [{ type: 'grounding', title: 'A', url: 'https://a.example' }], queries: ['q'] });
    expect((await runCli(['replay', '-'], { stdin: capture })).stdout).toBe('x\n[sources]\n- A <https://a.example>\n');
  });
});

/** `respcat inspect --json` of a capture given as text (through stdin). */
async function inspectJsonOfText(text: string): Promise<{ code: number; report: Awaited<ReturnType<typeof inspectJson>>['report'] }> {
  const { code, stdout } = await runCli(['inspect', '--json', '-'], { stdin: text });
  return { code, report: JSON.parse(stdout) as Awaited<ReturnType<typeof inspectJson>>['report'] };
}
