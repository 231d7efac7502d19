import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeControls } from '../../src/render/terminal-safe.js';
import { BIN, ensureBuilt } from '../support/binary.js';
import { responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';

const TITLE = '\u001b]0;pwned\u0007';
const CLIPBOARD = '\u001b]52;c;ZXZpbA==\u0007';
const CLEAR = '\u001b[2J\u001b[H';
const BIDI = '\u202e';
const TEXT = ['Hello ', TITLE, 'world', CLIPBOARD, '\t', CLEAR, `tab\tand${BIDI}rtl\u009b31m\u007f\n`];
const hostile = toDataLines(responseEvents({ text: TEXT }));
const ESCAPED = 'Hello \\x1b]0;pwned\\x07world\\x1b]52;c;ZXZpbA==\\x07\t\\x1b[2J\\x1b[Htab\tand\\u202ertl\\x9b31m\\x7f\n';

const work = mkdtempSync(join(tmpdir(), 'respcat-tty-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('control characters from the stream (docs/spec.md §3)', () => {
  test.each([
    ['ESC of a CSI', '\u001b[31m', '\\x1b[31m'],
    ['OSC title', TITLE, '\\x1b]0;pwned\\x07'],
    ['C1 CSI', '\u009b2J', '\\x9b2J'],
    ['DEL', '\u007f', '\\x7f'],
    ['CR', 'a\rb', 'a\\x0db'],
    ['bidi override and isolates', '\u202e\u2066\u2069', '\\u202e\\u2066\\u2069'],
    ['tab and newline stay', 'a\tb\nc', 'a\tb\nc'],
    ['plain unicode stays', 'héllo 😀', 'héllo 😀'],
  ])('%s', (_name, input, output) => {
    expect(escapeControls(input)).toBe(output);
  });

  test('on a terminal they are shown escaped; into a pipe they pass through exactly', async () => {
    const tty = await runCli(['replay'], { stdin: hostile, stdoutIsTTY: true });
    expect(tty.stdout).toBe(ESCAPED);
    const pipe = await runCli(['replay'], { stdin: hostile });
    expect(pipe.stdout).toBe(TEXT.join(''));
    const raw = await runCli(['replay', '--raw'], { stdin: hostile, stdoutIsTTY: true });
    expect(raw.stdout).toBe(TEXT.join(''));
  });

  test('respcat’s own colours still reach a terminal, stream escapes do not', async () => {
    const capture = toDataLines(responseEvents({ text: ['x'], model: `evil${CLEAR}` }));
    const result = await runCli(['replay', '--color'], { stdin: capture, stderrIsTTY: true, stdoutIsTTY: true, env: {} });
    expect(result.stderr).toContain('\u001b[32mcompleted\u001b[39m');
    expect(result.stderr).toContain('evil\\x1b[2J\\x1b[H');
    expect(result.stderr).not.toContain(CLEAR);
  });

  // A real pseudo-terminal, through Python's pty module, exactly as a user's terminal sees the bytes.
  const python = spawnSync('python3', ['-c', 'import pty'], { encoding: 'utf8' }).status === 0;
  test.runIf(python)('replayed under a pseudo-terminal, the sequences arrive escaped', () => {
    const capture = join(work, 'hostile.sse');
    writeFileSync(capture, hostile);
    const script = [
      'import os, pty, sys',
      'out = b""',
      'def read(fd):',
      '    global out',
      '    data = os.read(fd, 65536)',
      '    out += data',
      '    return data',
      `pty.spawn(["${process.execPath}", "${BIN}", "replay", "--no-images", "-q", "${capture}"], read)`,
      'sys.stdout.buffer.write(out)',
    ].join('\n');
    const result = spawnSync('python3', ['-c', script], { env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' }, timeout: 20_000 });
    const seen = result.stdout.toString('utf8');
    // The terminal turns \n into \r\n; what matters is that no ESC from the stream got through.
    expect(seen.replace(/\r\n/g, '\n')).toContain(ESCAPED.trimEnd());
    expect(seen).not.toContain('\u001b]0;pwned');
    expect(seen).not.toContain('\u001b]52');
    expect(seen).not.toContain('\u001b[2J');
  });
});

describe('file names and warnings on stderr (docs/spec.md §3)', () => {
  // A cut-off gzip warns with its file name; a name can carry any byte but / and NUL.
  const name = `evil${TITLE}.sse.gz`;
  const whole = toDataLines(responseEvents({ text: ['hello'] }));
  test.each(['inspect', 'replay', 'check', 'report'])('%s escapes a hostile file name in its warnings', (command) => {
    const folder = mkdtempSync(join(work, `${command}-`));
    const path = join(folder, name);
    const gz = gzipSync(Buffer.from(whole));
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const extra = command === 'report' ? ['-o', join(folder, 'report.html')] : command === 'replay' ? ['--no-images'] : [];
    const result = spawnSync(process.execPath, [BIN, command, ...extra, path], { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).toContain('evil\\x1b]0;pwned\\x07.sse.gz: gzip data is cut off or corrupt');
    expect(result.stderr).not.toContain(TITLE);
  });
});
