import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt, runBin } from '../support/binary.js';
import { responseEvents, toDataLines } from '../support/captures.js';

beforeAll(() => ensureBuilt());

describe('respcat diff exit codes, as the built binary gives them', () => {
  test('2 on a usage error, one line on stderr and nothing on stdout', () => {
    const cases: [string[], string][] = [
      [['diff', 'samples/seed-image-gen.sse'], "respcat: missing required argument 'b' (see 'respcat diff --help')\n"],
      [['diff', '--ignore', 'nope', 'a', 'b'], "respcat: option '--ignore <kinds>' argument 'nope' is invalid. expected kinds among usage, model, text, images, items, timing, ids; got \"nope\" (see 'respcat diff --help')\n"],
      [['diff', '-', '-'], 'respcat: A and B cannot both be - (stdin): give at least one FILE\n'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = runBin(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(message);
    }
  });

  test('3 when an input cannot be read, naming it', () => {
    const { code, stdout, stderr } = runBin(['diff', 'samples/seed-image-gen.sse', 'samples/no-such.sse']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe('respcat: samples/no-such.sse: no such file\n');
  });

  test('a closed stdout (| head -1) ends quietly with success, however much was still to print', () => {
    const work = mkdtempSync(join(tmpdir(), 'respcat-diff-pipe-'));
    try {
      const text = (word: string) => Array.from({ length: 8_000 }, (_, i) => `${word} ${i}\n`);
      writeFileSync(join(work, 'a.sse'), toDataLines(responseEvents({ text: text('old') })));
      writeFileSync(join(work, 'b.sse'), toDataLines(responseEvents({ text: text('new') })));
      const command = `set -o pipefail; node ${JSON.stringify(BIN)} diff a.sse b.sse | head -1`;
      const result = spawnSync('bash', ['-c', command], { cwd: work, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
      expect(result.stdout).toBe('--- a a.sse\n');
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      // The report it cut short is larger than a pipe holds (64 KiB): the pipe really closed under it.
      expect(runBin(['diff', join(work, 'a.sse'), join(work, 'b.sse')]).stdout.length).toBeGreaterThan(150_000);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
