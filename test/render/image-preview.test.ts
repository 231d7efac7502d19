import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { choosePreview } from '../../src/terminal/preview-mode.js';
import type { Io } from '../../src/terminal/io.js';
import { makeThumbnail } from '../../src/images/thumbnail.js';
import { renderHalfBlockPreview, renderItermPreview, renderKittyPreview } from '../../src/render/image-preview.js';
import { noisyPng, PNG_1X1, responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';
import { SEED } from '../support/samples.js';

const png1x1 = Buffer.from(PNG_1X1, 'base64');
const work = mkdtempSync(join(tmpdir(), 'respcat-preview-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fakeIo(env: Record<string, string | undefined>, stderrIsTTY = true): Io {
  return { env, stderr: { isTTY: stderrIsTTY }, stdout: {}, stdin: {} } as unknown as Io;
}

describe('choosing a preview from the environment only', () => {
  test.each([
    ['a plain terminal', {}, true, 'blocks'],
    ['kitty', { TERM: 'xterm-kitty' }, true, 'kitty'],
    ['kitty by window id', { KITTY_WINDOW_ID: '1' }, true, 'kitty'],
    ['iTerm2', { TERM_PROGRAM: 'iTerm.app' }, true, 'iterm'],
    ['WezTerm', { TERM_PROGRAM: 'WezTerm' }, true, 'iterm'],
    ['kitty inside tmux', { TERM: 'xterm-kitty', TMUX: '/tmp/tmux-0/default,1,0' }, true, 'blocks'],
    ['CI', { CI: 'true' }, true, null],
    ['a dumb terminal', { TERM: 'dumb' }, true, null],
    ['no colour (NO_COLOR) means no half-blocks', {}, false, null],
  ])('%s', (_name, env, colour, expected) => {
    expect(choosePreview('auto', fakeIo(env), colour)).toBe(expected);
  });

  test('never into a pipe, whatever is forced; off is off', () => {
    expect(choosePreview('blocks', fakeIo({}, false), true)).toBeNull();
    expect(choosePreview('kitty', fakeIo({}, false), true)).toBeNull();
    expect(choosePreview('off', fakeIo({ TERM: 'xterm-kitty' }), true)).toBeNull();
    expect(choosePreview('iterm', fakeIo({ CI: '1' }), false)).toBe('iterm');
  });
});

describe('rendering previews as strings', () => {
  test('a 1×1 PNG as one half-block cell', () => {
    const thumbnail = makeThumbnail(png1x1, 32, 32);
    expect(thumbnail).toEqual({ width: 1, height: 1, pixels: new Uint8Array([0, 0, 0]) });
    expect(renderHalfBlockPreview(thumbnail!)).toBe('\u001b[49m\u001b[38;2;0;0;0m▀\u001b[0m\n');
  });

  test('a 2×2 image: one row of two cells, upper pixel as foreground, lower as background', () => {
    const preview = renderHalfBlockPreview({ width: 2, height: 2, pixels: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]) });
    expect(preview).toBe('\u001b[38;2;255;0;0m\u001b[48;2;0;0;255m▀\u001b[38;2;0;255;0m\u001b[48;2;9;9;9m▀\u001b[0m\n');
  });

  test('a real 1024×1024 PNG shrinks to 32×32 pixels: 16 rows of 32 cells', () => {
    const thumbnail = makeThumbnail(Buffer.from(noisyPng(1024, 1024), 'base64'), 32, 32);
    expect(thumbnail?.width).toBe(32);
    expect(thumbnail?.height).toBe(32);
    const rows = renderHalfBlockPreview(thumbnail!).trimEnd().split('\n');
    expect(rows).toHaveLength(16);
    expect(rows.every((row) => (row.match(/▀/g) ?? []).length === 32)).toBe(true);
  });

  test('non-PNG and over-limit images are not decoded', () => {
    expect(makeThumbnail(Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'), 32, 32)).toBeNull();
    const lying = Buffer.from(png1x1);
    lying.writeUInt32BE(100_000, 16);
    lying.writeUInt32BE(100_000, 20);
    expect(makeThumbnail(lying, 32, 32)).toBeNull();
  });

  test('kitty sends base64 PNG in pieces of at most 4096, iTerm2 in one OSC 1337', () => {
    expect(renderKittyPreview(png1x1, 32)).toBe(`\u001b_Gf=100,a=T,t=d,c=32,q=2,m=0;${PNG_1X1}\u001b\\\n`);
    const big = Buffer.from(noisyPng(64, 64), 'base64');
    const pieces = renderKittyPreview(big, 32).match(/\u001b_G[^;]*;[^\u001b]*\u001b\\/g) ?? [];
    expect(pieces.length).toBe(Math.ceil(big.toString('base64').length / 4096));
    expect(pieces.at(-1)).toMatch(/^\u001b_Gm=0;/);
    expect(renderItermPreview(png1x1, 32)).toBe(`\u001b]1337;File=inline=1;size=68;width=32;preserveAspectRatio=1:${PNG_1X1}\u0007\n`);
  });
});

describe('replay shows previews on a terminal only', () => {
  test('the seed: half-blocks for the valid 1×1 PNGs (partial 1 and final), none for the cut-off GIF', async () => {
    const result = await runCli(['replay', SEED, '--no-images', '--preview', 'blocks'], { stderrIsTTY: true, env: {} });
    // --no-images writes nothing, so nothing is previewed either.
    expect(result.stderr).not.toContain('▀');
    const shown = await runCli(['replay', SEED, '--out-dir', join(work, 'seed'), '--preview', 'blocks'], { stderrIsTTY: true, env: {} });
    expect(shown.stderr.match(/\u001b\[49m\u001b\[38;2;0;0;0m▀\u001b\[0m\n/g)).toHaveLength(2);
  });

  test('a real 1024×1024 PNG is previewed as a 32-cell-wide thumbnail', async () => {
    const capture = toDataLines(responseEvents({ imageItemId: 'ig_big', finalImage: noisyPng(1024, 1024) }));
    const result = await runCli(['replay', '--out-dir', join(work, 'big'), '--preview', 'blocks'], { stdin: capture, stderrIsTTY: true, env: {} });
    const rows = result.stderr.split('\n').filter((line) => line.includes('▀'));
    expect(rows).toHaveLength(16);
  });

  test('none when stderr is piped', async () => {
    const result = await runCli(['replay', SEED, '--out-dir', join(work, 'pipe'), '--preview', 'blocks'], { env: {} });
    expect(result.stderr).not.toContain('▀');
    expect(result.stderr).not.toContain('\u001b');
  });
});
