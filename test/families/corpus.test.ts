import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { inspectJson, runCli } from '../support/fake-io.js';
import { CORPUS } from '../support/samples.js';

/** The one real Chat Completions capture (openai-python's streaming test snapshot); absent on machines without ../shared. */
const REFUSAL = join(CORPUS, 'openai-python-chat-completions-refusal.sse');

describe.runIf(existsSync(REFUSAL))('the real Chat Completions capture in the corpus: a refusal', () => {
  test('replay shows the refusal text, labelled, and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['replay', REFUSAL, '--no-images']);
    expect(code).toBe(0);
    expect(stdout).toBe("[refusal]\nI'm sorry, I can't assist with that request.\n");
    expect(stderr).toMatch(/^respcat: completed · gpt-4o-2024-08-06 · 79 in \(0 cached\) \/ 11 out \(0 reasoning\) tokens · [\d.]+s\n$/);
  });

  test('inspect: one chat response, completed, the refusal on its message, the usage chunk read', async () => {
    const { code, report } = await inspectJson(REFUSAL);
    expect(code).toBe(0);
    expect(report.responses).toHaveLength(1);
    expect(report.responses[0]).toMatchObject({
      family: 'chat',
      id: 'chatcmpl-ABfw4IfQfCCrcuybFm41wJyxjbkz7',
      status: 'completed',
      text: '',
      usage: { input_tokens: 79, output_tokens: 11, total_tokens: 90 },
      items: [{ type: 'message', choice: 0, finishReason: 'stop', refusal: "I'm sorry, I can't assist with that request." }],
    });
  });

  test('check is clean, even under --strict', async () => {
    expect((await runCli(['check', '--strict', REFUSAL])).code).toBe(0);
  });
});
