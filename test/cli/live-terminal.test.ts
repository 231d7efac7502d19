import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../support/binary.js';
import { SEED } from '../support/samples.js';
import { hasTmux, shellQuote, SLOW_PRODUCER, startInTmux, type TmuxPane } from '../support/tmux.js';

// What a person sees: respcat in a real pseudo-terminal (tmux, 120×30), fed the seed capture by a slow
// producer (300 bytes every 40 ms), with pauses longer than the spinner's quiet period.
const TEXT = readFileSync(`${SEED}.stdout.txt`, 'utf8').trimEnd();
const PERFECT = 'data: {"type":"response.output_text.delta","sequence_number":19,';
const COMPLETED = 'data: {"type":"response.completed"';
const FIRST_DELTA = 'data: {"type":"response.output_text.delta","sequence_number":11,';

let pane: TmuxPane | null = null;
beforeAll(ensureBuilt);
afterEach(() => {
  pane?.kill();
  pane = null;
});

/** `slow-producer SEED 300 40 [pauses] | respcat replay ARGS` in a fresh tmux pane. */
function replayLive(pauses: Record<string, number>, args: string[] = ['--no-images']): TmuxPane {
  const pauseArgs = Object.entries(pauses).flatMap(([before, ms]) => ['--pause-before', `${before}:${ms}`]);
  const producer = [process.execPath, SLOW_PRODUCER, SEED, '300', '40', ...pauseArgs].map(shellQuote).join(' ');
  const respcat = [process.execPath, BIN, 'replay', ...args].map(shellQuote).join(' ');
  pane = startInTmux(`${producer} | ${respcat}`, { env: { NO_COLOR: '1' } });
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
    const live = replayLive({ [PERFECT]: 60_000 });
    await live.waitFor('Here is a single black line in a', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    live.keys('C-c');
    expect(await live.exited(15_000)).toBe(130);
    const lines = textLines(live.screen());
    // The terminal echoes ^C where the cursor is: right after the text.
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace(/\^C$/, '')).toBe('Here is a single black line in a');
  });
});
