import { describe, expect, test } from 'vitest';
import type { InspectReport } from '../../src/render/inspect-data.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { chatStream, FAMILIES, imageEvent, jsonLines } from './support.js';

describe('inspect reports the family of every response (docs/spec.md §8)', () => {
  test('--json: a capture mixing the four families has one response of each, in order', async () => {
    const { code, report } = await inspectJson(`${FAMILIES}/mixed-families.sse`);
    expect(code).toBe(0);
    expect(report.responses.map((r) => [r.family, r.id, r.status, r.text, r.usage?.total_tokens])).toEqual([
      ['responses', 'resp_0c4e8a1f2b3d5c6e0068f9a1b2c3d4e5f60718293a4b5c6d', 'completed', 'Hello from Responses.', 16],
      ['chat', 'chatcmpl-CVFu7MbX2qWz9LrT5Yc3VdNe6KpJa', 'completed', 'Hello from Chat Completions.', 15],
      ['images', 'image-1', 'completed', '', 208],
      ['gemini', 'resp-mixed-gemini-1', 'completed', 'Hello from Gemini.', 9],
    ]);
    expect(report.eventTypes).toMatchObject({ 'chat.completion.chunk': 4, 'image_generation.partial_image': 1, 'image_generation.completed': 1, 'response.completed': 1 });
  });

  test('text: every response of a mixed capture is labelled with its family; a one-family capture labels chat and images only', async () => {
    const mixed = await runCli(['inspect', `${FAMILIES}/mixed-families.sse`]);
    expect(mixed.stdout).toMatch(/response 1 of 4 \(Responses API\): resp_\w+ line 2\n/);
    expect(mixed.stdout).toMatch(/response 2 of 4 \(Chat Completions\): chatcmpl-\w+ line 28\n/);
    expect(mixed.stdout).toMatch(/response 3 of 4 \(Images API\): image-1 line 39\n/);
    expect(mixed.stdout).toMatch(/response 4 of 4 \(Gemini\): resp-mixed-gemini-1 line 44\n/);
    expect((await runCli(['inspect', `${FAMILIES}/chat-refusal.sse`])).stdout).toContain('response 1 of 1 (Chat Completions): ');
    expect((await runCli(['inspect', `${FAMILIES}/images-edit-webp.sse`])).stdout).toContain('response 1 of 1 (Images API): image-1');
    expect((await runCli(['inspect', 'samples/kinds/refusal.sse'])).stdout).not.toContain('(Responses API)');
  });

  test('several inputs: an array, each response with its family', async () => {
    const { code, report } = await runCli(['inspect', '--json', `${FAMILIES}/chat-two-choices.sse`, `${FAMILIES}/images-generation.sse`]).then((r) => ({
      code: r.code,
      report: JSON.parse(r.stdout) as InspectReport[],
    }));
    expect(code).toBe(0);
    expect(report.map((r) => r.responses.map((x) => x.family))).toEqual([['chat'], ['images']]);
  });
});

describe('inspect of chat streams', () => {
  test('choices are items with their choice, role and finish_reason; no output index', async () => {
    const { report } = await inspectJson(`${FAMILIES}/chat-two-choices.sse`);
    expect(report.responses[0]?.items).toEqual([
      {
        id: 'chatcmpl-CVFm9aLp3XwQ7rTz1Vb5NcYe8KdHu',
        type: 'message',
        status: 'completed',
        outputIndex: null,
        ended: 'finish_reason',
        choice: 0,
        finishReason: 'stop',
        role: 'assistant',
        text: 'Paris is the capital of France.',
      },
      {
        id: 'chatcmpl-CVFm9aLp3XwQ7rTz1Vb5NcYe8KdHu',
        type: 'message',
        status: 'completed',
        outputIndex: null,
        ended: 'finish_reason',
        choice: 1,
        finishReason: 'stop',
        role: 'assistant',
        text: 'The capital of France is Paris.',
      },
    ]);
    // `text` is the first choice's answer, not the two run together.
    expect(report.responses[0]?.text).toBe('Paris is the capital of France.');
  });

  test('a length finish: incomplete with its reason, exit 1', async () => {
    const { code, report } = await inspectJson(`${FAMILIES}/chat-finish-length.jsonl`);
    expect(code).toBe(1);
    expect(report.responses[0]).toMatchObject({ status: 'incomplete', finished: true, incompleteReason: 'length', items: [{ status: 'incomplete', finishReason: 'length' }] });
  });

  test('a mid-stream error: failed with the error, exit 1', async () => {
    const { code, report } = await inspectJson(`${FAMILIES}/chat-error-mid-stream.sse`);
    expect(code).toBe(1);
    expect(report.responses[0]).toMatchObject({
      family: 'chat',
      status: 'failed',
      finished: true,
      error: { code: 'server_error', message: 'Selected model is at capacity. Please try a different model.' },
      items: [{ type: 'message', status: 'incomplete', ended: null, text: 'Here is a long' }],
    });
  });

  test('parallel tool calls: both, in index order, with the reasoning model usage', async () => {
    const { report } = await inspectJson(`${FAMILIES}/chat-parallel-tool-calls.sse`);
    const [response] = report.responses;
    expect(response?.usage).toEqual({ input_tokens: 1210, output_tokens: 214, total_tokens: 1424, cached_tokens: 1024, reasoning_tokens: 128 });
    expect(response?.items.map((i) => [i.type, i.name ?? null, i.arguments ?? null, i.callId ?? null])).toEqual([
      ['message', null, null, null],
      ['function_call', 'get_weather', '{"city":"Oslo"}', 'call_Qm4ZtR8vLp2XbN6cWy1DkE9s'],
      ['function_call', 'get_time', '{"timezone":"Europe/Oslo"}', 'call_Hn7WcK3xTq9LmZ2bVr5YsD8p'],
    ]);
  });

  test('stdin: a chat log piped in', async () => {
    const c = chatStream('chatcmpl-pipe');
    const { code, stdout } = await runCli(['inspect', '--json', '-'], { stdin: jsonLines([c.chunk([c.choice(0, { content: 'ok' }, 'stop')])]) });
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as InspectReport).responses[0]).toMatchObject({ family: 'chat', status: 'completed', text: 'ok' });
  });
});

describe('inspect of Images API streams', () => {
  test('the image item: partials, final, declared size and format; no output index', async () => {
    const { report } = await inspectJson(`${FAMILIES}/images-two-streams.jsonl`);
    expect(report.responses.map((r) => r.items)).toEqual([
      [{ id: 'image-1', type: 'image', status: 'completed', outputIndex: null, ended: 'image_generation.completed', partialImages: 1, finalImage: true, size: '1024x1024', outputFormat: 'png' }],
      [{ id: 'image-2', type: 'image', status: 'completed', outputIndex: null, ended: 'image_edit.completed', partialImages: 0, finalImage: true, size: '1024x1024', outputFormat: 'png' }],
    ]);
  });

  test('a cut-off stream: generating, unfinished, exit 1', async () => {
    const { code, report } = await inspectJson(`${FAMILIES}/images-cut-off.sse`);
    expect(code).toBe(1);
    expect(report.responses[0]).toMatchObject({ family: 'images', status: 'in_progress', finished: false, items: [{ status: 'generating', partialImages: 2, finalImage: false }] });
  });

  test('base64 is never printed', async () => {
    const capture = jsonLines([imageEvent('image_generation.completed')]);
    for (const argv of [['inspect', '-'], ['inspect', '--json', '-']]) {
      const { stdout } = await runCli(argv, { stdin: capture });
      expect(stdout).not.toContain('iVBORw0KGgo');
    }
  });
});
