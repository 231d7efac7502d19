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
  ])('%s: exit %i and exact stdout', async (name, code, stdout) => {
    const path = listCorpus().find((p) => basename(p) === name);
    expect(path).toBeDefined();
    const result = await runCli(['replay', path as string, '--no-images']);
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(stdout);
  });
});
