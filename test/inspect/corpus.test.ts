import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { inspectJson, runCli } from '../support/fake-io.js';
import { listCorpus } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-inspect-corpus-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Per response: status, item types in output order, usage as [input, output, total, cached, reasoning] (null: none). */
type Facts = [status: string, items: string[], usage: [number, number, number, number, number] | null];

/** Key facts of each real capture (../shared/corpus/SOURCES.md says where each comes from). */
const CORPUS: Record<string, { exit: number; family?: string; responses: Facts[] }> = {
  'bedrock-mantle-data-before-event.sse': { exit: 0, responses: [['completed', ['function_call'], [88, 14, 102, 0, 0]]] },
  'dd-incomplete-max-output-tokens.sse': { exit: 1, responses: [['incomplete', ['message'], [0, 0, 0, 0, 0]]] },
  'openai-python-chat-completions-refusal.sse': { exit: 0, family: 'chat', responses: [['completed', ['message'], [79, 11, 90, 0, 0]]] },
  'prism-error-rate-limit-then-failed.sse': { exit: 1, responses: [['failed', [], null]] },
  'pydantic-ai-anthropic-thinking-signature.sse': { exit: 0, family: 'anthropic', responses: [['completed', ['reasoning', 'message'], [43, 282, 325, 0, 0]]] },
  // The message_delta's cumulative usage (31772 input tokens with the searches) replaces message_start's 2050.
  'pydantic-ai-anthropic-web-search-citations.sse': {
    exit: 0,
    family: 'anthropic',
    responses: [['completed', ['server_tool_use', 'web_search_tool_result', 'message', 'server_tool_use', 'web_search_tool_result'], [31772, 644, 32416, 0, 0]]],
  },
  // DeepSeek's reasoning_content is the choice's reasoning item, before its message (issue 16).
  'pydantic-ai-deepseek-reasoning-content.sse': { exit: 0, family: 'chat', responses: [['completed', ['reasoning', 'message'], [6, 212, 218, 0, 198]]] },
  // usageMetadata is cumulative: the last chunk's counts (its promptTokenCount is 13, the earlier chunks' 15).
  'pydantic-ai-gemini-stream.sse': { exit: 0, family: 'gemini', responses: [['completed', ['message'], [13, 8, 21, 0, 0]]] },
  // Issue 16: the usage chunk after finish_reason belongs to the same response; the encrypted reasoning is an item.
  'pydantic-ai-openrouter-chat-reasoning.sse': { exit: 0, family: 'chat', responses: [['completed', ['reasoning', 'message'], [9, 104, 113, 0, 0]]] },
  'pydantic-background-queued.sse': { exit: 0, responses: [['completed', ['message'], [15, 9, 24, 0, 0]]] },
  'pydantic-file-search-file-citation.sse': { exit: 0, responses: [['completed', ['file_search_call', 'message'], [1177, 37, 1214, 0, 0]]] },
  'pydantic-function-call-no-sequence-number-2025-03.sse': { exit: 0, responses: [['completed', ['function_call'], [255, 16, 271, 0, 0]]] },
  'pydantic-mcp-list-tools-and-call.sse': {
    exit: 0,
    responses: [['completed', ['mcp_list_tools', 'reasoning', 'mcp_call', 'reasoning', 'message'], [1401, 480, 1881, 0, 256]]],
  },
  'pydantic-reasoning-summary-code-interpreter.sse': {
    exit: 0,
    responses: [['completed', ['reasoning', 'code_interpreter_call', 'code_interpreter_call', 'code_interpreter_call', 'message'], [3727, 347, 4074, 3200, 128]]],
  },
  'pydantic-web-search-url-citation.sse': { exit: 0, responses: [['completed', ['web_search_call', 'web_search_call', 'message'], [12243, 140, 12383, 0, 100]]] },
  'vercel-apply-patch-undocumented-events.sse': { exit: 0, responses: [['completed', ['apply_patch_call'], [642, 67, 709, 0, 0]]] },
  // Issue 16: Azure's prompt_filter_results chunk (`object: ""`, `choices: []`) is a chunk of the stream.
  'vercel-azure-chat-prompt-filter.jsonl': { exit: 0, family: 'chat', responses: [['completed', ['message'], [15, 78, 93, 0, 64]]] },
  'vercel-azure-image-gen-no-completed-event.sse': { exit: 0, responses: [['completed', ['image_generation_call', 'message'], [1979, 67, 2046, 0, 0]]] },
  'vercel-custom-tool-input-trimmed.sse': { exit: 0, responses: [['completed', ['custom_tool_call'], [93, 51, 144, 0, 0]]] },
  'vercel-error-insufficient-quota.sse': { exit: 1, responses: [['failed', [], null]] },
  'vercel-image-gen-webp-truncated-b64.sse': {
    exit: 0,
    responses: [['completed', ['reasoning', 'image_generation_call', 'message'], [2941, 1249, 4190, 1920, 1024]]],
  },
  'vercel-openai-shell-tool-two-responses.jsonl': {
    exit: 0,
    responses: [
      ['completed', ['shell_call'], [145, 41, 186, 0, 0]],
      ['completed', ['message'], [331, 166, 497, 0, 0]],
    ],
  },
  'vercel-openai-web-search-tool.jsonl': {
    exit: 0,
    responses: [
      [
        'completed',
        ['reasoning', 'web_search_call', 'reasoning', 'web_search_call', 'reasoning', 'web_search_call', 'reasoning', 'web_search_call', 'reasoning', 'web_search_call', 'reasoning', 'web_search_call', 'reasoning', 'message'],
        [31073, 4416, 35489, 3712, 3712],
      ],
    ],
  },
  'vercel-reasoning-summary-function-calls-4-responses.sse': {
    exit: 0,
    responses: [
      ['completed', ['reasoning', 'function_call'], [134, 28, 162, 0, 0]],
      ['completed', ['function_call'], [221, 26, 247, 0, 0]],
      ['completed', ['function_call'], [260, 26, 286, 0, 0]],
      ['completed', ['message'], [299, 12, 311, 0, 0]],
    ],
  },
};

const corpus = listCorpus();
const byName = (name: string): string => {
  const path = corpus.find((p) => basename(p) === name);
  expect(path, `${name} in the corpus`).toBeDefined();
  return path as string;
};

describe.runIf(corpus.length > 0)('every real capture replays and inspects with exit 0 or 1 and no stack trace', () => {
  test.each(corpus)('%s', async (path) => {
    for (const argv of [['inspect', path], ['inspect', '--json', path], ['replay', path, '--out-dir', join(work, basename(path))]]) {
      const { code, stderr } = await runCli(argv);
      expect([0, 1], argv.join(' ')).toContain(code);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  test('the table below covers every capture', () => {
    expect(corpus.map((p) => basename(p)).sort()).toEqual(Object.keys(CORPUS).sort());
  });
});

describe.runIf(corpus.length > 0)('inspect --json: key facts of every real capture', () => {
  test.each(Object.entries(CORPUS))('%s', async (name, expected) => {
    const { code, report } = await inspectJson(byName(name));
    expect(code).toBe(expected.exit);
    const facts = report.responses.map((r): Facts => [
      r.status,
      r.items.map((i) => i.type),
      r.usage === null ? null : [r.usage.input_tokens, r.usage.output_tokens, r.usage.total_tokens, r.usage.cached_tokens, r.usage.reasoning_tokens],
    ]);
    expect(facts).toEqual(expected.responses);
    for (const response of report.responses) expect(response.family).toBe(expected.family ?? 'responses');
  });
});

describe.runIf(corpus.length > 0)('what the captures exercise', () => {
  test('four responses in one input inspect as four responses, each with its id and its calls', async () => {
    const { report } = await inspectJson(byName('vercel-reasoning-summary-function-calls-4-responses.sse'));
    expect(report.responses).toHaveLength(4);
    expect(new Set(report.responses.map((r) => r.id)).size).toBe(4);
    const calls = report.responses.flatMap((r) => r.items.filter((i) => i.type === 'function_call').map((i) => `${i.name ?? ''} ${i.arguments ?? ''}`));
    expect(calls).toEqual(['calculator {"a":12,"b":7,"op":"add"}', 'calculator {"a":19,"b":3,"op":"multiply"}', 'calculator {"a":57,"b":10,"op":"multiply"}']);
    expect(report.responses[0]?.items[0]?.summary?.[0]).toMatch(/^\*\*Calculating step-by-step using calculator\*\*/);
    expect(report.responses[3]?.text).toBe('The final result is **570**.');
  });

  test('Azure: the image item never gets .completed, yet ends at output_item.done with a valid final image', async () => {
    const { report } = await inspectJson(byName('vercel-azure-image-gen-no-completed-event.sse'));
    const [image] = report.responses[0]?.items ?? [];
    expect(image).toMatchObject({ type: 'image_generation_call', status: 'generating', ended: 'output_item.done', partialImages: 1, finalImage: true });
    expect(report.responses[0]?.images.map((i) => [i.kind, i.format, i.width, i.height, i.valid])).toEqual([
      ['partial', 'png', 1, 1, true],
      ['final', 'png', 1, 1, true],
    ]);
  });

  test('Gemini (alt=sse, CRLF): the exact text, its id, model and finish reason; replay prints the same text', async () => {
    const path = byName('pydantic-ai-gemini-stream.sse');
    const { report } = await inspectJson(path);
    expect(report.responses[0]).toMatchObject({ id: 'w1peaMz6INOvnvgPgYfPiQY', model: 'gemini-2.0-flash-exp', text: 'The capital of France is Paris.\n', finished: true });
    expect(report.responses[0]?.items[0]).toMatchObject({ type: 'message', role: 'model', finishReason: 'STOP', ended: 'finishReason' });
    expect(report.diagnostics).toEqual([]);
    const replay = await runCli(['replay', path, '--out-dir', join(work, 'gemini')]);
    expect(replay.stdout).toBe('The capital of France is Paris.\n');
    expect(replay.code).toBe(0);
  });

  test('captures without sequence_number work', async () => {
    const { code, report } = await inspectJson(byName('pydantic-function-call-no-sequence-number-2025-03.sse'));
    expect(code).toBe(0);
    expect(report.responses[0]?.items[0]).toMatchObject({ name: 'get_capital', arguments: '{"country":"France"}' });
    expect(report.diagnostics).toEqual([]);
  });

  test('searches, annotations, MCP, code, custom tools and patches show their content', async () => {
    const web = (await inspectJson(byName('pydantic-web-search-url-citation.sse'))).report.responses[0];
    expect(web?.items[0]?.action).toMatchObject({ type: 'search' });
    expect(web?.items[2]?.annotations?.map((a) => a.type)).toEqual(['url_citation']);
    const file = (await inspectJson(byName('pydantic-file-search-file-citation.sse'))).report.responses[0];
    expect(file?.items[0]?.queries).toEqual(['What is the capital of France?']);
    expect(file?.items[1]?.annotations?.map((a) => a.type)).toEqual(['file_citation']);
    const mcp = (await inspectJson(byName('pydantic-mcp-list-tools-and-call.sse'))).report.responses[0];
    expect(mcp?.items[0]?.tools).toEqual(['read_wiki_structure', 'ask_question']);
    expect(mcp?.items[2]).toMatchObject({ serverLabel: 'deepwiki', name: 'ask_question', arguments: '{"repoName":"pydantic/pydantic-ai","question":"What is the pydantic/pydantic-ai repository about?"}' });
    const code = (await inspectJson(byName('pydantic-reasoning-summary-code-interpreter.sse'))).report.responses[0];
    expect(code?.items.slice(1, 4).map((i) => i.code)).toEqual(['n = pow(123456, 123)\nlen(str(n))', 'str(n)[:100], str(n)[-100:]', 'n']);
    const custom = (await inspectJson(byName('vercel-custom-tool-input-trimmed.sse'))).report.responses[0];
    expect(custom?.items[0]).toMatchObject({ name: 'setHtml', input: '<main><h1>Streaming custom tool input</h1><p>This must arrive progressively.</p></main>' });
    const patch = (await inspectJson(byName('vercel-apply-patch-undocumented-events.sse'))).report.responses[0];
    expect(patch?.items[0]).toMatchObject({ operation: { type: 'create_file', path: 'shopping-checklist.md' } });
    expect(patch?.items[0]?.diff).toMatch(/^\+## Shopping Checklist\n/);
  });

  test('OpenAI-compatible chat servers: one response each, reasoning counted, no diagnostics', async () => {
    const deepseek = (await inspectJson(byName('pydantic-ai-deepseek-reasoning-content.sse'))).report;
    expect(deepseek.diagnostics).toEqual([]);
    expect(deepseek.responses[0]?.items[0]?.reasoningText).toHaveLength(882);
    expect(deepseek.responses[0]?.items[0]?.reasoningText).toMatch(/^Hmm, the user just said "Hello"\. /);
    expect(deepseek.responses[0]?.text).toBe('Hello there! 😊 How can I help you today?');
    const openrouter = (await inspectJson(byName('pydantic-ai-openrouter-chat-reasoning.sse'))).report;
    expect(openrouter.diagnostics).toEqual([]);
    expect(openrouter.responses[0]?.items[0]).toMatchObject({ type: 'reasoning', status: 'completed', encryptedContentLength: 1164 });
    expect(openrouter.responses[0]?.items[0]).not.toHaveProperty('reasoningText');
    expect(openrouter.responses[0]?.text).toMatch(/^I’m ChatGPT, a large-language-model assistant created by OpenAI\. [^]* let me know!$/);
    const azure = (await inspectJson(byName('vercel-azure-chat-prompt-filter.jsonl'))).report;
    expect(azure.diagnostics).toEqual([]);
    expect(azure.responses[0]).toMatchObject({ id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt', model: 'gpt-5-nano-2025-08-07', text: 'Capital of Denmark.' });
  });

  test('errors: both shapes are reported with the failed response', async () => {
    for (const name of ['vercel-error-insufficient-quota.sse', 'prism-error-rate-limit-then-failed.sse']) {
      const { report } = await inspectJson(byName(name));
      expect(report.diagnostics.map((d) => d.code)).toEqual(['error-event', 'response-failed']);
      expect(report.responses[0]?.error?.code).toMatch(/insufficient_quota|rate_limit_exceeded/);
    }
  });

  test('truncated base64 images are listed invalid with why, their format still sniffed', async () => {
    const { report } = await inspectJson(byName('vercel-image-gen-webp-truncated-b64.sse'));
    for (const image of report.responses[0]?.images ?? []) {
      expect(image).toMatchObject({ format: 'webp', valid: false, declaredFormat: 'webp' });
      expect(image.problem).toMatch(/^not valid base64/);
    }
    expect(report.responses[0]?.images).toHaveLength(2);
  });
});
