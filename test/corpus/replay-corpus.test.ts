import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';
import { listCorpus } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.runIf(listCorpus().length > 0)('real captures replay without throwing', () => {
  test.each(listCorpus())('%s', async (path) => {
    const { code, stderr } = await runCli(['replay', path, '--out-dir', join(work, basename(path))]);
    expect([0, 1]).toContain(code);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  });

  test.each([
    ['dd-incomplete-max-output-tokens.sse', 1, /^In the bustling city of Detroit, a sleek, metallic blue sedan rolled off the\n$/],
    ['prism-error-rate-limit-then-failed.sse', 1, /^$/],
    ['openai-python-chat-completions-refusal.sse', 0, /^\[refusal\]\nI'm sorry, I can't assist with that request\.\n$/],
    ['pydantic-background-queued.sse', 0, /^2 \+ 2 equals 4\.\n$/],
    // Issue 16: OpenAI-compatible chat servers, their reasoning shown as a [reasoning] block before the answer.
    ['vercel-azure-chat-prompt-filter.jsonl', 0, /^Capital of Denmark\.\n$/],
    ['pydantic-ai-deepseek-reasoning-content.sse', 0, /^\[reasoning\]\nHmm, the user just said "Hello"\. [^[]*\n\nHello there! 😊 How can I help you today\?\n$/],
    [
      'pydantic-ai-openrouter-chat-reasoning.sse',
      0,
      /^\[reasoning\]\nencrypted, 1164 characters \(not shown\)\n\nI’m ChatGPT, a large-language-model assistant created by OpenAI\. [^[]* let me know!\n$/,
    ],
  ])('%s: exit %i and exact stdout', async (name, code, stdout) => {
    const path = listCorpus().find((p) => basename(p) === name);
    expect(path).toBeDefined();
    const result = await runCli(['replay', path as string, '--no-images']);
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(stdout);
  });
});

/** The capture's events, read here without respcat: each `data:` line's JSON. */
function dataEvents(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

/** The deltas of one kind joined, per block index. */
function deltasByBlock(events: Record<string, unknown>[], kind: string, field: string): Map<number, string> {
  const joined = new Map<number, string>();
  for (const event of events) {
    const delta = event.delta as Record<string, unknown> | undefined;
    if (event.type !== 'content_block_delta' || delta?.type !== kind) continue;
    const index = event.index as number;
    joined.set(index, (joined.get(index) ?? '') + (delta[field] as string));
  }
  return joined;
}

describe.runIf(listCorpus().length > 0)('the Anthropic captures replay their exact text, thinking, tool calls and sources', () => {
  const pathOf = (name: string): string => listCorpus().find((p) => basename(p) === name) as string;

  test('thinking: the thinking as a labelled block, then the answer, exactly', async () => {
    const path = pathOf('pydantic-ai-anthropic-thinking-signature.sse');
    const events = dataEvents(path);
    const thinking = [...deltasByBlock(events, 'thinking_delta', 'thinking').values()].join('');
    const text = [...deltasByBlock(events, 'text_delta', 'text').values()].join('');
    const signature = [...deltasByBlock(events, 'signature_delta', 'signature').values()].join('');
    const result = await runCli(['replay', path, '--no-images']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`[thinking]\n${thinking}\n\n${text}\n`);
    expect(signature.length).toBeGreaterThan(100);
    expect(result.stdout).not.toContain(signature.slice(0, 20));
    expect(result.stderr).toMatch(/^respcat: completed · claude-sonnet-4-20250514 · 43 in \(0 cached\) \/ 282 out \(0 reasoning\) tokens · /);
  });

  test('web search: both searches as labelled calls with their results, the text unbroken between them, the cited sources at the end', async () => {
    const path = pathOf('pydantic-ai-anthropic-web-search-citations.sse');
    const events = dataEvents(path);
    const texts = deltasByBlock(events, 'text_delta', 'text');
    const inputs = deltasByBlock(events, 'input_json_delta', 'partial_json');
    const result = await runCli(['replay', path, '--no-images']);
    expect(result.code).toBe(0);
    const { stdout } = result;
    expect(stdout.startsWith(`[server tool use web_search]\n${inputs.get(0)}\n[web search results]\n- World news - breaking news, video, headlines and opinion | CNN <https://www.cnn.com/world>\n`)).toBe(true);
    expect(stdout).toContain(`[server tool use web_search]\n${inputs.get(3)}\n[web search results]\n- Breaking News, Latest News and Videos | CNN <https://edition.cnn.com/>\n`);
    // The text blocks after the second search (5 to 21, citations among them) run on as one text.
    const answer = [...texts].filter(([index]) => index >= 5).map(([, text]) => text).join('');
    expect(stdout).toContain(`\n\n${texts.get(2)}\n[server tool use web_search]`);
    const cited = events.filter((e) => (e.delta as Record<string, unknown> | undefined)?.type === 'citations_delta').map((e) => (e.delta as { citation: { title: string; url: string } }).citation);
    const sources = [...new Set(cited.map((c) => `- ${c.title} <${c.url}>`))];
    expect(sources).toHaveLength(7);
    expect(stdout.endsWith(`\n\n${answer}\n[sources]\n${sources.join('\n')}\n`)).toBe(true);
    const inspect = await runCli(['inspect', '--json', path]);
    const report = JSON.parse(inspect.stdout) as { responses: { text: string; items: { annotations?: unknown[] }[] }[] };
    expect(report.responses[0]?.text).toBe([...texts.values()].join(''));
    expect(report.responses[0]?.items[2]?.annotations).toHaveLength(9);
  });
});
