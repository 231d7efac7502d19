import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../support/binary.js';
import { PNG_1X1, responseEvents, toDataLines } from '../support/captures.js';
import { ROOT } from '../support/samples.js';

// Issue 14 item 6: images in flight are bounded (IMAGE_CONCURRENCY at once, src/images/image-processor.ts),
// with constant-time backpressure. Before, every image of a read chunk (1 MiB: ~3,500 tiny partials) started
// at once and the reader raced them all: 5,000 partials took ~12 s and 650 MB to check on an idle machine,
// and replay opened a file per image at once (EMFILE at 256 open files, 236 of 5,001 written, exit 3).
const work = mkdtempSync(join(tmpdir(), 'respcat-in-flight-'));
const PARTIALS = 5000;
const capture = join(work, 'partials.sse');
beforeAll(() => {
  ensureBuilt();
  // Generated, not committed: one item with 5,000 valid 1×1 PNG partials and a final image (1.5 MB).
  writeFileSync(capture, toDataLines(responseEvents({ imageItemId: 'ig_many', partials: Array.from({ length: PARTIALS }, () => PNG_1X1), finalImage: PNG_1X1 })));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('5,000 tiny partial images', () => {
  test('check reads them all in under 5 s and 300 MB (about 1 s and 70 MB on an idle machine)', () => {
    const rss = join(work, 'rss.txt');
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', join(ROOT, 'bench', 'rss-hook.mjs'), BIN, 'check', capture], {
      env: { ...process.env, NO_COLOR: '1', RESPCAT_BENCH_RSS: rss },
      encoding: 'utf8',
      timeout: 25_000,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${capture}: ok\n\n1 file checked, all passed: 0 errors, 0 warnings\n`);
    expect(result.status).toBe(0);
    expect(seconds).toBeLessThan(5);
    expect(Number(readFileSync(rss, 'utf8')) / 1024).toBeLessThan(300);
  });

  test('replay with at most 256 open files writes all 5,001 images, each with its bytes, and exits 0', () => {
    const outDir = join(work, 'out');
    const result = spawnSync('bash', ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, BIN, 'replay', capture, '--out-dir', outDir], {
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 25_000,
    });
    expect(result.stderr).not.toContain('cannot write');
    expect(result.status).toBe(0);
    const saved = result.stderr.split('\n').filter((line) => line.startsWith('saved '));
    expect(saved).toHaveLength(PARTIALS + 1);
    // Reported in stream order, whatever order the writes finished in.
    expect(saved[0]).toBe(`saved ${join(outDir, 'ig_many.partial-0.png')} (partial 0, PNG 1×1, 68 B)`);
    expect(saved[PARTIALS - 1]).toBe(`saved ${join(outDir, `ig_many.partial-${PARTIALS - 1}.png`)} (partial ${PARTIALS - 1}, PNG 1×1, 68 B)`);
    expect(saved[PARTIALS]).toBe(`saved ${join(outDir, 'ig_many.png')} (final, PNG 1×1, 68 B)`);
    expect(result.stderr).toContain(`· ${PARTIALS + 1} images → ${outDir} ·`);
    const files = readdirSync(outDir);
    expect(files).toHaveLength(PARTIALS + 1);
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const expected = Buffer.from(PNG_1X1, 'base64');
    for (const name of files) expect(readFileSync(join(outDir, name))).toEqual(expected);
  });
});
