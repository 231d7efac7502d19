import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { inspectJson, runCli } from '../support/fake-io.js';
import { FAMILIES, sampleBytes } from './support.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-families-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CHAT = `${FAMILIES}/chat-text-tool-call.sse`;
const IMAGES = `${FAMILIES}/images-generation.sse`;

/** The chat capture's blocks: each `data:` line with its blank line. */
function blocks(text: string): string[] {
  return text.split(/(?<=\n\n)/);
}

describe('issue 8, done when: a Chat Completions capture with text, a two-part tool call, a usage chunk and [DONE]', () => {
  test('the capture holds what the issue names: text deltas, a tool call in two argument parts, a usage chunk, [DONE]', () => {
    const text = sampleBytes('chat-text-tool-call.sse').toString('utf8');
    const payloads = blocks(text).map((b) => b.replace(/^data: /, '').trim());
    expect(payloads.at(-1)).toBe('[DONE]');
    const chunks = payloads.slice(0, -1).map((p) => JSON.parse(p) as { choices: { delta: { tool_calls?: { function: { arguments?: string } }[] }; finish_reason: string | null }[]; usage: unknown });
    const argumentParts = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? [])).map((t) => t.function.arguments).filter((a) => a !== undefined && a !== '');
    expect(argumentParts).toHaveLength(2);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).not.toBeNull();
  });

  test('replays with the exact text, then the tool call with its name and joined arguments; exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['replay', CHAT, '--no-images']);
    expect(code).toBe(0);
    expect(stdout).toBe('Let me look up the weather in Oslo.\n[function call get_weather]\n{"city":"Oslo", "unit":"celsius"}\n');
    expect(stderr).toMatch(/^respcat: completed · gpt-4o-2024-08-06 · 84 in \(0 cached\) \/ 31 out \(0 reasoning\) tokens · [\d.]+s\n$/);
  });

  test('inspects as family chat, status completed, with the usage and the tool call', async () => {
    const { code, report } = await inspectJson(CHAT);
    expect(code).toBe(0);
    expect(report.responses).toHaveLength(1);
    expect(report.responses[0]).toMatchObject({
      family: 'chat',
      id: 'chatcmpl-CVFk2mRq8TnX4uYb7Lw1ZsPe9HdJa',
      status: 'completed',
      finished: true,
      usage: { input_tokens: 84, output_tokens: 31, total_tokens: 115, cached_tokens: 0, reasoning_tokens: 0 },
      text: 'Let me look up the weather in Oslo.',
      items: [
        { type: 'message', status: 'completed', choice: 0, finishReason: 'tool_calls', text: 'Let me look up the weather in Oslo.' },
        { type: 'function_call', status: 'completed', choice: 0, name: 'get_weather', callId: 'call_7Hq2VbN0sKd4Lx9RmT1cYe3W', arguments: '{"city":"Oslo", "unit":"celsius"}' },
      ],
    });
    expect(report.diagnostics).toEqual([]);
  });

  test('checks clean: no finding, exit 0, in every format and under --strict', async () => {
    for (const format of ['text', 'json', 'junit', 'github']) {
      const { code, stdout } = await runCli(['check', '--strict', '--format', format, CHAT]);
      expect(code, format).toBe(0);
      if (format === 'json') expect(JSON.parse(stdout)).toMatchObject({ errors: 0, warnings: 0, files: [{ errors: 0, warnings: 0, diagnostics: [] }] });
      if (format === 'junit') expect(stdout).not.toContain('<failure');
      if (format === 'github') expect(stdout).not.toContain('::error');
    }
  });
});

describe('issue 8, done when: the same capture without its finish_reason and usage chunks and without [DONE] is cut off', () => {
  // Made from the whole capture here, and kept as a sample too: the two must agree byte for byte.
  const whole = sampleBytes('chat-text-tool-call.sse').toString('utf8');
  const cut = blocks(whole).slice(0, -3).join('');
  const path = join(work, 'cut.sse');
  writeFileSync(path, cut);

  test('the sample is exactly the whole capture less its last two chunks and [DONE]', () => {
    expect(sampleBytes('chat-text-tool-call-cut-off.sse').toString('utf8')).toBe(cut);
    expect(cut).not.toContain('finish_reason":"tool_calls"');
    expect(cut).not.toContain('[DONE]');
  });

  test('replay prints what came, says it was cut off, exits 1', async () => {
    const { code, stdout, stderr } = await runCli(['replay', path, '--no-images']);
    expect(code).toBe(1);
    expect(stdout).toBe('Let me look up the weather in Oslo.\n[function call get_weather]\n{"city":"Oslo", "unit":"celsius"}\n');
    expect(stderr).toContain(`${path}:14: error: Response chatcmpl-CVFk2mRq8TnX4uYb7Lw1ZsPe9HdJa never finished: the input ends before a finish_reason on every choice or [DONE] [missing-terminal-event]`);
    expect(stderr).toMatch(/respcat: in_progress, cut off · gpt-4o-2024-08-06 · [\d.]+s\n$/);
  });

  test('inspect reports it unfinished with the missing-terminal-event, exits 1', async () => {
    const { code, report } = await inspectJson(path);
    expect(code).toBe(1);
    expect(report.responses[0]).toMatchObject({ family: 'chat', status: 'in_progress', finished: false, usage: null });
    expect(report.diagnostics).toEqual([expect.objectContaining({ code: 'missing-terminal-event', severity: 'error', line: 14 })]);
    const text = await runCli(['inspect', path]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('status     in_progress, cut off (no terminal event)');
  });

  test('check finds exactly missing-terminal-event at the last line, exits 1', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'json', path]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { files: { diagnostics: { code: string; line: number }[] }[] };
    expect(report.files[0]?.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['missing-terminal-event@14']);
  });
});

describe('issue 8, done when: an Images API capture with two partials and a completed event', () => {
  /** The base64 of each event in the capture, in order. */
  const b64 = sampleBytes('images-generation.sse')
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => (JSON.parse(line.slice('data: '.length)) as { b64_json: string }).b64_json);

  test('writes image-1.partial-0.png, image-1.partial-1.png and image-1.png, byte-identical to the capture', async () => {
    const dir = join(work, 'images');
    const { code, stdout, stderr } = await runCli(['replay', IMAGES, '--out-dir', dir]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['image-1.partial-0.png', 'image-1.partial-1.png', 'image-1.png']);
    expect(b64).toHaveLength(3);
    const names = ['image-1.partial-0.png', 'image-1.partial-1.png', 'image-1.png'];
    names.forEach((name, i) => expect(readFileSync(join(dir, name)).equals(Buffer.from(b64[i] ?? '', 'base64')), name).toBe(true));
    // Three different images, so a mix-up of names would show.
    expect(new Set(b64).size).toBe(3);
    for (const name of names) expect(stderr).toContain(`saved ${join(dir, name)}`);
    expect(stderr).toMatch(/respcat: completed · 20 in \(0 cached\) \/ 1056 out \(0 reasoning\) tokens · 3 images → /);
  });

  test('inspects as family images, completed, with the usage and each image valid and as declared', async () => {
    const { code, report } = await inspectJson(IMAGES);
    expect(code).toBe(0);
    expect(report.responses).toHaveLength(1);
    const [response] = report.responses;
    expect(response).toMatchObject({
      family: 'images',
      id: 'image-1',
      status: 'completed',
      finished: true,
      usage: { input_tokens: 20, output_tokens: 1056, total_tokens: 1076, cached_tokens: 0, reasoning_tokens: 0 },
      items: [{ type: 'image', status: 'completed', outputIndex: null, ended: 'image_generation.completed', partialImages: 2, finalImage: true, size: '1024x1024', outputFormat: 'png' }],
    });
    expect(response?.images.map((i) => [i.kind, i.index, i.format, i.width, i.height, i.valid, i.declaredFormat, i.declaredSize])).toEqual([
      ['partial', 0, 'png', 1024, 1024, true, 'png', '1024x1024'],
      ['partial', 1, 'png', 1024, 1024, true, 'png', '1024x1024'],
      ['final', null, 'png', 1024, 1024, true, 'png', '1024x1024'],
    ]);
    expect(report.diagnostics).toEqual([]);
  });

  test('checks clean', async () => {
    const { code } = await runCli(['check', '--strict', IMAGES]);
    expect(code).toBe(0);
  });

  test('--no-images writes nothing', async () => {
    const dir = join(work, 'none');
    const { code } = await runCli(['replay', IMAGES, '--no-images', '--out-dir', dir]);
    expect(code).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });
});
