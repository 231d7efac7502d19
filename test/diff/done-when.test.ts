import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DiffJson } from '../../src/render/diff-json.js';
import { ensureBuilt, runBin } from '../support/binary.js';
import { ROOT } from '../support/samples.js';

// Issue 20's "Done when", line by line, through the built binary as a user runs it.

const SEED = 'samples/seed-image-gen.sse';
const REFRAMINGS = ['samples/seed-crlf.sse', 'samples/seed-curl-i.sse', 'samples/seed-json-lines.jsonl', 'samples/seed-lone-cr.sse', 'samples/seed-multiline-data.sse'];

function diffJson(a: string, b: string, ...options: string[]): { code: number | null; report: DiffJson } {
  const { code, stdout, stderr } = runBin(['diff', '--format', 'json', ...options, a, b]);
  expect(stderr).toBe('');
  return { code, report: JSON.parse(stdout) as DiffJson };
}

const work = mkdtempSync(join(tmpdir(), 'respcat-diff-'));
beforeAll(() => ensureBuilt());
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the seed and each of its re-framings diff as equal, exit 0', () => {
  test.each(REFRAMINGS)('%s', (reframed) => {
    const { code, report } = diffJson(SEED, reframed);
    expect(code).toBe(0);
    expect(report).toMatchObject({ schema: 'respcat.diff/1', equal: true, differences: [], omitted: 0, counts: {} });
    expect(report.responses).toHaveLength(1);
    // Both ways round, and in the text report too.
    expect(diffJson(reframed, SEED).code).toBe(0);
    const text = runBin(['diff', SEED, reframed]);
    expect(text.code).toBe(0);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('equal: 1 response, no differences');
  });

  test('and so do a gzip copy and the seed on stdin', () => {
    const gz = join(work, 'seed.sse.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(ROOT, SEED))));
    expect(diffJson(SEED, gz).report.equal).toBe(true);
    const piped = runBin(['diff', '--format', 'json', 'samples/seed-crlf.sse', '-'], { input: readFileSync(join(ROOT, SEED)) });
    expect(piped.code).toBe(0);
    expect((JSON.parse(piped.stdout) as DiffJson).b.file).toBe('<stdin>');
  });
});

describe('one word changed in one delta: exactly that word, at its line, exit 1', () => {
  test('JSON: one text difference at the message text, lines 16 and 16 (the delta " black" / " white")', () => {
    const { code, report } = diffJson(SEED, 'samples/diff/seed-one-word.sse');
    expect(code).toBe(1);
    expect(report.equal).toBe(false);
    expect(report.counts).toEqual({ text: 1 });
    expect(report.differences).toHaveLength(1);
    const [difference] = report.differences;
    expect(difference).toMatchObject({
      path: 'responses[0].items[1].text',
      kind: 'text',
      change: 'changed',
      a: 'Here is a single black line in a perfect circle. Let me know if you need any modifications.',
      b: 'Here is a single white line in a perfect circle. Let me know if you need any modifications.',
      lineA: 16,
      lineB: 16,
    });
    expect(difference?.hunk?.lines).toEqual([`-${String(difference?.a)}`, `+${String(difference?.b)}`]);
    // Line 16 of each file is the delta that carries the word.
    expect(readFileSync(join(ROOT, SEED), 'utf8').split('\n')[15]).toContain('"delta":" black"');
    expect(readFileSync(join(ROOT, 'samples/diff/seed-one-word.sse'), 'utf8').split('\n')[15]).toContain('"delta":" white"');
  });

  test('the same word found at its own line in a re-framed A (CRLF: the delta is on data line 47)', () => {
    const { report } = diffJson('samples/seed-crlf.sse', 'samples/diff/seed-one-word.sse');
    expect(report.differences.map((d) => [d.path, d.lineA, d.lineB])).toEqual([['responses[0].items[1].text', 47, 16]]);
    expect(readFileSync(join(ROOT, 'samples/seed-crlf.sse'), 'utf8').split('\r\n')[46]).toContain('"delta":" black"');
  });

  test('text: the two lines, and the word marked when coloured', () => {
    const plain = runBin(['diff', SEED, 'samples/diff/seed-one-word.sse']);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('  responses[0].items[1].text  (A line 16, B line 16)\n    -Here is a single black line');
    expect(plain.stdout).toContain('\n    +Here is a single white line');
    expect(plain.stdout.trimEnd().split('\n').at(-1)).toBe('different: 1 difference (text 1)');
    const coloured = runBin(['diff', '--color', SEED, 'samples/diff/seed-one-word.sse']);
    expect(coloured.stdout).toContain('\u001b[7mblack\u001b[27m');
    expect(coloured.stdout).toContain('\u001b[7mwhite\u001b[27m');
    expect(coloured.stdout).not.toContain('\u001b[7mHere');
  });
});

describe('one pixel of the final image changed: the image is reported, not the text', () => {
  test('JSON: one images difference, its pixels counted', () => {
    const { code, report } = diffJson(SEED, 'samples/diff/seed-one-pixel.sse');
    expect(code).toBe(1);
    expect(report.counts).toEqual({ images: 1 });
    expect(report.differences).toEqual([
      expect.objectContaining({ path: 'responses[0].images[2].pixels', kind: 'images', lineA: 35, lineB: 35, pixels: { differing: 1, total: 1, share: 1 } }),
    ]);
    expect(report.differences.some((d) => d.kind === 'text')).toBe(false);
  });

  test('the same pixels re-encoded (other PNG bytes) are equal', () => {
    const seed = readFileSync(join(ROOT, SEED), 'utf8');
    const reencoded = readFileSync(join(ROOT, 'samples/diff/seed-reencoded-image.sse'), 'utf8');
    expect(reencoded).not.toBe(seed);
    const { code, report } = diffJson(SEED, 'samples/diff/seed-reencoded-image.sse');
    expect(code).toBe(0);
    expect(report.equal).toBe(true);
  });

  test('--ignore images makes the changed pixel equal', () => {
    const { code, report } = diffJson(SEED, 'samples/diff/seed-one-pixel.sse', '--ignore', 'images');
    expect(code).toBe(0);
    expect(report.ignored).toEqual(['images', 'ids']);
  });
});

describe('tool call arguments compared as JSON', () => {
  test('reordered keys (and other spacing) are equal', () => {
    const { code, report } = diffJson('samples/diff/tool-call.sse', 'samples/diff/tool-call-reordered-keys.sse');
    expect(code).toBe(0);
    expect(report.equal).toBe(true);
  });

  test('a changed value is reported at its path, at the line of the delta that brought it', () => {
    const { code, report } = diffJson('samples/diff/tool-call.sse', 'samples/diff/tool-call-changed-value.sse');
    expect(code).toBe(1);
    expect(report.differences).toEqual([
      { path: 'responses[0].items[0].arguments.city', kind: 'items', change: 'changed', a: 'Paris', b: 'Lyon', lineA: 14, lineB: 14 },
    ]);
    // Against reordered keys it is found just the same: the value, not the text, is compared.
    const reordered = diffJson('samples/diff/tool-call-reordered-keys.sse', 'samples/diff/tool-call-changed-value.sse').report;
    expect(reordered.differences.map((d) => [d.path, d.a, d.b, d.lineA, d.lineB])).toEqual([['responses[0].items[0].arguments.city', 'Paris', 'Lyon', 20, 14]]);
  });
});

describe('check --golden fails on a changed capture with golden-mismatch', () => {
  const golden = join(work, 'golden');
  beforeAll(() => {
    mkdirSync(golden, { recursive: true });
    copyFileSync(join(ROOT, 'samples/diff/tool-call.sse'), join(golden, 'tool-call.sse'));
  });

  test('an equal capture (keys reordered) passes, exit 0', () => {
    const same = join(work, 'same');
    mkdirSync(same, { recursive: true });
    copyFileSync(join(ROOT, 'samples/diff/tool-call-reordered-keys.sse'), join(same, 'tool-call.sse'));
    const { code, stdout } = runBin(['check', '--golden', golden, join(same, 'tool-call.sse')]);
    expect(stdout).toContain('tool-call.sse: ok');
    expect(code).toBe(0);
  });

  test('a changed value fails with one golden-mismatch error naming both lines; JSON parsed back', () => {
    const changed = join(work, 'changed');
    mkdirSync(changed, { recursive: true });
    const file = join(changed, 'tool-call.sse');
    copyFileSync(join(ROOT, 'samples/diff/tool-call-changed-value.sse'), file);
    const text = runBin(['check', '--golden', golden, file]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      `${file}:14: error: Differs from golden ${JSON.stringify(join(golden, 'tool-call.sse'))} (its line 14) at responses[0].items[0].arguments.city: expected "Paris", found "Lyon" [golden-mismatch]`,
    );
    const json = runBin(['check', '--golden', golden, '--format', 'json', file]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { files: { file: string; errors: number; diagnostics: { code: string; line: number; severity: string }[] }[]; errors: number };
    expect(report.errors).toBe(1);
    expect(report.files[0]?.diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([['error', 'golden-mismatch', 14]]);
  });
});
