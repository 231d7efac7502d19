import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { colorLevel } from '../../src/terminal/tty.js';
import type { TerminalWritable } from '../../src/terminal/io.js';
import { responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';
import { SEED } from '../support/samples.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-manners-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tty = { isTTY: true } as TerminalWritable;
const pipe = { isTTY: false } as TerminalWritable;

describe('colour: only on a terminal, off with NO_COLOR / --no-color, forced with FORCE_COLOR / --color', () => {
  test.each([
    ['a terminal', tty, {}, undefined, 1],
    ['a truecolour terminal', tty, { COLORTERM: 'truecolor' }, undefined, 3],
    ['a 256-colour terminal', tty, { TERM: 'xterm-256color' }, undefined, 2],
    ['a pipe', pipe, {}, undefined, 0],
    ['a dumb terminal', tty, { TERM: 'dumb' }, undefined, 0],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, undefined, 0],
    ['empty NO_COLOR is ignored', tty, { NO_COLOR: '' }, undefined, 1],
    ['FORCE_COLOR into a pipe', pipe, { FORCE_COLOR: '1' }, undefined, 1],
    ['FORCE_COLOR=3 into a pipe', pipe, { FORCE_COLOR: '3' }, undefined, 3],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, undefined, 0],
    ['--no-color beats FORCE_COLOR', tty, { FORCE_COLOR: '1' }, false, 0],
    ['--color beats NO_COLOR', pipe, { NO_COLOR: '1' }, true, 1],
  ] as const)('%s', (_name, stream, env, flag, level) => {
    expect(colorLevel(stream, env, flag)).toBe(level);
  });

  test('output into a pipe has no colour codes; a terminal gets colour unless NO_COLOR', async () => {
    const piped = await runCli(['replay', SEED, '--no-images'], { env: {} });
    expect(piped.stdout + piped.stderr).not.toContain('\u001b[');
    const coloured = await runCli(['replay', SEED, '--no-images'], { env: {}, stderrIsTTY: true });
    expect(coloured.stderr).toContain('\u001b[32mcompleted');
    const noColor = await runCli(['replay', SEED, '--no-images'], { env: { NO_COLOR: '1' }, stderrIsTTY: true });
    expect(noColor.stderr).not.toContain('\u001b[');
  });
});

describe('the spinner', () => {
  async function slowReplay(env: Record<string, string>, columns = true) {
    const stdin = new PassThrough();
    const run = runCli(['replay', '--no-images'], { stdinStream: stdin, stderrIsTTY: columns, env });
    await new Promise((resolve) => setTimeout(resolve, 600));
    stdin.end(toDataLines(responseEvents({ text: ['Hello', ' world'] })));
    return run;
  }

  test('shows on stderr while waiting on a terminal, and is gone before text prints', async () => {
    const result = await slowReplay({});
    expect(result.stdout).toBe('Hello world\n');
    expect(result.stderr).toContain('waiting for the stream');
    // Cleared (line erased) and the cursor shown again before anything else is written.
    const afterSpinner = result.stderr.slice(result.stderr.lastIndexOf('waiting for the stream'));
    expect(afterSpinner).toContain('\u001b[2K');
    expect(result.stderr).toContain('\u001b[?25h');
  });

  test('never in CI or with stderr piped', async () => {
    expect((await slowReplay({ CI: 'true' })).stderr).not.toContain('waiting');
    expect((await slowReplay({}, false)).stderr).not.toContain('waiting');
  });
});

describe('the summary line and --quiet', () => {
  test('status, model, tokens with cached and reasoning, images written and time', async () => {
    const result = await runCli(['replay', SEED, '--out-dir', join(work, 'summary')]);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^respcat: completed · gpt-4\.1-mini-2025-04-14 · 3902 in \(0 cached\) \/ 46 out \(0 reasoning\) tokens · 3 images → .* · \d+\.\ds$/,
    );
  });

  test('--quiet prints the text and errors only', async () => {
    const result = await runCli(['replay', SEED, '--no-images', '--quiet']);
    expect(result.stdout).toBe(`${readFileSync(`${SEED}.stdout.txt`, 'utf8')}`);
    // The seed's cut-off GIF partial does not fail replay: a warning there, so not shown.
    expect(result.stderr).toBe('');
    const cutOff = await runCli(['replay', '--quiet'], { stdin: toDataLines(responseEvents({ text: ['Hi'], terminal: null })) });
    expect([cutOff.code, cutOff.stdout]).toEqual([1, 'Hi\n']);
    expect(cutOff.stderr).toMatch(/^<stdin>:\d+: error: Response resp_test never finished: [^\n]* \[missing-terminal-event\]\n$/);
  });
});

describe('--delay paces deltas', () => {
  test('20 deltas with --delay 25 take at least half a second, and print the same text', async () => {
    const capture = toDataLines(responseEvents({ text: Array.from({ length: 20 }, (_, i) => `${i} `) }));
    const started = Date.now();
    const result = await runCli(['replay', '--delay', '25', '--no-images'], { stdin: capture });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(result.stdout).toBe(`${Array.from({ length: 20 }, (_, i) => `${i} `).join('')}\n`);
  });
});
