import { gzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { MAX_EVENT_BYTES } from '../../src/core/sse.js';
import { ensureBuilt } from '../support/binary.js';
import { runBinStreamed, type Write } from './streamed.js';

// docs/spec.md §10, through the built binary with generated inputs streamed into its stdin (nothing big on disk):
// a line that cannot be an event is dropped as it streams, an event over 256 MiB is reported as
// `event-too-large` and skipped, and the rest of the input is read. Peak RSS bounds leave room for a busy
// machine; keeping the lines (as respcat did) takes two to three times their size.
beforeAll(ensureBuilt);

const MiB = 1 << 20;
const HEAD = 'data: {"type":"response.created","sequence_number":0,"response":{"id":"r","status":"in_progress","output":[]}}\n';
const TAIL =
  'data: {"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"m","type":"message","role":"assistant","content":[]}}\n' +
  'data: {"type":"response.output_text.delta","sequence_number":2,"output_index":0,"content_index":0,"item_id":"m","delta":"after"}\n' +
  'data: {"type":"response.completed","sequence_number":3,"response":{"id":"r","status":"completed","output":[]}}\n';

/** `total` bytes of `fill`, written a MiB at a time. */
async function repeat(write: Write, fill: string, total: number): Promise<void> {
  const piece = Buffer.alloc(MiB, fill);
  for (let left = total; left > 0; left -= MiB) await write(left >= MiB ? piece : piece.subarray(0, left));
}

describe('a line that can never be an event is dropped as it streams', () => {
  test('200 MB of log text on one line: one positioned warning, the stream after it replayed, memory flat', async () => {
    const run = await runBinStreamed(['replay', '--no-images', '-'], async (write) => {
      await write(HEAD);
      await write('junk: ');
      await repeat(write, 'z', 200 * MiB);
      await write(`\n${TAIL}`);
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('after\n');
    expect(run.stderr).toMatch(/^<stdin>:2: warning: Expected an SSE field, a JSON line or a blank line, found "junk: z+…" \[unrecognized-line\]\n/);
    // Kept whole, the line took ~600 MB here; dropped, it is node and a few chunks.
    expect(run.peakMiB).toBeLessThan(160);
  });

  test('a gzip bomb, 256 MiB of zeros on one line: inflated as it streams, the line dropped, the rest read', async () => {
    // Concatenated gzip members inflate to one stream: a MiB of zeros deflates to ~1 kB, so this is ~270 kB.
    const zeros = gzipSync(Buffer.alloc(MiB), { level: 9 });
    const run = await runBinStreamed(['check', '--format', 'junit', '-'], async (write) => {
      await write(gzipSync(HEAD));
      for (let k = 0; k < 256; k++) await write(zeros);
      await write(gzipSync(`\n${TAIL}`));
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    type Case = { '@_name': string; 'system-out'?: string };
    const suite = (new XMLParser({ ignoreAttributes: false }).parse(run.stdout) as { testsuites: { testsuite: { '@_failures': string; testcase: Case[] } } }).testsuites.testsuite;
    expect(suite['@_failures']).toBe('0');
    expect(suite.testcase.find((c) => c['@_name'] === 'unrecognized-line')?.['system-out']).toMatch(/^line 2: warning: Expected an SSE field, a JSON line or a blank line, found "(\\u0000){40}…"$/);
    expect(run.peakMiB).toBeLessThan(160);
  });
});

describe('an event over the limit is reported and skipped', () => {
  test(`a data: line one MiB over ${MAX_EVENT_BYTES / MiB} MiB: 'event-too-large' at its line, every report complete, the rest read`, async () => {
    expect(MAX_EVENT_BYTES).toBe(256 * MiB);
    const size = MAX_EVENT_BYTES + MiB;
    const prefix = 'data: {"type":"response.output_text.delta","sequence_number":9,"item_id":"m","output_index":0,"content_index":0,"delta":"x","unknown":"';
    const run = await runBinStreamed(['check', '--format', 'json', '-'], async (write) => {
      await write(HEAD);
      await write(prefix);
      await repeat(write, 'A', size - prefix.length - 3);
      await write(`"}\n${TAIL}`);
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { errors: number; warnings: number; files: { diagnostics: { severity: string; code: string; message: string; line: number }[] }[] };
    expect(report.files[0]?.diagnostics).toEqual([
      { severity: 'error', code: 'event-too-large', message: `Expected an event of at most ${MAX_EVENT_BYTES} bytes, found a line of ${size - 1} bytes; skipped`, line: 2 },
    ]);
    expect([report.errors, report.warnings]).toEqual([1, 0]);
    // The event is held up to the limit, never joined or decoded: the limit plus node, not two or three times it.
    expect(run.peakMiB).toBeLessThan(MAX_EVENT_BYTES / MiB + 160);
  });
});
