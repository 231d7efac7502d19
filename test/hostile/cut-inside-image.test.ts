import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { noisyPng, responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-cut-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a capture cut inside an image (issue 5)', () => {
  test('keeps the text and the earlier partials as valid files, says where it was cut, exits 1', async () => {
    const partials = [noisyPng(32, 32, 1), noisyPng(32, 32, 2)];
    const events = responseEvents({ text: ['Drawing', ' it now.'], imageItemId: 'ig_cut', partials, finalImage: noisyPng(64, 64, 3) });
    // The message first, then the image: created, image item added, two partials, and the final
    // image's output_item.done cut in the middle of its base64.
    const created = events[0] as Record<string, unknown>;
    const image = events.slice(1, 5);
    const message = events.filter((e) => String(e.type).includes('output_text') || String(e.type).includes('content_part') || (e.item as { type?: string } | undefined)?.type === 'message');
    const capture = toDataLines([created, ...message, ...image]);
    const cutAt = capture.length - 200;
    const dir = join(work, 'out');
    const result = await runCli(['replay', '--out-dir', dir], { stdin: capture.slice(0, cutAt) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('Drawing it now.\n');
    expect(readdirSync(dir).sort()).toEqual(['ig_cut.partial-0.png', 'ig_cut.partial-1.png']);
    partials.forEach((b64, n) => expect(readFileSync(join(dir, `ig_cut.partial-${n}.png`))).toEqual(Buffer.from(b64, 'base64')));
    const lastLine = capture.slice(0, cutAt).split('\n').length;
    expect(result.stderr).toContain(`<stdin>:${lastLine}: error: The input is cut off inside this event`);
    expect(result.stderr).toContain(`the input is cut off in the middle of line ${lastLine}`);
    expect(result.stderr).not.toMatch(/partial-\d\.png .*invalid/);
  });
});
