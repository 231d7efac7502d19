import { mkdtempSync, rmSync } from 'node:fs';
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
