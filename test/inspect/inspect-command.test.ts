import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import type { InspectReport } from '../../src/render/inspect-data.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-inspect-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MIXED = 'samples/kinds/mixed-reasoning-tools-refusal.sse';
const SEED = 'samples/seed-image-gen.sse';
const SEED_FRAMINGS = ['samples/seed-image-gen.sse', 'samples/seed-crlf.sse', 'samples/seed-curl-i.sse', 'samples/seed-json-lines.jsonl', 'samples/seed-lone-cr.sse', 'samples/seed-multiline-data.sse'];

function capture(name: string, events: readonly Record<string, unknown>[]): string {
  const path = join(work, name);
  writeFileSync(path, events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(''));
  return path;
}

describe('inspect --json on a capture with reasoning, a function call, a web search, an annotated message and a refusal', () => {
  test('lists the items in output order with types, names and arguments, the usage totals and the status', async () => {
    const { code, report } = await inspectJson(MIXED);
    expect(code).toBe(0);
    expect(report).toMatchObject({ schema: 'respcat.inspect/1', file: MIXED, events: 44 });
    expect(report.eventTypes['response.reasoning_summary_text.delta']).toBe(6);
    expect(report.responses).toHaveLength(1);
    const [response] = report.responses;
    expect(response).toMatchObject({
      id: 'resp_kinds_mixed_0001',
      family: 'responses',
      model: 'gpt-5-2025-08-07',
      status: 'completed',
      error: null,
      usage: { input_tokens: 812, output_tokens: 296, total_tokens: 1108, cached_tokens: 512, reasoning_tokens: 128 },
      text: 'Expect 24 °C and sun in Lisbon; the Fado festival runs Saturday ([visitlisboa.com](https://www.visitlisboa.com/en/events)).',
    });
    expect(response?.items.map((i) => ({ id: i.id, type: i.type, status: i.status, outputIndex: i.outputIndex, name: i.name, arguments: i.arguments }))).toEqual([
      { id: 'rs_mixed_0001', type: 'reasoning', status: null, outputIndex: 0, name: undefined, arguments: undefined },
      { id: 'fc_mixed_0001', type: 'function_call', status: 'completed', outputIndex: 1, name: 'get_weather', arguments: '{"city":"Lisbon","unit":"celsius"}' },
      { id: 'ws_mixed_0001', type: 'web_search_call', status: 'completed', outputIndex: 2, name: undefined, arguments: undefined },
      { id: 'msg_mixed_0001', type: 'message', status: 'completed', outputIndex: 3, name: undefined, arguments: undefined },
      { id: 'msg_mixed_0002', type: 'message', status: 'completed', outputIndex: 4, name: undefined, arguments: undefined },
    ]);
    expect(response?.items[0]?.summary).toEqual(['**Planning the trip answer**\n\nI should check the weather in Lisbon and look up events this weekend.', 'The request for a fake ticket must be declined.']);
    expect(response?.items[2]?.action).toEqual({ type: 'search', query: 'Lisbon events this weekend', queries: ['Lisbon events this weekend'] });
    expect(response?.items[3]?.annotations).toEqual([{ type: 'url_citation', start_index: 40, end_index: 83, title: 'Events in Lisbon | Visit Lisboa', url: 'https://www.visitlisboa.com/en/events' }]);
    expect(response?.items[4]?.refusal).toBe("I can't help with making a fake ticket.");
    expect(report.diagnostics).toEqual([]);
  });

  test('the text report says the same in lines', async () => {
    const { code, stdout } = await runCli(['inspect', MIXED]);
    expect(code).toBe(0);
    expect(stdout).toContain('    usage      812 in (512 cached) · 296 out (128 reasoning) · 1108 total\n');
    expect(stdout).toMatch(/ 1 {2}function_call {2}completed {2}fc_mixed_0001\n\s+get_weather · arguments \{"city":"Lisbon","unit":"celsius"\}/);
    expect(stdout).toMatch(/web_search_call[^\n]*\n\s+search "Lisbon events this weekend" · 1 source\n/);
    expect(stdout).toMatch(/msg_mixed_0002\n\s+no text · refusal "I can't help with making a fake ticket\."\n/);
  });
});

describe('the seed', () => {
  test('lists three images: partial 0 invalid (format gif), partial 1 and the final 1×1 PNG valid', async () => {
    const { code, report } = await inspectJson(SEED);
    expect(code).toBe(0);
    const images = report.responses[0]?.images ?? [];
    expect(images.map(({ kind, index, format, width, height, bytes, valid, declaredFormat, declaredSize, from }) => ({ kind, index, format, width, height, bytes, valid, declaredFormat, declaredSize, from }))).toEqual([
      { kind: 'partial', index: 0, format: 'gif', width: 1, height: 1, bytes: 14, valid: false, declaredFormat: 'png', declaredSize: '1024x1024', from: 'partial_image' },
      { kind: 'partial', index: 1, format: 'png', width: 1, height: 1, bytes: 68, valid: true, declaredFormat: 'png', declaredSize: '1024x1024', from: 'partial_image' },
      { kind: 'final', index: null, format: 'png', width: 1, height: 1, bytes: 68, valid: true, declaredFormat: 'png', declaredSize: '1024x1024', from: 'terminal-response' },
    ]);
    expect(images[0]?.problem).toMatch(/GIF/);
    expect(images[2]?.problem).toBeNull();
    expect(report.diagnostics.map((d) => `${d.line}:${d.code}`)).toContain('9:output-mismatch');
  });

  test('the text report lists the three images with formats, sizes and validity', async () => {
    const { stdout } = await runCli(['inspect', SEED]);
    expect(stdout).toContain('    images     3\n');
    expect(stdout).toMatch(/partial 0 {2}GIF 1×1 {2}14 B {2}invalid: [^\n]*\(line 6, declared 1024x1024 png\)\n/);
    expect(stdout).toMatch(/partial 1 {2}PNG 1×1 {2}68 B {2}valid {2}\(line 7, declared 1024x1024 png\)\n/);
    expect(stdout).toMatch(/final {6}PNG 1×1 {2}68 B {2}valid {2}\(line 35, from the terminal response, declared 1024x1024 png\)\n/);
  });

  test('base64 is never printed', async () => {
    const seed = readFileSync(join(ROOT, SEED), 'utf8');
    const b64 = [...seed.matchAll(/"(?:partial_image_b64|result)":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(b64.length).toBeGreaterThanOrEqual(3);
    for (const argv of [['inspect', SEED], ['inspect', '--json', SEED]]) {
      const { stdout } = await runCli(argv);
      for (const value of b64) expect(stdout).not.toContain(value.slice(0, 16));
    }
  });

  test.each([
    ['samples/seed-image-gen.sse', 'data: lines with no blank line between events · LF · 35 lines · 9.9 kB'],
    ['samples/seed-crlf.sse', 'SSE event:/data: blocks · CRLF · 105 lines · 11.3 kB'],
    ['samples/seed-curl-i.sse', 'curl -i preamble (HTTP 200) + SSE event:/data: blocks · mixed line ends (LF 133, CRLF 4) · 4 comment lines · 19 id:/retry: lines · 137 lines · 11.5 kB'],
    ['samples/seed-json-lines.jsonl', 'JSON lines · LF · 35 lines · 9.7 kB'],
    ['samples/seed-lone-cr.sse', 'SSE data: blocks · CR · UTF-8 BOM · [DONE] ×1 · 71 lines · 9.9 kB'],
    ['samples/seed-multiline-data.sse', 'SSE event:/data: blocks, multi-line data · LF · 403 lines · 13.3 kB'],
  ])('%s: the framing found', async (sample, description) => {
    const { report } = await inspectJson(sample);
    expect(report.framing.description).toBe(description);
  });

  test('every framing of the seed gives the same responses, items and images', async () => {
    const { report: seed } = await inspectJson(SEED);
    for (const sample of SEED_FRAMINGS) {
      const { report } = await inspectJson(sample);
      expect(report.events, sample).toBe(35);
      expect(report.responses.map((r) => ({ ...r, line: 0, images: r.images.map((i) => ({ ...i, line: 0 })) })), sample).toEqual(
        seed.responses.map((r) => ({ ...r, line: 0, images: r.images.map((i) => ({ ...i, line: 0 })) })),
      );
    }
  });

  test('a gzip capture inspects like the plain one', async () => {
    const path = join(work, 'seed.sse.gz');
    writeFileSync(path, gzipSync(readFileSync(join(ROOT, SEED))));
    const { report } = await inspectJson(path);
    const { report: plain } = await inspectJson(SEED);
    expect({ ...report, file: SEED }).toEqual(plain);
  });
});

describe('inputs and output shape', () => {
  test('one input gives one object, several an array in argument order', async () => {
    const one = await runCli(['inspect', '--json', SEED]);
    expect(JSON.parse(one.stdout)).not.toBeInstanceOf(Array);
    const several = await runCli(['inspect', '--json', MIXED, SEED]);
    const reports = JSON.parse(several.stdout) as InspectReport[];
    expect(reports.map((r) => r.file)).toEqual([MIXED, SEED]);
  });

  test('several inputs in text: one report each, a blank line apart', async () => {
    const { stdout } = await runCli(['inspect', MIXED, SEED]);
    expect(stdout).toMatch(new RegExp(`^${MIXED}\n`));
    expect(stdout).toContain(`\n\n${SEED}\n`);
  });

  test('stdin: "-" and no FILE from a pipe', async () => {
    const bytes = readFileSync(join(ROOT, SEED));
    for (const argv of [['inspect', '--json', '-'], ['inspect', '--json']]) {
      const { code, stdout } = await runCli(argv, { stdin: bytes });
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toMatchObject({ file: '<stdin>', events: 35 });
    }
  });

  test('families: chat and Images API streams say so', async () => {
    expect((await inspectJson('samples/kinds/chat-completions-tool-call.sse')).report.responses[0]).toMatchObject({
      family: 'chat',
      status: 'completed',
      text: 'Let me check the weather.',
      items: [
        { type: 'message', outputIndex: null, choice: 0 },
        { type: 'function_call', name: 'get_weather', arguments: '{"city":"Oslo"}', callId: 'call_chat_0001', choice: 0 },
      ],
    });
    const images = (await inspectJson('samples/kinds/images-api-stream.sse')).report.responses[0];
    expect(images).toMatchObject({ family: 'images', status: 'completed' });
    expect(images?.images.map((i) => `${i.kind}:${i.index}:${i.format}:${i.valid}`)).toEqual(['partial:0:png:true', 'partial:1:png:true', 'final:null:png:true']);
  });
});

describe('exit codes (docs/spec.md §6)', () => {
  test.each([
    ['every response completed', [MIXED], 0],
    ['several inputs, all completed', [MIXED, SEED], 0],
    ['a failed response', ['samples/kinds/error-flat-then-failed.sse'], 1],
    ['a response cut off after an error', ['samples/kinds/error-nested-cut-off.sse'], 1],
    ['one good input and one failed', [MIXED, 'samples/kinds/error-flat-then-failed.sse'], 1],
  ])('%s: %s', async (_name, files, code) => {
    expect((await runCli(['inspect', ...files])).code).toBe(code);
    expect((await runCli(['inspect', '--json', ...files])).code).toBe(code);
  });

  test('an input that cannot be read: 3, one line naming it, the other inputs still reported', async () => {
    const missing = join(work, 'no-such-file.sse');
    const alone = await runCli(['inspect', missing]);
    expect(alone.code).toBe(3);
    expect(alone.stdout).toBe('');
    expect(alone.stderr).toMatch(new RegExp(`^respcat: ${missing}: [^\n]+\n$`));
    const mixed = await runCli(['inspect', '--json', SEED, missing]);
    expect(mixed.code).toBe(3);
    expect((JSON.parse(mixed.stdout) as InspectReport[]).map((r) => r.file)).toEqual([SEED]);
  });

  test('usage errors: 2', async () => {
    const unknown = await runCli(['inspect', '--nope', SEED]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^respcat: unknown option '--nope'/);
    const tty = await runCli(['inspect'], { stdinIsTTY: true });
    expect(tty.code).toBe(2);
    expect(tty.stderr).toMatch(/^respcat: no input: [^\n]+\n$/);
  });

  test('interrupted (Ctrl-C): 130 and no report', async () => {
    const interrupt = new AbortController();
    interrupt.abort();
    const { code, stdout } = await runCli(['inspect', SEED], { signal: interrupt.signal });
    expect(code).toBe(130);
    expect(stdout).toBe('');
  });

  test('an empty input: 1, with the empty-stream finding', async () => {
    const { code, report } = await inspectJson('-');
    expect(code).toBe(1);
    expect(report).toMatchObject({ events: 0, responses: [], diagnostics: [{ code: 'empty-stream', line: 1 }] });
  });
});

describe('terminal manners', () => {
  test('help: what it does, its options and at least two examples', async () => {
    const { code, stdout } = await runCli(['inspect', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--json');
    expect(stdout).toContain('--no-color');
    const examples = stdout.slice(stdout.indexOf('Examples:'));
    expect(examples.match(/^ {2}.*respcat inspect/gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  test('colour with --color or on a terminal; none with --no-color, NO_COLOR or in a pipe', async () => {
    const esc = /\u001b\[/;
    expect((await runCli(['inspect', '--color', SEED])).stdout).toMatch(esc);
    expect((await runCli(['inspect', SEED], { stdoutIsTTY: true, env: {} })).stdout).toMatch(esc);
    expect((await runCli(['inspect', '--no-color', SEED], { stdoutIsTTY: true, env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(esc);
    expect((await runCli(['inspect', SEED], { stdoutIsTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(esc);
    expect((await runCli(['inspect', SEED], { env: {} })).stdout).not.toMatch(esc);
  });

  test('control characters from the stream never reach the terminal raw', async () => {
    const evil = '\u001b]52;c;ZXZpbA==\u0007\u202e';
    const path = capture('evil.sse', [
      { type: 'response.created', response: { id: `resp_${evil}`, model: `m${evil}`, status: 'in_progress', output: [] } },
      { type: 'response.output_item.added', output_index: 0, item: { id: `fc_${evil}`, type: 'function_call', name: `f${evil}`, arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: `fc_${evil}`, output_index: 0, delta: `{"x":"${evil}"}` },
      { type: 'response.output_item.added', output_index: 1, item: { id: 'msg_1', type: 'message', content: [] } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 1, content_index: 0, delta: `text ${evil}` },
      { type: 'response.completed', response: { id: `resp_${evil}`, model: `m${evil}`, status: 'completed', output: [] } },
    ]);
    const { stdout } = await runCli(['inspect', path], { stdoutIsTTY: true, env: { NO_COLOR: '1' } });
    expect(stdout).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(stdout).toContain('\\x1b]52;c;ZXZpbA==');
  });
});
