import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../support/binary.js';
import { ROOT, SEED } from '../support/samples.js';
import { hasTmux, shellQuote, SLOW_PRODUCER, startInTmux, type TmuxPane } from '../support/tmux.js';

// What a person sees: `respcat diff` in a real pseudo-terminal (tmux, 120×30, TERM=xterm-256color, colour
// left to respcat), B piped in by a slow producer (300 bytes every 40 ms, a pause mid-text).
let pane: TmuxPane | null = null;
beforeAll(ensureBuilt);
afterEach(() => {
  pane?.kill();
  pane = null;
});

const ONE_WORD = join(ROOT, 'samples/diff/seed-one-word.sse');
const PERFECT = 'data: {"type":"response.output_text.delta","sequence_number":19,';

describe.runIf(hasTmux)('respcat diff on a terminal', () => {
  test('a slow B on stdin: the report once it ended, coloured, the changed word marked on each side', async () => {
    const producer = [process.execPath, SLOW_PRODUCER, ONE_WORD, '300', '40', '--pause-before', `${PERFECT}:800`].map(shellQuote).join(' ');
    const diff = [process.execPath, BIN, 'diff', SEED, '-'].map(shellQuote).join(' ');
    // The test runner sets NO_COLOR; a person's terminal does not.
    pane = startInTmux(`unset NO_COLOR FORCE_COLOR; ${producer} | ${diff}`);
    expect(await pane.exited(30_000)).toBe(1);
    const lines = pane.screen().split('\n');
    expect(lines.slice(-7)).toEqual([
      `--- a ${SEED}`,
      '+++ b <stdin>',
      'response 0: resp_684eb11908b881a180caf1a8d0aadaed0c3243c98c3d50bb · gpt-4.1-mini-2025-04-14 · completed',
      '  responses[0].items[1].text  (A line 16, B line 16)',
      '    -Here is a single black line in a perfect circle. Let me know if you need any modifications.',
      '    +Here is a single white line in a perfect circle. Let me know if you need any modifications.',
      'different: 1 difference (text 1)',
    ]);
    // The marks as the terminal holds them: reverse video on exactly the changed words, in red and green.
    const styled = pane.styled();
    expect(styled).toMatch(/\u001b\[31m[^\n]*\u001b\[7mblack\u001b\[(27|0)m/);
    expect(styled).toMatch(/\u001b\[32m[^\n]*\u001b\[7mwhite\u001b\[(27|0)m/);
    expect(styled).not.toMatch(/\u001b\[7m[^\u001b]*Here/);
  });

  test('NO_COLOR: plain text, no attribute at all', async () => {
    const diff = [process.execPath, BIN, 'diff', SEED, ONE_WORD].map(shellQuote).join(' ');
    pane = startInTmux(diff, { env: { NO_COLOR: '1' } });
    expect(await pane.exited(30_000)).toBe(1);
    expect(pane.screen()).toContain('    +Here is a single white line');
    expect(pane.styled()).not.toMatch(/\u001b\[[0-9;]*[1-9][0-9;]*m/);
  });
});
