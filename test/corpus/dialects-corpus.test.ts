import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';
import { listCorpus } from '../support/samples.js';

// Issue 16, "Done when": each named OpenAI-compatible capture replays its exact text with its reasoning shown, with
// the right status and exit 0, inspects as one response, and checks clean. The expected text is read from the
// capture here, without respcat.

interface Chunk {
  readonly choices?: readonly { readonly delta?: { readonly content?: string | null; readonly reasoning_content?: string | null; readonly reasoning_details?: readonly { type: string; data?: string }[] } }[];
}

/** The capture's chunks: SSE `data:` lines (not `[DONE]`), or JSON lines. */
function chunks(path: string): Chunk[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => (line.startsWith('data: ') ? line.slice(6) : line))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Chunk);
}

/** One field of every chunk's first choice's delta, joined. */
function deltas(list: Chunk[], field: 'content' | 'reasoning_content'): string {
  return list.map((c) => c.choices?.[0]?.delta?.[field] ?? '').join('');
}

const pathOf = (name: string): string => listCorpus().find((p) => basename(p) === name) as string;

describe.runIf(listCorpus().length > 0)('the issue 16 corpus captures, exactly', () => {
  test.each([
    {
      name: 'vercel-azure-chat-prompt-filter.jsonl',
      stdout: (list: Chunk[]) => `${deltas(list, 'content')}\n`,
      status: 'respcat: completed · gpt-5-nano-2025-08-07 · 15 in (0 cached) / 78 out (64 reasoning) tokens · ',
    },
    {
      name: 'pydantic-ai-deepseek-reasoning-content.sse',
      stdout: (list: Chunk[]) => `[reasoning]\n${deltas(list, 'reasoning_content')}\n\n${deltas(list, 'content')}\n`,
      status: 'respcat: completed · deepseek-reasoner · 6 in (0 cached) / 212 out (198 reasoning) tokens · ',
    },
    {
      name: 'pydantic-ai-openrouter-chat-reasoning.sse',
      stdout: (list: Chunk[]) => {
        const encrypted = list.flatMap((c) => c.choices?.[0]?.delta?.reasoning_details ?? []).filter((d) => d.type === 'reasoning.encrypted');
        const length = encrypted.reduce((sum, d) => sum + (d.data ?? '').length, 0);
        return `[reasoning]\nencrypted, ${length} characters (not shown)\n\n${deltas(list, 'content')}\n`;
      },
      status: 'respcat: completed · openai/o3 · 9 in (0 cached) / 104 out (0 reasoning) tokens · ',
    },
  ])('$name: replay exact (reasoning shown), completed, exit 0; one response in inspect; check clean', async ({ name, stdout, status }) => {
    const path = pathOf(name);
    expect(path).toBeDefined();
    const list = chunks(path);
    const expected = stdout(list);
    expect(expected.length).toBeGreaterThan(15);
    const replay = await runCli(['replay', path, '--no-images']);
    expect([replay.code, replay.stdout]).toEqual([0, expected]);
    expect(replay.stderr.startsWith(status)).toBe(true);
    const inspect = await runCli(['inspect', '--json', path]);
    expect(inspect.code).toBe(0);
    const report = JSON.parse(inspect.stdout) as { responses: { status: string; family: string }[]; diagnostics: unknown[] };
    expect(report.responses.map((r) => [r.family, r.status])).toEqual([['chat', 'completed']]);
    expect(report.diagnostics).toEqual([]);
    const check = await runCli(['check', '--strict', path]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`${path}: ok\n`);
  });
});
