import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { escapeHtml } from '../../src/render/report/html.js';
import { runCli } from '../support/fake-io.js';
import { ROOT, SEED } from '../support/samples.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'respcat-report-cmd-'));

describe('escapeHtml: nothing from a capture is markup', () => {
  test.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`a "b" 'c' & d`, 'a &quot;b&quot; &#39;c&#39; &amp; d'],
    ['tab\tand\nnewline stay', 'tab\tand\nnewline stay'],
    ['nul \u0000 esc \u001b c1 \u0085 del \u007f', 'nul \ufffd esc \ufffd c1 \ufffd del \ufffd'],
    ['lone \ud800 surrogate, pair 😀 kept', 'lone \ufffd surrogate, pair 😀 kept'],
  ])('%j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('respcat report: the file it writes, its exit code and its one line', () => {
  test('writes <capture>.report.html by default and names it; exit 0 for a completed response', async () => {
    const dir = temp();
    const capture = join(dir, 'seed.sse');
    copyFileSync(SEED, capture);
    const { code, stdout, stderr } = await runCli(['report', capture]);
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: '', stderr: `respcat: report → ${capture}.report.html (1 response, 3 images)\n` });
    const html = readFileSync(`${capture}.report.html`, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    // Self-contained: the images are in it, nothing points outside it.
    expect(html.match(/src="data:image\/png;base64,/g)?.length).toBe(2);
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/|file:)/);
    expect(html).toContain('invalid: GIF ends before its trailer (cut off?)');
  });

  test('a capture cut off inside an image: the page is still written, exit 1', async () => {
    const out = join(temp(), 'cut.html');
    const { code, stderr } = await runCli(['report', join(ROOT, 'samples/check/cut-inside-image.sse'), '-o', out]);
    expect(code).toBe(1);
    expect(stderr).toBe(`respcat: report → ${out} (1 response, 0 images)\n`);
    expect(readFileSync(out, 'utf8')).toContain('cut off (no terminal event)');
  });

  test('a missing capture: exit 3, one line, no page', async () => {
    const dir = temp();
    const { code, stderr } = await runCli(['report', join(dir, 'nope.sse'), '-o', join(dir, 'nope.html')]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^respcat: .*nope\.sse: .*\n$/);
    expect(existsSync(join(dir, 'nope.html'))).toBe(false);
  });

  test('a page that cannot be written: exit 3 naming it', async () => {
    const out = join(temp(), 'no-such-dir', 'page.html');
    const { code, stderr } = await runCli(['report', SEED, '-o', out]);
    expect(code).toBe(3);
    expect(stderr).toMatch(new RegExp(`^respcat: cannot write ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: .+\n$`));
  });

  test('stdin needs -o; -o naming the capture itself is refused (exit 2)', async () => {
    const piped = await runCli(['report', '-'], { stdin: readFileSync(SEED) });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toBe('respcat: reading stdin: give -o OUT.html for the report\n');
    const dir = temp();
    const capture = join(dir, 'seed.sse');
    copyFileSync(SEED, capture);
    const self = await runCli(['report', capture, '-o', capture]);
    expect(self.code).toBe(2);
    expect(readFileSync(capture)).toEqual(readFileSync(SEED));
    const out = join(dir, 'stdin.html');
    expect((await runCli(['report', '-', '-o', out], { stdin: readFileSync(SEED) })).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('<code>&lt;stdin&gt;</code>');
  });

  test('--images link: the images are written as replay writes them and linked relatively; the policy allows files', async () => {
    const dir = temp();
    const out = join(dir, 'pages', 'seed.html');
    const images = join(dir, 'images');
    copyFileSync(SEED, join(dir, 'seed.sse'));
    mkdirSync(dirname(out), { recursive: true });
    const { code } = await runCli(['report', join(dir, 'seed.sse'), '-o', out, '--images', 'link', '--out-dir', images]);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const links = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1] as string);
    expect(links).toEqual(['../images/ig_684eb119786c81a19939e1cb5384033f0c3243c98c3d50bb.partial-1.png', '../images/ig_684eb119786c81a19939e1cb5384033f0c3243c98c3d50bb.png']);
    for (const link of links) expect(existsSync(resolve(dirname(out), link))).toBe(true);
    expect(html).not.toContain('data:image');
    // The policy as the attribute holds it (quotes escaped).
    expect(html).toMatch(/content="default-src &#39;none&#39;; img-src data: &#39;self&#39; file:;/);
  });
});

describe('respcat report: a page of several responses', () => {
  test('has a table of contents linking each response section, and a section per response', async () => {
    const out = join(temp(), 'several.html');
    expect((await runCli(['report', join(ROOT, 'samples/kinds/several-responses.sse'), '-o', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const toc = [...html.matchAll(/<li><a href="#(response-\d+)">Response (\d+) of (\d+):/g)].map((m) => m[1]);
    const sections = [...html.matchAll(/<section class="response" id="(response-\d+)">/g)].map((m) => m[1]);
    expect(toc.length).toBeGreaterThan(1);
    expect(toc).toEqual(sections);
  });
});
