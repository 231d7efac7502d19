import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../support/binary.js';
import { PNG_1X1, responseEvents } from '../support/captures.js';
import { SEED } from '../support/samples.js';
import { hasTmux, shellQuote, SLOW_PRODUCER, startInTmux, type TmuxPane } from '../support/tmux.js';

// What a person sees: respcat in a real pseudo-terminal (tmux, 120×30), fed the seed capture by a slow
// producer (300 bytes every 40 ms), with pauses longer than the spinner's quiet period.
const TEXT = readFileSync(`${SEED}.stdout.txt`, 'utf8').trimEnd();
const PERFECT = 'data: {"type":"response.output_text.delta","sequence_number":19,';
const COMPLETED = 'data: {"type":"response.completed"';
const FIRST_DELTA = 'data: {"type":"response.output_text.delta","sequence_number":11,';

let pane: TmuxPane | null = null;
const work = mkdtempSync(join(tmpdir(), 'respcat-live-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => {
  pane?.kill();
  pane = null;
});

/**
 * `slow-producer CAPTURE 300 40 [pauses] | respcat replay ARGS` in a fresh tmux pane, in the work folder.
 * `producerIgnoresCtrlC`: only respcat gets Ctrl-C. When the producer dies of it too, respcat may see the
 * end of its input before the signal (a race the kernel decides: exit 1, "never finished", instead of 130).
 */
function replayLive(pauses: Record<string, number>, args: string[] = ['--no-images'], capture = SEED, producerIgnoresCtrlC = false): TmuxPane {
  const pauseArgs = Object.entries(pauses).flatMap(([before, ms]) => ['--pause-before', `${before}:${ms}`]);
  const run = [process.execPath, SLOW_PRODUCER, capture, '300', '40', ...pauseArgs].map(shellQuote).join(' ');
  const producer = producerIgnoresCtrlC ? `(trap '' INT; exec ${run})` : run;
  const respcat = [process.execPath, BIN, 'replay', ...args].map(shellQuote).join(' ');
  pane = startInTmux(`cd ${shellQuote(work)} && ${producer} | ${respcat}`, { env: { NO_COLOR: '1' } });
  return pane;
}

/** The screen's lines that are the stream's text: no stderr line is among them. */
function textLines(screen: string): string[] {
  return screen.split('\n').filter((line) => !line.startsWith('respcat:') && !line.startsWith('<stdin>:') && line !== '');
}

describe.runIf(hasTmux)('a slow stream on a real terminal keeps every character', () => {
  test.each([
    ['no long pause', {}],
    ['a pause mid-line', { [PERFECT]: 1500 }],
    ['a pause before the terminal event', { [COMPLETED]: 1500 }],
    ['pauses before the text, mid-line and before the terminal event', { [FIRST_DELTA]: 1000, [PERFECT]: 1000, [COMPLETED]: 1000 }],
  ])('%s: the screen holds the whole text, then the summary', async (_name, pauses) => {
    const live = replayLive(pauses);
    expect(await live.exited(20_000)).toBe(0);
    const screen = live.screen();
    expect(textLines(screen)).toEqual([TEXT]);
    expect(screen.split('\n').at(-1)).toMatch(/^respcat: completed · gpt-4\.1-mini-2025-04-14 · /);
    expect(screen).not.toContain('waiting for the stream');
  });

  test('while the stream pauses mid-line, the partial line stays on the screen', async () => {
    const live = replayLive({ [PERFECT]: 2500 });
    await live.waitFor('Here is a single black line in a', 15_000);
    // Well past the spinner's quiet period (250 ms) and several of its frames.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(live.screen()).toContain('Here is a single black line in a');
    expect(await live.exited(20_000)).toBe(0);
    expect(textLines(live.screen())).toEqual([TEXT]);
  });

  test('the spinner still shows while nothing is printed yet, and is gone once text comes', async () => {
    const live = replayLive({ [FIRST_DELTA]: 3000 });
    await live.waitFor('waiting for the stream', 15_000);
    expect(await live.exited(20_000)).toBe(0);
    expect(live.screen()).not.toContain('waiting for the stream');
    expect(textLines(live.screen())).toEqual([TEXT]);
  });

  test('Ctrl-C during a pause mid-line keeps the text printed so far, and exits 130', async () => {
    const live = replayLive({ [PERFECT]: 4000 }, ['--no-images'], SEED, true);
    await live.waitFor('Here is a single black line in a', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    live.keys('C-c');
    const code = await live.exited(15_000);
    // The terminal echoes ^C where the cursor is: right after the text.
    const lines = textLines(live.screen()).map((line) => line.replace(/\^C$/, ''));
    expect({ code, lines, screen: live.screen() }).toEqual({ code: 130, lines: ['Here is a single black line in a'], screen: expect.any(String) });
  });
});

describe.runIf(hasTmux)('stderr lines on the same terminal never split a line of text', () => {
  // Text that pauses mid-line while an image is written and junk lines are found: the `saved` lines and
  // warnings wait for the line to end (and for the stream to end, after the last line).
  const events = responseEvents({ text: ['Here is a', ' single black line.\nSecond', ' line.'] });
  const firstDelta = events.findIndex((e) => e.type === 'response.output_text.delta');
  const image = [
    { type: 'response.output_item.added', output_index: 1, item: { id: 'ig_mid', type: 'image_generation_call', status: 'in_progress' } },
    { type: 'response.image_generation_call.partial_image', output_index: 1, item_id: 'ig_mid', partial_image_index: 0, partial_image_b64: PNG_1X1 },
    { type: 'response.output_item.done', output_index: 1, item: { id: 'ig_mid', type: 'image_generation_call', status: 'completed', result: PNG_1X1 } },
  ];
  events.splice(firstDelta + 1, 0, ...image);
  const lines = events.map((event, n) => `data: ${JSON.stringify({ ...event, sequence_number: n })}\n`);
  // Junk after the first delta and after the last one: each a warning, found while a line is open.
  lines.splice(firstDelta + 1, 0, 'junk in the middle\n');
  const lastDelta = lines.findLastIndex((line) => line.includes('"response.output_text.delta"'));
  lines.splice(lastDelta + 1, 0, 'junk at the end\n');
  const capture = join(work, 'mid-line.sse');
  writeFileSync(capture, lines.join(''));
  const junkLine = (text: string) => lines.indexOf(`${text}\n`) + 1;

  test('saved lines and warnings wait for the end of the line; the text lines stay whole', async () => {
    const live = replayLive({ '"delta":" single black line.': 1500 }, ['--out-dir', 'out'], capture);
    expect(await live.exited(20_000)).toBe(0);
    const screen = live.screen().split('\n').filter((line) => line !== '');
    expect(screen).toEqual([
      'Here is a single black line.',
      expect.stringMatching(new RegExp(`^<stdin>:${junkLine('junk in the middle')}: warning: .*\\[unrecognized-line\\]$`)),
      'saved out/ig_mid.partial-0.png (partial 0, PNG 1×1, 68 B)',
      'saved out/ig_mid.png (final, PNG 1×1, 68 B)',
      'Second line.',
      expect.stringMatching(new RegExp(`^<stdin>:${junkLine('junk at the end')}: warning: .*\\[unrecognized-line\\]$`)),
      expect.stringMatching(/^respcat: completed · gpt-test · .* · 2 images → out · \d+\.\ds$/),
    ]);
  });
});
