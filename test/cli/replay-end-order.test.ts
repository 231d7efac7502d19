import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript without types.
import { writeImageCapture } from '../../bench/generate.mjs';
import { BIN, ensureBuilt, runBin } from '../support/binary.js';

// A stream cut off after its images: every image is reported (its `saved` line) before what the end of the
// input finds, the same on every run, from a file and through a pipe. respcat used to print the finding as
// soon as the input ended, while the last images were still being written, so it landed among their
// `saved` lines, at a place that changed from run to run through a pipe.
const scratch = mkdtempSync(join(tmpdir(), 'respcat-end-order-'));
const capture = join(scratch, 'cut-off.sse');
let serial = 0;

beforeAll(() => {
  ensureBuilt();
  const whole = join(scratch, 'whole.sse');
  // Two image items (3 partials and a final each, ~1 MB PNGs) and a short message; then the terminal event is cut.
  writeImageCapture(whole, { items: 2, deltas: 20, text: 'ascii' });
  const bytes = readFileSync(whole);
  writeFileSync(capture, bytes.subarray(0, bytes.lastIndexOf('event: response.completed')));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Replays the capture through a pipe, written in 64 KiB pieces as a live stream arrives. */
function replayPiped(outDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'replay', '--out-dir', outDir], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    createReadStream(capture, { highWaterMark: 64 * 1024 }).pipe(child.stdin);
  });
}

function expectImagesBeforeEnd(stderr: string, name: string): void {
  const lines = stderr.split('\n');
  const saved = lines.flatMap((line, at) => (line.startsWith('saved ') ? [at] : []));
  const finding = lines.findIndex((line) => line.startsWith(`${name}:`) && line.endsWith('[missing-terminal-event]'));
  expect(saved).toHaveLength(8);
  expect(finding).toBeGreaterThan(-1);
  expect(finding).toBeGreaterThan(Math.max(...saved));
}

describe('replay of a stream cut off after its images', () => {
  test('from a file: every saved line, then the end-of-input finding', () => {
    for (let run = 0; run < 3; run++) {
      const result = runBin(['replay', capture, '--out-dir', join(scratch, `out-${++serial}`)]);
      expect(result.code).toBe(1);
      expectImagesBeforeEnd(result.stderr, capture);
    }
  });

  test('through a pipe: the same order on every run', async () => {
    const orders = new Set<string>();
    for (let run = 0; run < 4; run++) {
      const result = await replayPiped(join(scratch, `out-${++serial}`));
      expect(result.code).toBe(1);
      expectImagesBeforeEnd(result.stderr, '<stdin>');
      orders.add(result.stderr.split('\n').filter((line) => !line.startsWith('respcat: ')).join('\n').replaceAll(/out-\d+/g, 'out'));
    }
    expect(orders.size).toBe(1);
  });
});
