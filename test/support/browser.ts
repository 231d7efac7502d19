import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';

/** Debian's chromium package (`.ci/run` installs it); CHROMIUM overrides the path. Never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** What a page did while it was open: console errors, uncaught errors, requests other than the page, dialogs. */
export interface PageLog {
  readonly errors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

/** Starts headless Chromium with a fresh user-data dir inside `dir`, with no background networking. */
export async function launchChromium(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    timeout: 120_000,
  });
}

/** Opens `path` (a local file) in a new page of `context` at `width`, logging what a report must never do. */
export async function openFile(context: BrowserContext, path: string, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<{ page: Page; log: PageLog }> {
  const page = await context.newPage();
  const url = pathToFileURL(path).href;
  const log: PageLog = { errors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') log.errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => log.errors.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    if (request.url() !== url) log.requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    log.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setViewportSize({ width: options.width ?? 1100, height: 900 });
  if (options.colorScheme !== undefined) await page.emulateMedia({ colorScheme: options.colorScheme });
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  return { page, log };
}

/** Saves a full-page screenshot to `path` and says how many distinct colours it has and its size (a blank page has one). */
export async function screenshot(page: Page, path: string): Promise<{ colours: number; width: number; height: number }> {
  const png = PNG.sync.read(await page.screenshot({ path, fullPage: true, timeout: 120_000 }));
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length && colours.size < 1000; i += 4 * 7) colours.add(png.data.readUInt32BE(i));
  return { colours: colours.size, width: png.width, height: png.height };
}
