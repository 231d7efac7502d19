import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkInput } from '../../../src/commands/check.js';
import { runCli } from '../../support/fake-io.js';
import { ROOT, UPDATE_GOLDEN } from '../../support/samples.js';

const DIR = 'samples/anthropic';
const work = mkdtempSync(join(tmpdir(), 'respcat-anthropic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Every Anthropic sample: exactly the findings `check` reports (`code@line`), check's exit without and with
 * --strict, and replay's exit (replay and inspect fail on a broken or unfinished stream only, docs/spec.md §6).
 */
const EXPECTED: Readonly<Record<string, { readonly findings: readonly string[]; readonly exit: number; readonly strictExit: number; readonly replayExit: number }>> = {
  'text.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'thinking-signature.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'redacted-thinking.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'tool-use.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'web-search-citations.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'web-fetch.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'server-tool-errors.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'mcp-tools.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'unknown-types.sse': { findings: ['unknown-event@5'], exit: 0, strictExit: 0, replayExit: 0 },
  'mixed-families.sse': { findings: [], exit: 0, strictExit: 0, replayExit: 0 },
  'cut-off.sse': { findings: ['missing-terminal-event@12'], exit: 1, strictExit: 1, replayExit: 1 },
  'overloaded-error.sse': { findings: ['error-event@11'], exit: 1, strictExit: 1, replayExit: 1 },
  'max-tokens.sse': { findings: ['response-incomplete@17'], exit: 1, strictExit: 1, replayExit: 1 },
  'refusal.sse': { findings: ['response-incomplete@14'], exit: 1, strictExit: 1, replayExit: 1 },
  'invalid-tool-input.sse': { findings: ['invalid-tool-input@14'], exit: 1, strictExit: 1, replayExit: 0 },
};

/** Replay's stderr with its one varying part, the seconds it took, made fixed. */
const steady = (stderr: string): string => stderr.replace(/ · \d+\.\ds\n/g, ' · N.Ns\n');

describe('Anthropic samples: findings, exit codes, and the check and replay-stderr goldens beside them', () => {
  test('every capture in samples/anthropic is in the table', () => {
    const samples = readdirSync(join(ROOT, DIR)).filter((name) => name.endsWith('.sse'));
    expect(samples.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const path = `${DIR}/${name}`;
    const result = await checkInput({ kind: 'file', path: join(ROOT, path) });
    expect(result.diagnostics.map((d) => `${d.code}@${d.position.line}`)).toEqual(expected.findings);
    expect((await runCli(['check', '-q', path])).code).toBe(expected.exit);
    expect((await runCli(['check', '-q', '--strict', path])).code).toBe(expected.strictExit);

    const check = await runCli(['check', path]);
    const replay = await runCli(['replay', path, '--out-dir', join(work, name)]);
    expect(replay.code).toBe(expected.replayExit);
    const goldens: [string, string][] = [
      [join(ROOT, `${path}.check.txt`), check.stdout],
      [join(ROOT, `${path}.stderr.txt`), steady(replay.stderr)],
    ];
    for (const [golden, actual] of goldens) {
      if (UPDATE_GOLDEN) writeFileSync(golden, actual);
      expect(existsSync(golden), `missing golden ${golden} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    }
  });
});
