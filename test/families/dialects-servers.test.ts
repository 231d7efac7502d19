import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';
import { codes, jsonLines, run } from './support.js';

// Issue 16: xAI, LM Studio and vLLM streams keep working: their text and reasoning exact, one response each.

const DIALECTS = 'samples/dialects';
const sample = (name: string): string => `${DIALECTS}/${name}`;

/** A sample's events (SSE `data:` lines or JSON lines), read here without respcat. */
function events(name: string): Record<string, unknown>[] {
  return readFileSync(join(ROOT, sample(name)), 'utf8')
    .split('\n')
    .map((line) => (line.startsWith('data: ') ? line.slice(6) : line))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The deltas of one event type joined. */
function joined(list: Record<string, unknown>[], type: string): string {
  return list.filter((e) => e.type === type).map((e) => e.delta as string).join('');
}

describe('reasoning from Responses-compatible servers: a [reasoning] block on replay, the reasoning item in inspect', () => {
  test.each([
    // LM Studio sends the reasoning whole, in one response.reasoning_text.done with no deltas.
    ['lmstudio-responses-reasoning-text-done.sse', 'reasoning', 'reasoning_text'],
    // vLLM (gpt-oss): response.reasoning_part.added / .done around the deltas.
    ['vllm-responses-reasoning-part-events.sse', 'reasoning', 'reasoning_text'],
    // vLLM (simple path): every delta names the next content_index; the text is still one part.
    ['vllm-responses-content-index-per-delta.sse', 'reasoning', 'reasoning_text'],
    // xAI with store: false: a summary, and encrypted_content (never shown).
    ['xai-responses-encrypted-reasoning.jsonl', 'reasoning summary', 'reasoning_summary_text'],
  ])('%s', async (name, label, kind) => {
    const list = events(name);
    const reasoning = list.find((e) => e.type === `response.${kind}.done`)?.text as string;
    const answer = list.find((e) => e.type === 'response.output_text.done')?.text as string;
    expect(reasoning.length).toBeGreaterThan(10);
    const replay = await runCli(['replay', sample(name), '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([0, `[${label}]\n${reasoning}\n\n${answer}\n`]);
    expect(replay.stdout).not.toMatch(/WjtnRGlh/);
    const { code, report } = await inspectJson(sample(name));
    expect(code).toBe(0);
    expect(report.responses.map((r) => [r.status, r.text, r.items.map((i) => i.type)])).toEqual([['completed', answer, ['reasoning', 'message']]]);
    const item = report.responses[0]?.items[0];
    expect(kind === 'reasoning_text' ? item?.reasoningText : item?.summary).toEqual(kind === 'reasoning_text' ? reasoning : [reasoning]);
  });

  test('vLLM: the reasoning deltas at content_index 0, 1, 2 … are one part, said once as an info', async () => {
    const name = 'vllm-responses-content-index-per-delta.sse';
    const list = events(name);
    expect(list.filter((e) => e.type === 'response.reasoning_text.delta').map((e) => e.content_index)).toEqual([0, 1, 2, 3, 4]);
    const result = await checkInput({ kind: 'file', path: join(ROOT, sample(name)) });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.position.line, d.message])).toEqual([
      ['content-index-changed', 'info', 14, 'A delta of item 8f0e1d2c-dialects-vllm-0002 names content_index 1, which no part event opened, while part 0 is open: read as part 0'],
    ]);
  });

  test('parts the server opened keep their places, and a part that ended is not continued', () => {
    const created = { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', output: [] } };
    const delta = (content_index: number, text: string) => ({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index, delta: text });
    const done = (content_index: number, text: string) => ({ type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index, text });
    const opened = (content_index: number) => ({ type: 'response.content_part.added', item_id: 'msg_1', output_index: 0, content_index, part: { type: 'output_text', text: '' } });
    for (const lines of [
      [created, opened(0), delta(0, 'a'), opened(1), delta(1, 'b')],
      [created, delta(0, 'a'), done(0, 'a'), delta(1, 'b')],
    ]) {
      const { responses, diagnostics } = run(jsonLines(lines));
      const item = responses[0]?.items.get(0);
      expect([...(item?.streams.values() ?? [])].map((s) => [s.index, s.text])).toEqual([
        [0, 'a'],
        [1, 'b'],
      ]);
      expect(codes(diagnostics).filter((c) => c.startsWith('content-index'))).toEqual([]);
    }
  });
});

describe('vLLM: output and content indexes that move', () => {
  test.each([
    // The reasoning's text done, part done and output_item.done at output_index 1; content indexes 4 and 5.
    ['vllm-responses-output-index-moves.sse', '[reasoning]\n64548 times 15151 is 977966748.\n\nThe product is 977966748.\n', ['reasoning', 'message'], 23],
    // A code interpreter whose events all say item_id "", its code's done and output_item.done at output_index 1.
    ['vllm-responses-code-interpreter-empty-id.sse', '[code interpreter]\nprint(64548 * 15151)\n\n977966748\n', ['code_interpreter_call', 'message'], 20],
  ])('%s: each item once, its text once, one output-index-changed info', async (name, stdout, types, line) => {
    const replay = await runCli(['replay', sample(name), '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([0, stdout]);
    const { code, report } = await inspectJson(sample(name));
    expect(code).toBe(0);
    const list = events(name);
    const answer = list.find((e) => e.type === 'response.output_text.done')?.text as string;
    expect(report.responses.map((r) => [r.status, r.text, r.items.map((i) => [i.outputIndex, i.type, i.status])])).toEqual([
      ['completed', answer, types.map((type, index) => [index, type, 'completed'])],
    ]);
    expect(report.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([['output-index-changed', 'info', line]]);
    if (types[0] === 'reasoning') expect(report.responses[0]?.items[0]?.reasoningText).toBe('64548 times 15151 is 977966748.');
    else expect(report.responses[0]?.items[0]?.code).toBe('print(64548 * 15151)');
  });

  test('a new item at the next place is still a new item: an added event, or another id', () => {
    const created = { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', output: [] } };
    const delta = (output_index: number, item_id: string, text: string) => ({ type: 'response.output_text.delta', item_id, output_index, content_index: 0, delta: text });
    const { responses, diagnostics } = run(jsonLines([created, delta(0, 'msg_a', 'a'), delta(1, 'msg_b', 'b')]));
    expect([...(responses[0]?.items.values() ?? [])].map((i) => [i.outputIndex, i.id])).toEqual([
      [0, 'msg_a'],
      [1, 'msg_b'],
    ]);
    expect(codes(diagnostics).filter((c) => c.startsWith('output-index'))).toEqual([]);
  });
});

describe('OpenRouter Responses API', () => {
  test('the reasoning item ends after the function call that followed it: both whole, in output order, no finding', async () => {
    const name = 'openrouter-responses-reasoning-after-call.sse';
    const replay = await runCli(['replay', sample(name), '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([0, '[reasoning summary]\nListing the files first.\n[function call bash]\n{"command":"ls"}\n']);
    expect(replay.stdout).not.toMatch(/gAAAAABp/);
    const { code, report } = await inspectJson(sample(name));
    expect(code).toBe(0);
    expect(report.diagnostics).toEqual([]);
    expect(report.responses[0]?.items.map((i) => [i.type, i.summary ?? i.arguments, i.encryptedContentLength])).toEqual([
      ['reasoning', ['Listing the files first.'], 46],
      ['function_call', '{"command":"ls"}', undefined],
    ]);
  });
});

describe('LM Studio Chat Completions', () => {
  test('role on every delta, reasoning_content then content, stats on the last chunk: one response, the reasoning shown', async () => {
    const name = 'lmstudio-chat-role-every-chunk.sse';
    const chunks = events(name) as { choices: { delta: { reasoning_content?: string; content?: string } }[] }[];
    const reasoning = chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join('');
    const answer = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    const replay = await runCli(['replay', sample(name), '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([0, `[reasoning]\n${reasoning}\n\n${answer}\n`]);
    const { report } = await inspectJson(sample(name));
    expect(report.responses.map((r) => [r.status, r.text, r.usage?.total_tokens])).toEqual([['completed', answer, 30]]);
    expect(report.diagnostics).toEqual([]);
  });
});

describe('xAI', () => {
  test('Responses with x_search: its server-side tool calls and searches, ending out of order, in output order; the text once; the url-only citations', async () => {
    const name = 'xai-responses-x-search.jsonl';
    const list = events(name);
    const text = joined(list, 'response.output_text.delta');
    const urls = list.filter((e) => e.type === 'response.output_text.annotation.added').map((e) => (e.annotation as { url: string }).url);
    expect(urls).toHaveLength(2);
    const replay = await runCli(['replay', sample(name), '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([
      0,
      '[custom tool call x_keyword_search]\n{"query":"from:example","limit":5,"mode":"Latest"}\n[custom tool call view_x_video]\n{"video_url":"https://video.example.com/clip.mp4"}\n' +
        `[web search]\n[web search]\n\n${text}\n[sources]\n${urls.map((u) => `- url_citation <${u}>`).join('\n')}\n`,
    ]);
    const { code, report } = await inspectJson(sample(name));
    expect(code).toBe(0);
    expect(report.diagnostics).toEqual([]);
    expect(report.responses.map((r) => [r.id, r.status, r.text])).toEqual([['7a1d2c3e-dialects-xai-0001', 'completed', text]]);
    expect(report.responses[0]?.items.map((i) => [i.outputIndex, i.type, i.status])).toEqual([
      [0, 'custom_tool_call', 'completed'],
      [1, 'custom_tool_call', 'completed'],
      [2, 'web_search_call', 'completed'],
      [3, 'web_search_call', 'completed'],
      [4, 'message', 'completed'],
    ]);
    expect(report.responses[0]?.usage).toMatchObject({ input_tokens: 2048, output_tokens: 310, total_tokens: 2358 });
  });

  test('Chat Completions: reasoning_content shown, the usage-only last chunk counted, one response', async () => {
    const name = 'xai-chat-reasoning-content.jsonl';
    const chunks = events(name) as { choices: { delta: { reasoning_content?: string; content?: string } }[] }[];
    const reasoning = chunks.map((c) => c.choices[0]?.delta.reasoning_content ?? '').join('');
    const answer = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    const replay = await runCli(['replay', sample(name), '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([0, `[reasoning]\n${reasoning}\n\n${answer}\n`]);
    expect(replay.stderr).toMatch(/^respcat: completed · grok-3-mini · 12 in \(11 cached\) \/ 3 out \(204 reasoning\) tokens · /);
    const { report } = await inspectJson(sample(name));
    expect(report.responses.map((r) => [r.status, r.text, r.items.map((i) => i.type)])).toEqual([['completed', answer, ['reasoning', 'message']]]);
  });
});
