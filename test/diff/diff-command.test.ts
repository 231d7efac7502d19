import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { DiffJson } from '../../src/render/diff-json.js';
import { responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';
import { SAMPLES, SEED } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-diff-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let written = 0;
/** Writes a capture to a fresh file and returns its path. */
function capture(text: string, name = `c${++written}.sse`): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}
const events = (options: Parameters<typeof responseEvents>[0]) => toDataLines(responseEvents(options));

async function diffJson(...argv: string[]): Promise<{ code: number; report: DiffJson; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['diff', '--format', 'json', ...argv]);
  return { code, report: JSON.parse(stdout) as DiffJson, stderr };
}

describe('respcat diff: what is compared', () => {
  test('ids are never a difference by default; --strict-ids compares them', async () => {
    const a = capture(events({ id: 'resp_one', text: ['Hi'] }));
    const b = capture(events({ id: 'resp_two', text: ['Hi'] }));
    expect((await diffJson(a, b)).report.equal).toBe(true);
    const strict = await diffJson('--strict-ids', a, b);
    expect(strict.code).toBe(1);
    expect(strict.report.ignored).toEqual([]);
    expect(strict.report.differences).toEqual([{ path: 'responses[0].id', kind: 'ids', change: 'changed', a: 'resp_one', b: 'resp_two', lineA: 1, lineB: 1 }]);
    // --ignore ids wins over --strict-ids.
    expect((await diffJson('--strict-ids', '--ignore', 'ids', a, b)).code).toBe(0);
  });

  test('sequence numbers, timestamps and obfuscation padding are never a difference', async () => {
    const seed = readFileSync(SEED, 'utf8');
    const shifted = seed
      .replace(/"sequence_number":(\d+)/g, (_, n: string) => `"sequence_number":${Number(n) + 1000}`)
      .replace(/"created_at":\d+/g, '"created_at":1800000000')
      .replace(/("type":"response\.output_text\.delta",)/g, '$1"obfuscation":"Zx81kQ",');
    expect(shifted).not.toBe(seed);
    expect(shifted).toContain('"obfuscation":"Zx81kQ"');
    const { code, report } = await diffJson(SEED, capture(shifted));
    expect([code, report.equal, report.differences]).toEqual([0, true, []]);
    // The same edits with one delta changed still find that delta.
    const changed = shifted.replace('"delta":" black"', '"delta":" white"');
    expect((await diffJson(SEED, capture(changed))).report.counts.text).toBe(1);
  });

  test('status, model and usage, each at its path and lines; --ignore leaves kinds out', async () => {
    const a = capture(events({ text: ['Hello'], model: 'gpt-a' }));
    const b = capture(events({ text: ['Hello'], model: 'gpt-b', terminal: 'response.incomplete' }));
    const { code, report } = await diffJson(a, b);
    expect(code).toBe(1);
    // Status at the terminal event (line 7); the incomplete stream also has a finding the complete one has not.
    expect(report.differences.map((d) => [d.path, d.kind, d.a, d.b, d.lineA, d.lineB])).toEqual([
      ['responses[0].model', 'model', 'gpt-a', 'gpt-b', 1, 1],
      ['responses[0].status', 'status', 'completed', 'incomplete', 7, 7],
      ['diagnostics["response-incomplete"]', 'diagnostics', null, 1, null, 7],
    ]);
    expect(report.counts).toEqual({ model: 1, status: 1, diagnostics: 1 });
    const ignored = await diffJson('--ignore', 'model', a, b);
    expect(ignored.report.counts).toEqual({ status: 1, diagnostics: 1 });
    expect(ignored.report.ignored).toEqual(['model', 'ids']);
  });

  test('usage differences by field', async () => {
    const a = capture(events({ text: ['Hi'] }));
    const changed = responseEvents({ text: ['Hi'] }).map((event) =>
      event.type === 'response.completed' ? { ...event, response: { ...(event.response as object), usage: { input_tokens: 10, output_tokens: 6, total_tokens: 16 } } } : event,
    );
    const b = capture(toDataLines(changed));
    const { report } = await diffJson(a, b);
    expect(report.differences.map((d) => [d.path, d.a, d.b])).toEqual([
      ['responses[0].usage.output_tokens', 5, 6],
      ['responses[0].usage.total_tokens', 15, 16],
      ['responses[0].usage.cached_tokens', 2, 0],
      ['responses[0].usage.reasoning_tokens', 1, 0],
    ]);
    expect((await diffJson('--ignore', 'usage', a, b)).code).toBe(0);
  });

  test('a multi-line text: one hunk per change with context, each at the line of its delta', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}\n`);
    const a = capture(events({ text: lines }));
    const changed = [...lines];
    changed[2] = 'line three\n';
    changed[10] = 'line eleven\n';
    const b = capture(events({ text: changed }));
    const { report } = await diffJson('--context', '1', a, b);
    // Events: created, item added, part added, then one delta a line: delta k is on line 4 + k.
    expect(report.differences.map((d) => [d.path, d.lineA, d.lineB, d.hunk?.lines])).toEqual([
      ['responses[0].items[0].text', 6, 6, [' line 2', '-line 3', '+line three', ' line 4']],
      ['responses[0].items[0].text', 14, 14, [' line 10', '-line 11', '+line eleven', ' line 12']],
    ]);
    const text = await runCli(['diff', '--context', '0', a, b]);
    expect(text.stdout).toContain('  responses[0].items[0].text  (A line 6, B line 6)\n    @@ -3 +3 @@\n    -line 3\n    +line three\n');
  });

  test('responses only on one side, and finding codes only on one side', async () => {
    const one = events({ text: ['Hi'] });
    const a = capture(one);
    const b = capture(one + events({ id: 'resp_second', text: ['Again'], terminal: null }));
    const { code, report } = await diffJson(a, b);
    expect(code).toBe(1);
    expect(report.differences).toEqual([
      { path: 'responses[1]', kind: 'responses', change: 'added', a: null, b: { id: 'resp_second', model: 'gpt-test', status: 'in_progress' }, lineA: null, lineB: 8 },
      { path: 'diagnostics["missing-terminal-event"]', kind: 'diagnostics', change: 'added', a: null, b: 1, lineA: null, lineB: 13 },
    ]);
    expect(report.responses.map((r) => [r.index, r.a?.id ?? null, r.b?.id ?? null, r.differences])).toEqual([
      [0, 'resp_test', 'resp_test', 0],
      [1, null, 'resp_second', 1],
    ]);
    const text = (await runCli(['diff', a, b])).stdout;
    expect(text).toContain('response 0: resp_test · gpt-test · completed: equal\n');
    expect(text).toContain('findings\n  diagnostics["missing-terminal-event"]  (B line 13)\n    +missing-terminal-event: 1 finding\n');
    expect(text.trimEnd().split('\n').at(-1)).toBe('different: 2 differences (responses 1, diagnostics 1) in 1 of 2 responses');
  });

  test('an item only on one side, and an item of another type, are one difference each', async () => {
    const a = capture(events({ imageItemId: 'ig_1', finalImage: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=', text: ['Hi'] }));
    const b = capture(events({ text: ['Hi'] }));
    const { report } = await diffJson('--ignore', 'images', a, b);
    expect(report.differences.map((d) => [d.path, d.change, d.a, d.b])).toEqual([
      ['responses[0].items[0]', 'changed', { type: 'image_generation_call', status: 'completed' }, { type: 'message', status: 'completed' }],
      ['responses[0].items[1]', 'removed', { type: 'message', status: 'completed' }, null],
    ]);
  });

  test('a reasoning summary and a refusal are text; annotations are compared as JSON', async () => {
    const base = responseEvents({ text: ['See'] });
    const withExtras = (summary: string, url: string) =>
      toDataLines(
        base.flatMap((event) => {
          if (event.type === 'response.output_item.done') {
            const item = event.item as Record<string, unknown>;
            const content = [{ type: 'output_text', text: 'See', annotations: [{ type: 'url_citation', url, title: 'T', start_index: 0, end_index: 3 }] }];
            return [{ ...event, item: { ...item, content } }];
          }
          if (event.type === 'response.created') {
            return [
              event,
              { type: 'response.output_item.added', output_index: 5, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
              { type: 'response.reasoning_summary_text.delta', output_index: 5, item_id: 'rs_1', summary_index: 0, delta: summary },
              { type: 'response.output_item.done', output_index: 5, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: summary }] } },
            ];
          }
          return [event];
        }).map((event, n) => ({ ...event, sequence_number: n })),
      );
    const a = capture(withExtras('Thinking about it', 'https://a.example'));
    const b = capture(withExtras('Thinking hard about it', 'https://b.example'));
    const { report } = await diffJson(a, b);
    expect(report.differences.map((d) => [d.path, d.kind, d.a, d.b])).toEqual([
      ['responses[0].items[0].annotations[0].url', 'items', 'https://a.example', 'https://b.example'],
      ['responses[0].items[1].summary', 'text', 'Thinking about it', 'Thinking hard about it'],
    ]);
    expect((await diffJson('--ignore', 'text', a, b)).report.counts).toEqual({ items: 1 });
    expect((await diffJson('--ignore', 'items', a, b)).report.counts).toEqual({ text: 1 });
  });
});

describe('respcat diff: every family, one comparison', () => {
  const family = (name: string): string => join(SAMPLES, 'families', name);

  test('chat: the same streams as SSE and as JSON lines are equal', async () => {
    const { code, report } = await diffJson(family('chat-several-streams.sse'), family('chat-several-streams.jsonl'));
    expect([code, report.equal, report.a.responses]).toEqual([0, true, 2]);
  });

  test('chat cut off: status, finish and each item as changed values (no text hunks for one-line facts), at their lines', async () => {
    const { code, report } = await diffJson(family('chat-text-tool-call.sse'), family('chat-text-tool-call-cut-off.sse'));
    expect(code).toBe(1);
    const status = report.differences.find((d) => d.path === 'responses[0].items[0].status');
    expect(status).toEqual({ path: 'responses[0].items[0].status', kind: 'items', change: 'changed', a: 'completed', b: 'in_progress', lineA: 15, lineB: 1 });
    expect(report.differences.filter((d) => d.hunk !== undefined)).toEqual([]);
    expect(report.differences.map((d) => d.path)).toContain('diagnostics["missing-terminal-event"]');
  });

  test('the Images API: a stream cut before its final image reports that image and the item, not pixels', async () => {
    const { report } = await diffJson(family('images-generation.sse'), family('images-cut-off.sse'));
    const image = report.differences.find((d) => d.path === 'responses[0].images[2]');
    expect([image?.change, (image?.a as { kind: string }).kind, image?.b]).toEqual(['removed', 'final', null]);
    expect(report.differences.map((d) => d.path)).toContain('responses[0].items[0].finalImage');
  });
});

describe('respcat diff: values in the text report are JSON', () => {
  test('a number that became a string reads apart: -3 and +"3"', async () => {
    const a = join(SAMPLES, 'diff', 'tool-call.sse');
    const b = capture(readFileSync(a, 'utf8').replaceAll('\\"days\\":3', '\\"days\\":\\"3\\"'));
    const { stdout, code } = await runCli(['diff', a, b]);
    expect(code).toBe(1);
    expect(stdout).toContain('  responses[0].items[0].arguments.days  (A line 20, B line 20)\n    -3\n    +"3"\n');
  });
});

describe('respcat diff: what reaches the terminal', () => {
  test('control characters from the captures are escaped in the text report, and written as \\u escapes in JSON', async () => {
    const a = capture(events({ text: ['safe\n', 'x\u001b]0;owned\u0007 \u009b2J \u202eevil\n'], model: 'm\u001b[2J' }));
    const b = capture(events({ text: ['safe\n', 'y\n'], model: 'm\nforged line' }));
    const text = await runCli(['diff', a, b]);
    expect(text.stdout).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
    expect(text.stdout).toContain('    -x\\x1b]0;owned\\x07 \\x9b2J \\u202eevil');
    expect(text.stdout).toContain('    +"m\\nforged line"');
    const json = await runCli(['diff', '--format', 'json', a, b]);
    expect(json.stdout).not.toMatch(/[\u001b\u0007\u009b\u202e]/);
    expect(json.stdout).toContain('\\u009b2J \\u202eevil');
    const report = JSON.parse(json.stdout) as DiffJson;
    expect(report.differences.find((d) => d.path.endsWith('.text'))?.a).toBe('x\u001b]0;owned\u0007 \u009b2J \u202eevil\n');
  });
});

describe('respcat diff: timing sidecars are reported, never a difference', () => {
  test('time to first text and duration from FILE.timing; --ignore timing leaves them out', async () => {
    const text = events({ text: ['Hello', ' there'] });
    const a = capture(text);
    const b = capture(text);
    const bytes = Buffer.byteLength(text);
    // Where the first delta's line starts (ASCII: characters are bytes).
    const start = text.lastIndexOf('\n', text.indexOf('"response.output_text.delta"')) + 1;
    // A: that line starts in the second chunk (120 ms); B: in the third (480 ms).
    writeFileSync(`${a}.timing`, [`{"t":0,"n":${start - 1}}`, `{"t":120,"n":${bytes - start + 1 - 5}}`, `{"t":900,"n":5}`].join('\n'));
    writeFileSync(`${b}.timing`, [`{"t":0,"n":10}`, `{"t":30,"n":${start - 1 - 10}}`, `{"t":480,"n":${bytes - start + 1}}`].join('\n'));
    const { code, report } = await diffJson(a, b);
    expect(code).toBe(0);
    expect(report.a.timing).toEqual({ ok: true, firstTextMs: 120, durationMs: 900 });
    expect(report.b.timing).toEqual({ ok: true, firstTextMs: 480, durationMs: 480 });
    const plain = await runCli(['diff', a, b]);
    expect(plain.stdout).toContain('timing (reported, not compared): first text 120 ms → 480 ms · duration 900 ms → 480 ms\n');
    expect((await diffJson('--ignore', 'timing', a, b)).report.a.timing).toBeNull();
    expect((await runCli(['diff', '--ignore', 'timing', a, b])).stdout).not.toContain('timing (reported');
    // A sidecar that does not add up is named, not used.
    writeFileSync(`${b}.timing`, '{"t":0,"n":3}\n');
    const bad = await diffJson(a, b);
    expect(bad.report.b.timing).toMatchObject({ ok: false });
    expect((await runCli(['diff', a, b])).stdout).toMatch(/first text 120 ms → unusable sidecar .*\(B: .*add up to 3 bytes/);
  });
});

describe('respcat diff: usage errors and unreadable inputs', () => {
  test.each([
    [['diff', SEED], /missing required argument 'b'/],
    [['diff', '-', '-'], /A and B cannot both be - \(stdin\)/],
    [['diff', '--ignore', 'colour', SEED, SEED], /expected kinds among usage, model, text, images, items, timing, ids; got "colour"/],
    [['diff', '--context', '-1', SEED, SEED], /expected a whole number of lines/],
    [['diff', '--format', 'xml', SEED, SEED], /xml/],
  ])('%j: exit 2, one line', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a missing file: exit 3 with one line naming it, and no report', async () => {
    const missing = join(work, 'nope.sse');
    const { code, stdout, stderr } = await runCli(['diff', SEED, missing]);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe(`respcat: ${missing}: no such file\n`);
  });

  test('--ignore takes several kinds, comma-separated or repeated', async () => {
    const { report } = await diffJson('--ignore', 'usage,model', '--ignore', 'text', SEED, SEED);
    expect(report.ignored).toEqual(['usage', 'model', 'text', 'ids']);
  });
});
