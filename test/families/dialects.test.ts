import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { messageText, streamValue } from '../../src/core/model.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';
import { chatStream, codes, jsonLines, run, sseData } from './support.js';

const DIALECTS = 'samples/dialects';
const work = mkdtempSync(join(tmpdir(), 'respcat-dialects-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every dialect sample: exactly the findings `check` reports (`code@line`), and its exit without and with --strict. */
const EXPECTED: Readonly<Record<string, { readonly findings: readonly string[]; readonly exit: number; readonly strictExit: number }>> = {
  'azure-chat-prompt-filter.sse': { findings: [], exit: 0, strictExit: 0 },
  'azure-chat-content-filter.sse': { findings: ['response-incomplete@7'], exit: 1, strictExit: 1 },
  'openrouter-chat-reasoning.sse': { findings: [], exit: 0, strictExit: 0 },
  'openrouter-chat-reasoning-text.sse': { findings: [], exit: 0, strictExit: 0 },
  'openrouter-chat-error.sse': { findings: ['error-event@7'], exit: 1, strictExit: 1 },
  'openrouter-chat-images.sse': { findings: [], exit: 0, strictExit: 0 },
  'deepseek-reasoning-content.sse': { findings: [], exit: 0, strictExit: 0 },
  'groq-reasoning-tool-use-failed.sse': { findings: ['error-event@8'], exit: 1, strictExit: 1 },
  'mistral-thinking-parts.sse': { findings: [], exit: 0, strictExit: 0 },
  'copilot-rotating-ids.sse': { findings: ['response-id-changed@5'], exit: 0, strictExit: 0 },
  'code-interpreter-image-output.sse': { findings: [], exit: 0, strictExit: 0 },
  'azure-web-search-left-searching.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'responses-output-image-part.sse': { findings: [], exit: 0, strictExit: 0 },
  'agent-framework-output-image-item.sse': { findings: [], exit: 0, strictExit: 0 },
  'chat-content-image-url-part.sse': { findings: [], exit: 0, strictExit: 0 },
  'xai-chat-reasoning-content.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'xai-responses-x-search.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'xai-responses-encrypted-reasoning.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'lmstudio-responses-reasoning-text-done.sse': { findings: [], exit: 0, strictExit: 0 },
  // vLLM's reasoning_part.added / .done are content part events under another name: no unknown-event.
  'vllm-responses-reasoning-part-events.sse': { findings: [], exit: 0, strictExit: 0 },
  'vllm-responses-content-index-per-delta.sse': { findings: ['content-index-changed@14'], exit: 0, strictExit: 0 },
  'vllm-responses-output-index-moves.sse': { findings: ['output-index-changed@23'], exit: 0, strictExit: 0 },
  'vllm-responses-code-interpreter-empty-id.sse': { findings: ['output-index-changed@20'], exit: 0, strictExit: 0 },
  'openrouter-responses-reasoning-after-call.sse': { findings: [], exit: 0, strictExit: 0 },
  'lmstudio-chat-role-every-chunk.sse': { findings: [], exit: 0, strictExit: 0 },
};

const sample = (name: string): string => `${DIALECTS}/${name}`;

describe('check over every dialect sample', () => {
  test('every sample in samples/dialects is in the table', () => {
    const samples = readdirSync(join(ROOT, DIALECTS)).filter((name) => /\.(sse|jsonl)$/.test(name));
    expect(Object.keys(EXPECTED).sort()).toEqual(samples.sort());
  });

  test.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const result = await checkInput({ kind: 'file', path: join(ROOT, sample(name)) });
    expect(codes(result.diagnostics)).toEqual(expected.findings);
    expect((await runCli(['check', '-q', sample(name)])).code).toBe(expected.exit);
    expect((await runCli(['check', '-q', '--strict', sample(name)])).code).toBe(expected.strictExit);
  });
});

describe('Azure OpenAI', () => {
  test('the prompt filter chunk (object "", id "", choices []) is part of the stream: one response, named by the first real chunk', async () => {
    const { code, report } = await inspectJson(sample('azure-chat-prompt-filter.sse'));
    expect(code).toBe(0);
    expect(report.responses.map((r) => [r.family, r.id, r.model, r.status, r.text])).toEqual([
      ['chat', 'chatcmpl-AZdialects0001', 'gpt-4o-2024-11-20', 'completed', 'Copenhagen is the capital of Denmark.'],
    ]);
    expect(report.diagnostics).toEqual([]);
  });

  test('a content_filter finish is incomplete, quoting the categories the filter stopped', async () => {
    const result = await checkInput({ kind: 'file', path: join(ROOT, sample('azure-chat-content-filter.sse')) });
    expect(result.diagnostics.map((d) => d.message)).toEqual(['Response incomplete (reason "content_filter: violence (high)")']);
    const { stdout, code } = await runCli(['replay', sample('azure-chat-content-filter.sse'), '--no-images']);
    expect([code, stdout]).toEqual([1, 'The battle scene opens as\n']);
  });

  test('with several choices, the filtered choice is named', () => {
    const t = chatStream('chatcmpl-az');
    const filtered = { violence: { filtered: true, severity: 'medium' }, hate: { filtered: true, severity: 'low' }, sexual: { filtered: false, severity: 'safe' } };
    const { responses } = run(
      sseData([
        t.chunk([t.choice(0, { content: 'a' }), t.choice(1, { content: 'b' })]),
        t.chunk([t.choice(0, {}, 'stop')]),
        t.chunk([{ ...t.choice(1, {}, 'content_filter'), content_filter_results: filtered }]),
      ]),
    );
    expect(responses.map((r) => [r.status, r.incompleteReason])).toEqual([['incomplete', 'content_filter: violence (medium), hate (low) (choice 1)']]);
  });
});

describe('OpenRouter', () => {
  test('the usage chunk after finish_reason, repeating the choice with its role, belongs to the same response', () => {
    const t = chatStream('gen-1');
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    const capture = jsonLines([
      t.chunk([t.choice(0, { role: 'assistant', content: 'Hi' })]),
      t.chunk([t.choice(0, { role: 'assistant', content: '' }, 'stop')]),
      t.chunk([t.choice(0, { role: 'assistant', content: '' })], { usage }),
    ]);
    const { responses, diagnostics, stdout } = run(capture);
    expect(responses.map((r) => [r.status, messageText(r), r.usage?.total_tokens])).toEqual([['completed', 'Hi', 5]]);
    expect(diagnostics).toEqual([]);
    expect(stdout).toBe('Hi\n');
  });

  test('an error chunk fails the response with its message, with or without finish_reason "error"', () => {
    for (const finish of ['error', null]) {
      const t = chatStream('gen-2');
      const { responses, diagnostics } = run(
        sseData([t.chunk([t.choice(0, { content: 'Once' })]), t.chunk([t.choice(0, { content: '' }, finish)], { error: { code: 'server_error', message: 'Provider disconnected' } })]),
      );
      expect(responses.map((r) => [r.status, r.error])).toEqual([['failed', { code: 'server_error', message: 'Provider disconnected' }]]);
      expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['error-event Error event: server_error: "Provider disconnected"']);
    }
  });

  test('reasoning_details: text and summary streamed, encrypted only said, never printed', async () => {
    const capture = sample('openrouter-chat-reasoning.sse');
    const ciphertext = /gAAAAABpDialects/;
    const { stdout } = await runCli(['replay', capture, '--no-images']);
    expect(stdout).toBe('[reasoning summary]\n**Counting letters**\n\nStrawberry has three r\'s.\n[reasoning]\nencrypted, 98 characters (not shown)\n\nThere are 3 r\'s in "strawberry".\n');
    const text = await runCli(['inspect', capture]);
    const json = await runCli(['inspect', '--json', capture]);
    for (const out of [stdout, text.stdout, json.stdout]) expect(out).not.toMatch(ciphertext);
    const { report } = await inspectJson(capture);
    expect(report.responses[0]?.items.map((i) => [i.type, i.summary, i.encryptedContentLength])).toEqual([
      ['reasoning', ["**Counting letters**\n\nStrawberry has three r's."], 98],
      ['message', undefined, undefined],
    ]);
  });

  test('the reasoning string and reasoning_details say the same text once: the details are read', async () => {
    const { stdout } = await runCli(['replay', sample('openrouter-chat-reasoning-text.sse'), '--no-images']);
    expect(stdout).toBe('[reasoning]\nThe user wants a haiku.\n\nOld pond, a frog jumps\n');
  });

  test('delta.images: each data URL is written byte-exact as the image of its item, validated, listed by inspect', async () => {
    const capture = sample('openrouter-chat-images.sse');
    const urls = [...readFileSync(join(ROOT, capture), 'utf8').matchAll(/"url":"data:image\/png;base64,([^"]+)"/g)].map((m) => m[1] as string);
    expect(urls).toHaveLength(2);
    const dir = join(work, 'images');
    const { code } = await runCli(['replay', capture, '--out-dir', dir]);
    expect(code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['gen-1765000000-DialectsImage0004-2.png', 'gen-1765000000-DialectsImage0004.png']);
    expect(readFileSync(join(dir, 'gen-1765000000-DialectsImage0004.png'))).toEqual(Buffer.from(urls[0] as string, 'base64'));
    expect(readFileSync(join(dir, 'gen-1765000000-DialectsImage0004-2.png'))).toEqual(Buffer.from(urls[1] as string, 'base64'));
    const { report } = await inspectJson(capture);
    expect(report.responses[0]?.images.map((i) => [i.kind, i.format, i.width, i.height, i.valid, i.itemId])).toEqual([
      ['final', 'png', 2, 2, true, 'gen-1765000000-DialectsImage0004'],
      ['final', 'png', 3, 2, true, 'gen-1765000000-DialectsImage0004'],
    ]);
  });

  test('a delta.images data URL that is no image is checked like any other image: invalid-image', async () => {
    const t = chatStream('gen-3');
    const bad = { type: 'image_url', image_url: { url: 'data:image/png;base64,bm90IGEgcG5n' } };
    const path = join(work, 'bad-image.sse');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, sseData([t.chunk([t.choice(0, { content: '', images: [bad] })]), t.chunk([t.choice(0, {}, 'stop')])]));
    const result = await checkInput({ kind: 'file', path });
    expect(codes(result.diagnostics)).toEqual(['invalid-image@1']);
  });
});

describe('reasoning from other servers: a [reasoning] block on replay, a reasoning item in inspect', () => {
  test.each([
    ['deepseek-reasoning-content.sse', '[reasoning]\nThe user asks for 12 × 12. That is 144.\n\n12 × 12 = 144.\n', 'The user asks for 12 × 12. That is 144.'],
    ['groq-reasoning-tool-use-failed.sse', '[reasoning]\nThe user says: return "maybe".\n', 'The user says: return "maybe".'],
    ['mistral-thinking-parts.sse', '[reasoning]\nParis is the capital of France.\n\nThe capital of France is Paris.\n', 'Paris is the capital of France.'],
  ])('%s', async (name, stdout, reasoning) => {
    expect((await runCli(['replay', sample(name), '--no-images'])).stdout).toBe(stdout);
    const { report } = await inspectJson(sample(name));
    expect(report.responses).toHaveLength(1);
    expect(report.responses[0]?.items[0]).toMatchObject({ type: 'reasoning', reasoningText: reasoning });
  });

  test('Groq: the event: error frame quotes its failed generation', async () => {
    const result = await checkInput({ kind: 'file', path: join(ROOT, sample('groq-reasoning-tool-use-failed.sse')) });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      `Error event: tool_use_failed: "Failed to call a function. Please adjust your prompt. See 'failed_generation' fo…" (failed generation "maybe")`,
    ]);
  });

  test('reasoning ends where the answer begins (item-done before the first text), tool calls count as the answer', () => {
    const t = chatStream('chatcmpl-r');
    const { responses } = run(
      jsonLines([
        t.chunk([t.choice(0, { role: 'assistant', content: null, reasoning_content: 'think' })]),
        t.chunk([t.choice(0, { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] })]),
        t.chunk([t.choice(0, {}, 'tool_calls')]),
      ]),
    );
    const [reasoningItem] = [...(responses[0]?.items.values() ?? [])].filter((i) => i.type === 'reasoning');
    expect(reasoningItem?.end).toMatchObject({ source: 'answer', position: { line: 2 } });
    expect(reasoningItem !== undefined ? streamValue(reasoningItem, 'reasoning_text') : null).toBe('think');
  });
});

describe('Responses-compatible servers: ids that change inside one stream', () => {
  test('GitHub Copilot renames the response and every item on every event: one response, its text printed once, one info', async () => {
    const capture = sample('copilot-rotating-ids.sse');
    const replay = await runCli(['replay', capture, '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([0, '[reasoning summary]\nThinking it through.\n\nHello from Copilot.\n']);
    const { code, report } = await inspectJson(capture);
    expect(code).toBe(0);
    expect(report.responses.map((r) => [r.id, r.status, r.text, r.items.map((i) => i.type)])).toEqual([
      ['resp_cop_a1', 'completed', 'Hello from Copilot.', ['reasoning', 'message']],
    ]);
    expect(report.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['response-id-changed', 'info', 5]]);
  });

  test('a response.created between two ids still starts the next response', () => {
    const created = (id: string) => ({ type: 'response.created', response: { id, status: 'in_progress', output: [] } });
    const completed = (id: string) => ({ type: 'response.completed', response: { id, status: 'completed', output: [] } });
    const { responses, diagnostics } = run(jsonLines([created('resp_1'), completed('resp_1'), created('resp_2'), { type: 'response.in_progress', response: { id: 'resp_x' } }, completed('resp_y')]));
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['resp_1', 'completed'],
      ['resp_2', 'completed'],
    ]);
    expect(codes(diagnostics)).toEqual(['response-id-changed@4']);
  });
});

describe('images that arrive as data URLs: a code interpreter\'s image outputs', () => {
  test('written once, byte-exact, named after its item, validated and listed by inspect', async () => {
    const capture = sample('code-interpreter-image-output.sse');
    const url = /"url":"data:image\/png;base64,([^"]+)"/.exec(readFileSync(join(ROOT, capture), 'utf8'))?.[1];
    expect(url).toBeDefined();
    const dir = join(work, 'code-interpreter');
    expect((await runCli(['replay', capture, '--out-dir', dir])).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['ci_dialects_0001.png']);
    expect(readFileSync(join(dir, 'ci_dialects_0001.png'))).toEqual(Buffer.from(url as string, 'base64'));
    const { report } = await inspectJson(capture);
    expect(report.responses[0]?.images.map((i) => [i.itemId, i.kind, i.format, i.width, i.height, i.valid])).toEqual([['ci_dialects_0001', 'final', 'png', 2, 2, true]]);
  });

  test('a broken data URL image is invalid-image; a link is no image; an image only in the terminal response is read there', async () => {
    const item = (outputs: unknown) => ({ id: 'ci_1', type: 'code_interpreter_call', status: 'completed', code: 'x', outputs });
    const broken = [{ type: 'image', url: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA' }, { type: 'image', url: 'https://example.com/plot.png' }];
    const lines = [
      { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', output: [] } },
      { type: 'response.output_item.done', output_index: 0, item: item(null) },
      { type: 'response.completed', response: { id: 'resp_1', status: 'completed', output: [item(broken)] } },
    ];
    const path = join(work, 'broken-output.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, jsonLines(lines));
    const result = await checkInput({ kind: 'file', path });
    // The two copies of the item differ (outputs null, then a list): output-mismatch says so, as for any item.
    expect(result.diagnostics.map((d) => `${d.code}@${d.position.line}`)).toEqual(['output-mismatch@2', 'invalid-image@3']);
    expect(result.diagnostics[1]?.message).toMatch(/^The final image of ci_1 is not a whole, valid image: /);
  });
});
