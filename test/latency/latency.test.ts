import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runInput } from '../../src/commands/run-input.js';
import { createLatencyRecorder } from '../../src/core/latency.js';
import { parseTiming } from '../../src/input/timing.js';
import { chunkings } from '../support/chunkings.js';
import { runCli } from '../support/fake-io.js';
import { ROOT, SEED } from '../support/samples.js';

const TIMED = 'samples/timing/seed-timed.sse';
const STALL = 'samples/check/slow-stream.sse';

interface Report {
  responses: { timing: unknown }[];
}

describe('latency figures from a .timing sidecar', () => {
  test('inspect --json: the timing object of the timed seed, measured by its sidecar', async () => {
    const { stdout, code } = await runCli(['inspect', '--json', TIMED]);
    expect(code).toBe(0);
    // Partials at 1.4 s and 2.6 s (line 6 after 1280 ms of silence), the message after 1.2 s more, text at 25 ms a delta.
    expect((JSON.parse(stdout) as Report).responses[0]?.timing).toEqual({
      source: 'sidecar',
      firstByteMs: 0,
      firstTextMs: 3950,
      firstReasoningMs: null,
      firstImageMs: 1400,
      finalImageMs: 4525,
      durationMs: 4525,
      maxGapMs: 1280,
      maxGapLine: 6,
      outputTokensPerSecond: 92,
    });
  });

  test('inspect --json without a sidecar: timing is null', async () => {
    const { stdout } = await runCli(['inspect', '--json', SEED]);
    expect((JSON.parse(stdout) as Report).responses[0]?.timing).toBeNull();
  });

  test('inspect text: a latency row with the 2 s stall and its line', async () => {
    const { stdout } = await runCli(['inspect', STALL]);
    expect(stdout).toContain('    latency    first text 160 ms · duration 2.68 s · longest gap 2.00 s (line 26) · 4.6 output tokens/s\n');
  });

  test('an unusable sidecar is ignored with one warning naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respcat-latency-'));
    const capture = join(dir, 'seed.sse');
    copyFileSync(SEED, capture);
    writeFileSync(`${capture}.timing`, '{"t":0,"n":5}\nnot json\n');
    const { stdout, stderr } = await runCli(['inspect', '--json', capture]);
    expect(stderr).toBe(`respcat: ignoring ${capture}.timing: line 2: expected {"t": ms ≥ 0, "n": bytes}, found "not json"; no latency figures\n`);
    expect((JSON.parse(stdout) as Report).responses[0]?.timing).toBeNull();
  });

  test('replay: the summary line adds TTFT and the recorded duration', async () => {
    const { stderr } = await runCli(['replay', '--no-images', STALL]);
    expect(stderr).toMatch(/^respcat: completed · gpt-4\.1-mini-2025-04-14 · 12 in \(0 cached\) \/ 11 out \(0 reasoning\) tokens · TTFT 160 ms · 2\.68 s streamed · \d+\.\ds\n$/);
  });
});

describe('check --max-ttft and --max-gap: slow-stream at the line the budget was crossed', () => {
  const findings = (stdout: string): string[] => stdout.split('\n').filter((line) => line.includes('[slow-stream]'));

  test('--max-gap 500 flags the 2 s stall at the delayed delta, line 26', async () => {
    const { stdout, code } = await runCli(['check', '--max-gap', '500', STALL]);
    expect(findings(stdout)).toEqual([`${STALL}:26: warning: Expected no pause over 500 ms between chunks (--max-gap), found 2000 ms before this event [slow-stream]`]);
    expect(code).toBe(0);
    expect((await runCli(['check', '--strict', '--max-gap', '500', STALL])).code).toBe(1);
  });

  test('--max-gap 2500 finds nothing; --max-gap 1000 on the timed seed finds its three long pauses', async () => {
    expect(findings((await runCli(['check', '--max-gap', '2500', STALL])).stdout)).toEqual([]);
    const lines = findings((await runCli(['check', '--max-gap', '1000', TIMED])).stdout).map((line) => line.split(':')[1]);
    expect(lines).toEqual(['6', '7', '10']);
  });

  test('--max-ttft: the first event past the budget with no text yet (it may be the text itself)', async () => {
    expect(findings((await runCli(['check', '--max-ttft', '100', TIMED])).stdout)).toEqual([
      `${TIMED}:5: warning: Expected the first text within 100 ms of the response's first event (--max-ttft), found it 3950 ms after [slow-stream]`,
    ]);
    // Text came at 160 ms: a budget of 150 is crossed by the first delta itself (line 14), one of 200 not at all.
    expect(findings((await runCli(['check', '--max-ttft', '150', STALL])).stdout).map((line) => line.split(':')[1])).toEqual(['14']);
    expect(findings((await runCli(['check', '--max-ttft', '200', STALL])).stdout)).toEqual([]);
  });

  test('a budget with no sidecar to measure by says so on stderr', async () => {
    const { stderr, code } = await runCli(['check', '--max-gap', '500', SEED]);
    expect(stderr).toBe(`respcat: ${SEED}: no usable timing sidecar (${SEED}.timing): --max-ttft and --max-gap not checked\n`);
    expect(code).toBe(1);
  });
});

describe('the figures depend on the sidecar, not on how the input is read', () => {
  const bytes = new Uint8Array(readFileSync(join(ROOT, TIMED)));
  const timing = parseTiming(readFileSync(join(ROOT, `${TIMED}.timing`), 'utf8'));
  if (!timing.ok) throw new Error(timing.problem);

  /** Figures, gaps and the timeline of the timed seed, read in `chunks`. */
  async function measure(chunks: readonly Uint8Array[]) {
    const recorder = createLatencyRecorder({ chunks: timing.ok ? timing.entries : [], keepGapsOverMs: 500, ttftBudgetMs: 100 });
    const result = await runInput({
      source: { kind: 'stream', stream: Readable.from(chunks.map((chunk) => Buffer.from(chunk))), name: 'timed' },
      images: null,
      latency: { recorder, entries: timing.ok ? timing.entries : null },
    });
    const response = result.processor.responses[0];
    if (response === undefined) throw new Error('no response');
    return { figures: recorder.figures(response), gaps: recorder.gaps.map((gap) => [gap.ms, gap.position.line]), late: [...recorder.lateText.values()].map((late) => late.position.line), timeline: recorder.timeline(0) };
  }

  test('whole, one byte at a time, every 97th two-way split and seeded random splits give the same', async () => {
    const expected = await measure([bytes]);
    expect(expected.gaps).toEqual([
      [1280, 6],
      [1200, 7],
      [1200, 10],
    ]);
    expect(expected.late).toEqual([5]);
    for (const { name, chunks } of chunkings(bytes, { seed: 21, random: 20, maxTwoWay: 100 })) {
      expect(await measure(chunks), name).toEqual(expected);
    }
  });
});
