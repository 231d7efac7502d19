import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { runCli } from '../support/fake-io.js';
import { listCorpus } from '../support/samples.js';

/**
 * The findings of each real capture (`code@line`, all of them; where `unknownEvents` is given, that many
 * `unknown-event` infos are counted instead of listed), and the exit code without and with --strict.
 */
const EXPECTED: Readonly<
  Record<string, { readonly findings: readonly string[]; readonly unknownEvents?: number; readonly exit: number; readonly strictExit: number }>
> = {
  'bedrock-mantle-data-before-event.sse': { findings: [], exit: 0, strictExit: 0 },
  'dd-incomplete-max-output-tokens.sse': { findings: ['response-incomplete@71'], exit: 1, strictExit: 1 },
  'openai-python-chat-completions-refusal.sse': { findings: [], exit: 0, strictExit: 0 },
  'prism-error-rate-limit-then-failed.sse': { findings: ['error-event@8', 'response-failed@11'], exit: 1, strictExit: 1 },
  'pydantic-ai-anthropic-thinking-signature.sse': { findings: [], exit: 0, strictExit: 0 },
  'pydantic-ai-anthropic-web-search-citations.sse': { findings: [], exit: 0, strictExit: 0 },
  'pydantic-ai-deepseek-reasoning-content.sse': { findings: [], exit: 0, strictExit: 0 },
  // Read since issue 17 (the Gemini family): three chunks, the last with finishReason STOP.
  'pydantic-ai-gemini-stream.sse': { findings: [], exit: 0, strictExit: 0 },
  // Issue 16: the usage chunk after finish_reason is the same response's, not a phantom second one.
  'pydantic-ai-openrouter-chat-reasoning.sse': { findings: [], exit: 0, strictExit: 0 },
  'pydantic-background-queued.sse': { findings: [], exit: 0, strictExit: 0 },
  'pydantic-file-search-file-citation.sse': { findings: [], exit: 0, strictExit: 0 },
  'pydantic-function-call-no-sequence-number-2025-03.sse': { findings: [], exit: 0, strictExit: 0 },
  // Reasoning items' encrypted_content differs between output_item.done and response.completed: not a mismatch.
  'pydantic-mcp-list-tools-and-call.sse': { findings: [], exit: 0, strictExit: 0 },
  'pydantic-reasoning-summary-code-interpreter.sse': { findings: [], exit: 0, strictExit: 0 },
  'pydantic-web-search-url-citation.sse': { findings: [], exit: 0, strictExit: 0 },
  'vercel-apply-patch-undocumented-events.sse': { findings: [], exit: 0, strictExit: 0 },
  // Issue 16: Azure's prompt_filter_results chunk (`object: ""`) is a chunk, not a missing-type error.
  'vercel-azure-chat-prompt-filter.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'vercel-azure-image-gen-no-completed-event.sse': { findings: ['image-size-mismatch@6', 'image-size-mismatch@7'], exit: 0, strictExit: 1 },
  'vercel-custom-tool-input-trimmed.sse': { findings: ['sequence-gap@2', 'sequence-gap@27'], exit: 1, strictExit: 1 },
  'vercel-error-insufficient-quota.sse': { findings: ['error-event@3', 'response-failed@4'], exit: 1, strictExit: 1 },
  'vercel-image-gen-webp-truncated-b64.sse': { findings: ['invalid-image@8', 'invalid-image@10'], exit: 1, strictExit: 1 },
  'vercel-openai-shell-tool-two-responses.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'vercel-openai-web-search-tool.jsonl': { findings: [], exit: 0, strictExit: 0 },
  'vercel-reasoning-summary-function-calls-4-responses.sse': { findings: [], exit: 0, strictExit: 0 },
};

describe.runIf(listCorpus().length > 0)('respcat check over the real captures', () => {
  test.each(listCorpus().map((path) => [basename(path), path] as const))('%s', async (name, path) => {
    const expected = EXPECTED[name];
    expect(expected, `${name} needs its line in the table`).toBeDefined();
    if (expected === undefined) return;
    const result = await checkInput({ kind: 'file', path });
    expect(result.inputError).toBeNull();
    const found = result.diagnostics.map((d) => `${d.code}@${d.position.line}`);
    const unknown = found.filter((f) => f.startsWith('unknown-event@'));
    expect(expected.unknownEvents === undefined ? found : found.filter((f) => !unknown.includes(f))).toEqual(expected.findings);
    if (expected.unknownEvents !== undefined) expect(unknown).toHaveLength(expected.unknownEvents);
    expect((await runCli(['check', '-q', path])).code).toBe(expected.exit);
    expect((await runCli(['check', '-q', '--strict', path])).code).toBe(expected.strictExit);
  });

  test('the table covers every capture', () => {
    expect(listCorpus().map((p) => basename(p)).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test('the whole corpus in one run: one report, exit 1, every file in it', async () => {
    const { code, stdout, stderr } = await runCli(['check', '--format', 'json', ...listCorpus()]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as { files: { file: string }[]; errors: number; warnings: number };
    expect(report.files.map((f) => f.file)).toEqual(listCorpus());
    expect([report.errors, report.warnings]).toEqual([9, 2]);
  });

  test('the invalid-image messages say why: the base64 was cut with "..." upstream', async () => {
    const path = listCorpus().find((p) => basename(p) === 'vercel-image-gen-webp-truncated-b64.sse');
    expect(path).toBeDefined();
    const result = await checkInput({ kind: 'file', path: path as string });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^The partial 0 of ig_\w+ is not valid base64 \(\d+ characters\); its decodable bytes were kept$/),
      expect.stringMatching(/^The final image of ig_\w+ is not valid base64 \(\d+ characters\); its decodable bytes were kept$/),
    ]);
  });
});
