import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';
import type { LatencyBudgets } from '../../src/core/latency-findings.js';
import { runCli } from '../support/fake-io.js';
import { ROOT, UPDATE_GOLDEN } from '../support/samples.js';
import { findings, type Finding } from './captures.js';

const DIR = 'samples/check';
/** A sample's path as a user types it from the project root (the seed sits one folder up). */
const pathOf = (name: string): string => (name.startsWith('../') ? `samples/${name.slice(3)}` : `${DIR}/${name}`);
const e = (code: string, line: number): Finding => ({ code, severity: 'error', line });
const w = (code: string, line: number): Finding => ({ code, severity: 'warning', line });
const i = (code: string, line: number): Finding => ({ code, severity: 'info', line });
/** The command-line flags of a sample's budgets. */
const flagsOf = (budgets: LatencyBudgets = {}): string[] => [
  ...(budgets.maxTtftMs !== undefined ? ['--max-ttft', String(budgets.maxTtftMs)] : []),
  ...(budgets.maxGapMs !== undefined ? ['--max-gap', String(budgets.maxGapMs)] : []),
];

/**
 * Each check sample: every finding it must produce (nothing else), and the exit code without and with --strict;
 * `budgets` are the latency budgets it is checked with (given on the command line as `--max-ttft`/`--max-gap`).
 */
const SAMPLES: Readonly<Record<string, { readonly findings: readonly Finding[]; readonly exit: number; readonly strictExit: number; readonly budgets?: LatencyBudgets }>> = {
  'whole.sse': { findings: [], exit: 0, strictExit: 0 },
  'image-whole.sse': { findings: [], exit: 0, strictExit: 0 },
  'empty-stream.sse': { findings: [e('empty-stream', 1)], exit: 1, strictExit: 1 },
  'invalid-json.sse': { findings: [e('invalid-json', 13)], exit: 1, strictExit: 1 },
  'invalid-utf8.sse': { findings: [e('invalid-utf8', 11)], exit: 1, strictExit: 1 },
  'unrecognized-line.sse': { findings: [w('unrecognized-line', 1)], exit: 0, strictExit: 1 },
  'nesting-too-deep.sse': { findings: [e('nesting-too-deep', 13)], exit: 1, strictExit: 1 },
  'missing-type.sse': { findings: [e('missing-type', 13)], exit: 1, strictExit: 1 },
  'unknown-event.sse': { findings: [i('unknown-event', 14)], exit: 0, strictExit: 0 },
  // Another provider's stream: every event unknown, one unsupported-stream at the first.
  'unsupported-stream.sse': {
    findings: [i('unknown-event', 2), e('unsupported-stream', 2), ...[5, 8, 11, 14, 17, 20, 23].map((line) => i('unknown-event', line))],
    exit: 1,
    strictExit: 1,
  },
  'http-error.sse': { findings: [e('http-error', 6)], exit: 1, strictExit: 1 },
  'sequence-gap.sse': { findings: [e('sequence-gap', 8)], exit: 1, strictExit: 1 },
  'sequence-order.sse': { findings: [e('sequence-order', 11)], exit: 1, strictExit: 1 },
  // The terminal event names the response by another id (GitHub Copilot renames it on every event): one response.
  'response-id-changed.sse': { findings: [i('response-id-changed', 26)], exit: 0, strictExit: 0 },
  // No part opened, and the second delta names content_index 1 (vLLM numbers each reasoning delta anew): one part.
  'content-index-changed.sse': { findings: [i('content-index-changed', 11)], exit: 0, strictExit: 0 },
  // The message's last events name output_index 1 (vLLM moves an item's done events to the next index): one item.
  'output-index-changed.sse': { findings: [i('output-index-changed', 17)], exit: 0, strictExit: 0 },
  'missing-terminal-event.sse': { findings: [e('missing-terminal-event', 24)], exit: 1, strictExit: 1 },
  'response-failed.sse': { findings: [e('response-failed', 8)], exit: 1, strictExit: 1 },
  'response-incomplete.sse': { findings: [e('response-incomplete', 26)], exit: 1, strictExit: 1 },
  'error-event.sse': { findings: [e('error-event', 14), e('missing-terminal-event', 15)], exit: 1, strictExit: 1 },
  'text-mismatch.sse': { findings: [e('text-mismatch', 17)], exit: 1, strictExit: 1 },
  'invalid-tool-input.sse': { findings: [e('invalid-tool-input', 14)], exit: 1, strictExit: 1 },
  'output-mismatch.sse': { findings: [w('output-mismatch', 23)], exit: 0, strictExit: 1 },
  'invalid-image.sse': { findings: [e('invalid-image', 14)], exit: 1, strictExit: 1 },
  'image-format-mismatch.sse': { findings: [w('image-format-mismatch', 20)], exit: 0, strictExit: 1 },
  'image-size-mismatch.sse': { findings: [w('image-size-mismatch', 20)], exit: 0, strictExit: 1 },
  'missing-final-image.sse': { findings: [e('missing-final-image', 20)], exit: 1, strictExit: 1 },
  'secret-in-capture.sse': { findings: [e('secret-in-capture', 2)], exit: 1, strictExit: 1 },
  // A binary Bedrock capture (no lines: line 0) whose second message fails its CRC; the messages after it are read.
  'invalid-frame.eventstream': { findings: [e('invalid-frame', 0)], exit: 1, strictExit: 1 },
  // The 2 s stall of its .timing sidecar, at the delta that came after it.
  'slow-stream.sse': { findings: [w('slow-stream', 26)], exit: 0, strictExit: 1, budgets: { maxGapMs: 500 } },
  'cut-inside-image.sse': { findings: [e('invalid-json', 14), e('missing-terminal-event', 14)], exit: 1, strictExit: 1 },
  'noisy.sse': {
    findings: [...Array.from({ length: 15 }, (_, k) => e('sequence-gap', 14 + 3 * k)), e('text-mismatch', 59)],
    exit: 1,
    strictExit: 1,
  },
  '../seed-image-gen.sse': {
    findings: [
      e('invalid-image', 6),
      w('image-format-mismatch', 6),
      w('image-size-mismatch', 6),
      w('image-size-mismatch', 7),
      w('output-mismatch', 9),
      w('image-size-mismatch', 35),
    ],
    exit: 1,
    strictExit: 1,
  },
};

/** Samples whose report is kept in every format; the others keep the text report. */
const EVERY_FORMAT = new Set(['whole.sse', 'error-event.sse', 'noisy.sse', '../seed-image-gen.sse']);
const FORMATS = [
  ['text', 'check.txt'],
  ['json', 'check.json'],
  ['junit', 'check.xml'],
  ['github', 'check.github.txt'],
] as const;

/** Codes whose capture is too big to keep (over 256 MiB): a test generates it, streamed, and names it here. */
const GENERATED: Readonly<Partial<Record<string, string>>> = { 'event-too-large': 'test/hostile/long-lines.test.ts' };

describe('check samples: one minimal capture per rule', () => {
  test('every code of docs/spec.md §5 has a sample named after it, and every sample is in the table', () => {
    const files = readdirSync(join(ROOT, DIR)).filter((name) => name.endsWith('.sse') || name.endsWith('.eventstream'));
    for (const code of DIAGNOSTIC_CODES) {
      const generator = GENERATED[code];
      // A binary framing's code has a binary sample.
      if (generator === undefined) expect(files.filter((name) => name.replace(/\.(sse|eventstream)$/, '') === code), code).toHaveLength(1);
      else expect(readFileSync(join(ROOT, generator), 'utf8'), code).toContain(`'${code}'`);
    }
    expect(Object.keys(SAMPLES).filter((name) => !name.startsWith('../')).sort()).toEqual(files.sort());
  });

  test.each(Object.entries(SAMPLES))('%s gives exactly its findings', async (name, expected) => {
    const result = await checkInput({ kind: 'file', path: join(ROOT, pathOf(name)) }, expected.budgets !== undefined ? { budgets: expected.budgets } : {});
    expect(findings(result.diagnostics)).toEqual(expected.findings);
  });

  test.each(Object.entries(SAMPLES))('%s exits as expected, with and without --strict', async (name, expected) => {
    const path = pathOf(name);
    const flags = flagsOf(expected.budgets);
    expect((await runCli(['check', '-q', ...flags, path])).code).toBe(expected.exit);
    expect((await runCli(['check', '-q', '--strict', ...flags, path])).code).toBe(expected.strictExit);
  });
});

describe('check goldens: the reports beside the samples', () => {
  const cases = Object.keys(SAMPLES).flatMap((name) =>
    FORMATS.filter(([format]) => format === 'text' || EVERY_FORMAT.has(name)).map(([format, suffix]) => [name, format, suffix] as const),
  );
  test.each(cases)('%s as %s', async (name, format, suffix) => {
    // Relative paths, as a user types them: the report shows them as given.
    const { stdout, stderr } = await runCli(['check', '--format', format, ...flagsOf(SAMPLES[name]?.budgets), pathOf(name)]);
    expect(stderr).toBe('');
    const golden = join(ROOT, DIR, `${name.replace(/^\.\.\//, '').replace(/\.(sse|eventstream)$/, '')}.${suffix}`);
    if (UPDATE_GOLDEN) writeFileSync(golden, stdout);
    expect(existsSync(golden), `missing golden ${golden} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
    expect(stdout).toBe(readFileSync(golden, 'utf8'));
  });
});
