import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, pipeIntoHead } from '../support/binary.js';
import { responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';

// Every command, its output (stdout, or stdout and stderr together) into a pipe whose reader stops after
// 5 bytes: it ends quietly, with the exit code it would have had (docs/spec.md §6).
const work = mkdtempSync(join(tmpdir(), 'respcat-closed-pipes-'));
const big = join(work, 'big.sse');
const warnings = join(work, 'warnings.sse');
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(() => {
  ensureBuilt();
  // About 1.5 MB of text: far more than a pipe holds, so the writer meets the closed pipe.
  writeFileSync(big, toDataLines(responseEvents({ text: Array.from({ length: 150_000 }, (_, i) => `word${i} `) })));
  // 3,000 lines that are no event, then a whole response: check passes with a 100 kB report of warnings.
  const junk = Array.from({ length: 3000 }, (_, i) => `junk line ${i}\n`).join('');
  writeFileSync(warnings, junk + readFileSync(join(ROOT, 'samples', 'check', 'whole.sse'), 'utf8'));
});

function throughHead(args: readonly string[], both: boolean): ReturnType<typeof pipeIntoHead> {
  return pipeIntoHead(args, { bytes: 5, both, cwd: work });
}

const commands: [string, string[]][] = [
  ['replay', ['replay', 'big.sse', '--out-dir', 'out']],
  ['replay --json', ['replay', '--json', 'big.sse']],
  ['replay of images', ['replay', join(ROOT, 'samples', 'seed-image-gen.sse'), '--out-dir', 'out']],
  ['inspect', ['inspect', 'big.sse', 'warnings.sse']],
  ['inspect --json', ['inspect', '--json', 'big.sse']],
  ['check', ['check', 'warnings.sse']],
  ['check --format json', ['check', '--format', 'json', 'warnings.sse']],
  ['check --format junit', ['check', '--format', 'junit', 'warnings.sse']],
  ['redact', ['redact', 'big.sse']],
  ['--help', ['--help']],
];

describe('output into a closed pipe, for every command (docs/spec.md §6)', () => {
  test.each(commands)('%s | head -c 5: exit 0, nothing on stderr but saved images', async (_name, args) => {
    const result = await throughHead(args, false);
    expect(result.stdout).toHaveLength(5);
    // The seed's images are saved before its short text meets the closed pipe: those lines, nothing else.
    const lines = result.stderr.split('\n').filter((line) => line !== '' && !(args.includes('out') && /^saved out\//.test(line)));
    expect(lines).toEqual([]);
    expect(result.code).toBe(0);
  });

  test.each(commands)('%s 2>&1 | head -c 5: exit 0', async (_name, args) => {
    for (let run = 0; run < 3; run++) {
      const result = await throughHead(args, true);
      expect(result.stdout).toHaveLength(5);
      expect(result.stderr).toBe('');
      expect(result.code, `run ${run}`).toBe(0);
    }
  });

  test("check keeps its verdict: a failing check cut short by | head still exits 1 (a CI gate must not pass because its report was cut)", async () => {
    const result = await throughHead(['check', join(ROOT, 'samples', 'check', 'sequence-gap.sse')], true);
    expect(result.stdout).toHaveLength(5);
    expect(result.code).toBe(1);
  });
});

describe('SIGTERM in process (docs/spec.md §6)', () => {
  test('a command stopped by SIGTERM returns 143, by Ctrl-C 130', async () => {
    for (const [reason, expected] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      const controller = new AbortController();
      controller.abort(reason);
      const result = await runCli(['replay', '--no-images'], { stdin: toDataLines(responseEvents({ text: ['a'] })), signal: controller.signal });
      expect(result.code, reason).toBe(expected);
    }
  });
});
