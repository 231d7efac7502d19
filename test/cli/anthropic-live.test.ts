import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../support/binary.js';
import { ROOT } from '../support/samples.js';
import { hasTmux, shellQuote, SLOW_PRODUCER, startInTmux, type TmuxPane } from '../support/tmux.js';

// What a person sees of an Anthropic message: respcat in a real pseudo-terminal (tmux, 120×30), fed the sample
// by a slow producer (200 bytes every 40 ms), paused in the middle of the answer and before message_stop.
const SAMPLE = join(ROOT, 'samples', 'anthropic', 'web-search-citations.sse');
const EXPECTED = readFileSync(`${SAMPLE}.stdout.txt`, 'utf8').split('\n').filter((line) => line !== '');
const MID_ANSWER = 'data: {"type":"content_block_delta","index":5,"delta":{"type":"text_delta"';
const STOP = 'data: {"type":"message_stop"';

let pane: TmuxPane | null = null;
beforeAll(ensureBuilt);
afterEach(() => {
  pane?.kill();
  pane = null;
});

describe.runIf(hasTmux)('an Anthropic message on a real terminal', () => {
  test('the call, its results, the answer and its sources, whole, with the answer held open mid-line through a pause', async () => {
    const producer = [process.execPath, SLOW_PRODUCER, SAMPLE, '200', '40', '--pause-before', `${MID_ANSWER}:1500`, '--pause-before', `${STOP}:1000`].map(shellQuote).join(' ');
    const respcat = [process.execPath, BIN, 'replay', '--no-images'].map(shellQuote).join(' ');
    pane = startInTmux(`${producer} | ${respcat}`, { env: { NO_COLOR: '1' } });
    // During the pause the answer so far is on the screen, its line still open.
    await pane.waitFor('Michigan. He founded ', 20_000);
    expect(pane.screen()).not.toContain('[sources]');
    expect(await pane.exited(20_000)).toBe(0);
    const lines = pane.screen().split('\n').filter((line) => line !== '');
    expect(lines.slice(0, -1)).toEqual(EXPECTED);
    expect(lines.at(-1)).toMatch(/^respcat: completed · claude-sonnet-4-5-20250929 · 10681 in \(0 cached\) \/ 96 out \(0 reasoning\) tokens · /);
  });
});
