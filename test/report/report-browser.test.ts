/// <reference lib="dom" />
// The page-side callbacks below run in Chromium, where the DOM is.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { hasChromium, launchChromium, openFile, screenshot, type PageLog } from '../support/browser.js';
import { ROOT, SEED } from '../support/samples.js';
import { HOSTILE, hostileCapture, imageHeavyCapture } from './captures.js';

// A busy 2-core CI machine starts Chromium slowly: every step gets minutes, not seconds.
const SLOW = 240_000;

/** Writes the report of `capture` with the built binary, as a user would, and returns its path. */
function writeReport(capture: string, out: string, extra: readonly string[] = []): string {
  const result = runBin(['report', capture, '-o', out, ...extra]);
  expect(result.stderr).toContain(`respcat: report → ${out}`);
  expect([0, 1]).toContain(result.code);
  return out;
}

/** What every report page must satisfy: nothing logged, nothing fetched, no dialog, no script, a page that is not blank. */
async function expectQuietPage(page: Page, log: PageLog, shot: string): Promise<void> {
  expect(log.errors).toEqual([]);
  expect(log.requests).toEqual([]);
  expect(log.dialogs).toEqual([]);
  expect(await page.locator('script').count()).toBe(0);
  const { colours, height } = await screenshot(page, shot);
  expect(colours).toBeGreaterThan(8);
  expect(height).toBeGreaterThan(400);
}

/** Every image the page shows: loaded and decoded (naturalWidth > 0), with its figure's kind and index. */
async function decodedImages(page: Page): Promise<{ kind: string | null; index: string | null; width: number; complete: boolean }[]> {
  return page.locator('figure.image img').evaluateAll((images) =>
    images.map((node) => {
      const image = node as HTMLImageElement;
      const figure = image.closest('figure');
      return { kind: figure?.dataset.kind ?? null, index: figure?.dataset.index ?? null, width: image.naturalWidth, complete: image.complete };
    }),
  );
}

describe.skipIf(!hasChromium)('respcat report in headless Chromium', () => {
  let dir: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'respcat-report-'));
    browser = await launchChromium(dir);
  }, SLOW);

  afterAll(async () => {
    await browser?.close();
  }, SLOW);

  test(
    'the seed: its text, partial 1 and the final image decoded, the cut-off GIF partial a placeholder saying why, the diagnostics with lines',
    async () => {
      const out = writeReport(SEED, join(dir, 'seed.html'));
      const { page, log } = await openFile(browser, out);
      await expectQuietPage(page, log, join(dir, 'seed.png'));
      expect(await page.locator('pre.answer').innerText()).toBe('Here is a single black line in a perfect circle. Let me know if you need any modifications.');
      expect(await decodedImages(page)).toEqual([
        { kind: 'partial', index: '1', width: 1, complete: true },
        { kind: 'final', index: 'final', width: 1, complete: true },
      ]);
      const gif = page.locator('figure[data-kind="partial"][data-index="0"]');
      expect(await gif.locator('img').count()).toBe(0);
      expect(await gif.locator('.placeholder').innerText()).toBe('invalid: GIF ends before its trailer (cut off?)');
      expect(await gif.locator('figcaption').innerText()).toContain('GIF 1×1 · 14 B · invalid');
      const rows = await page.locator('section.diagnostics tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).slice(0, 3).map((td) => td.textContent)));
      expect(rows).toEqual([
        ['6', 'error', 'invalid-image'],
        ['6', 'warning', 'image-format-mismatch'],
        ['6', 'warning', 'image-size-mismatch'],
        ['7', 'warning', 'image-size-mismatch'],
        ['9', 'warning', 'output-mismatch'],
        ['35', 'warning', 'image-size-mismatch'],
      ]);
      // No sidecar: the timeline says it runs by event order.
      expect(await page.locator('.timeline p').innerText()).toContain('Events in order: no .timing sidecar');
      await page.close();
    },
    SLOW,
  );

  test(
    'with a .timing sidecar the timeline is in time and shows the real gaps, where they were',
    async () => {
      const out = writeReport(join(ROOT, 'samples/timing/seed-timed.sse'), join(dir, 'timed.html'));
      const { page, log } = await openFile(browser, out);
      await expectQuietPage(page, log, join(dir, 'timed.png'));
      expect(await page.locator('.timeline p').innerText()).toContain('from the capture’s .timing sidecar');
      expect(await page.locator('.timeline svg g.m-gap').count()).toBe(3);
      expect(await page.locator('.timeline svg rect.gap').count()).toBe(3);
      const marks = await page.locator('ul.marks li.mark-gap').allInnerTexts();
      expect(marks).toEqual(['gap: 1280 ms gap · 1.40 s, line 6', 'gap: 1200 ms gap · 2.60 s, line 7', 'gap: 1200 ms gap · 3.90 s, line 10']);
      expect(await page.locator('ul.marks li.mark-first-text').innerText()).toBe('first text: first text · 3.95 s, line 12');
      expect(await page.locator('dl.facts').first().innerText()).toContain('first text 3.95 s');
      await page.close();
    },
    SLOW,
  );

  test(
    'an image-heavy capture: all eight images (PNG and JPEG partials, PNG finals) decoded, in order per item',
    async () => {
      const heavy = imageHeavyCapture();
      const capture = join(dir, 'heavy.sse');
      writeFileSync(capture, heavy.text);
      const out = writeReport(capture, join(dir, 'heavy.html'));
      const { page, log } = await openFile(browser, out);
      await expectQuietPage(page, log, join(dir, 'heavy.png'));
      const images = await decodedImages(page);
      expect(images.map((image) => `${image.kind} ${image.index}`)).toEqual(['partial 0', 'partial 1', 'partial 2', 'final final', 'partial 0', 'partial 1', 'partial 2', 'final final']);
      expect(images.map((image) => image.width)).toEqual([80, 160, 320, 320, 80, 160, 320, 320]);
      expect(await page.locator('pre.answer').innerText()).toBe(heavy.answer);
      await page.close();
    },
    SLOW,
  );

  test(
    'the Images API edit sample: its WebP partial and final decode',
    async () => {
      const out = writeReport(join(ROOT, 'samples/families/images-edit-webp.sse'), join(dir, 'webp.html'));
      const { page, log } = await openFile(browser, out);
      await expectQuietPage(page, log, join(dir, 'webp.png'));
      const images = await decodedImages(page);
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect(image.width).toBeGreaterThan(0);
      await page.close();
    },
    SLOW,
  );

  test(
    'a hostile capture: every planted script, handler and closing tag is shown as text and nothing runs or loads',
    async () => {
      // A file name is a capture string too ("/" aside).
      const capture = join(dir, `hostile <script>x<b onmouseover="1">"'&.sse`);
      writeFileSync(capture, hostileCapture());
      const out = writeReport(capture, join(dir, 'hostile.html'));
      const { page, log } = await openFile(browser, out);
      await expectQuietPage(page, log, join(dir, 'hostile.png'));
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img, b, iframe, object, embed, form, svg[onload]').count()).toBe(0);
      // No element anywhere carries an event handler, and no link a javascript: URL.
      const handlers = await page.evaluate(() => Array.from(document.querySelectorAll('*')).filter((node) => Array.from(node.attributes).some((a) => a.name.startsWith('on'))).length);
      expect(handlers).toBe(0);
      expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
      const body = await page.locator('body').innerText();
      expect(body).toContain(`Answer ${HOSTILE} end.`);
      expect(body).toContain(`model ${HOSTILE}`);
      expect(body).toContain(`Thinking ${HOSTILE}`);
      expect(body).toContain(`get_${HOSTILE}`);
      expect(body).toContain(`Title ${HOSTILE}`);
      expect(body).toContain(`server_error: Broke ${HOSTILE}`);
      expect(await page.title()).toContain(`hostile <script>x<b onmouseover="1">"'&.sse`);
      // The page's own policy forbids any script or fetch, whatever got through.
      const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(policy).toMatch(/^default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'$/);
      expect(readFileSync(out, 'utf8')).not.toContain('<script');
      await page.close();
    },
    SLOW,
  );

  test(
    'a 400 px viewport: nothing wider than the screen, the images still decoded; dark mode turns the page dark',
    async () => {
      const out = join(dir, 'seed.html');
      writeReport(SEED, out);
      const { page, log } = await openFile(browser, out, { width: 400 });
      await expectQuietPage(page, log, join(dir, 'seed-400.png'));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
      expect((await decodedImages(page)).map((image) => image.width)).toEqual([1, 1]);
      await page.close();
      const dark = await openFile(browser, out, { colorScheme: 'dark' });
      const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(13, 17, 23)');
      await expectQuietPage(dark.page, dark.log, join(dir, 'seed-dark.png'));
      await dark.page.close();
    },
    SLOW,
  );

  test(
    'prints: the print stylesheet applies (no scroll boxes, the timed page in full) and Chromium makes a PDF of it',
    async () => {
      const out = writeReport(join(ROOT, 'samples/timing/seed-timed.sse'), join(dir, 'print.html'));
      const { page, log } = await openFile(browser, out);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('pre.answer').evaluate((node) => getComputedStyle(node).maxHeight)).toBe('none');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
      const pdf = await page.pdf({ path: join(dir, 'print.pdf'), format: 'A4' });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(10_000);
      expect(log.errors).toEqual([]);
      expect(log.requests).toEqual([]);
      await page.close();
    },
    SLOW,
  );
});
