import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, pipeIntoHead, startBin } from '../support/binary.js';
import { noisyPng, PNG_1X1, responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-pipes-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('pipes and signals (docs/spec.md §6)', () => {
  test('output into a closed pipe (| head -c 100) ends quietly with success', async () => {
    const big = join(work, 'big.sse');
    writeFileSync(big, toDataLines(responseEvents({ text: Array.from({ length: 200_000 }, (_, i) => `word${i} `) })));
    const result = await pipeIntoHead(['replay', big], { bytes: 100 });
    expect(result.stdout).toHaveLength(100);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('Ctrl-C stops promptly with 130, keeps finished images and leaves no temporary file', async () => {
    const outDir = join(work, 'interrupted');
    const child = startBin(['replay', '--out-dir', outDir]);
    const events = responseEvents({ imageItemId: 'ig_1', partials: [noisyPng(64, 64, 1), noisyPng(64, 64, 2)], finalImage: PNG_1X1, text: ['a'] });
    // Send the two partials, then leave the stream open as a stalled connection would.
    child.stdin.write(toDataLines(events.slice(0, 4)));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const deadline = Date.now() + 10_000;
    while (!stderr.includes('partial-1.png') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(Date.now() - started).toBeLessThan(2000);
    const files = readdirSync(outDir).sort();
    expect(files).toEqual(['ig_1.partial-0.png', 'ig_1.partial-1.png']);
    expect(readFileSync(join(outDir, 'ig_1.partial-1.png'))).toEqual(Buffer.from(noisyPng(64, 64, 2), 'base64'));
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('stdout and stderr into one closed pipe (2>&1 | head -c 5) end quietly with success', async () => {
    for (let run = 0; run < 5; run++) {
      const outDir = join(work, `both-closed-${run}`);
      const result = await pipeIntoHead(['replay', 'samples/seed-image-gen.sse', '--out-dir', outDir], { bytes: 5, both: true });
      expect(result.stdout).toBe('Here ');
      expect(result.code, `run ${run}`).toBe(0);
    }
  });

  test('SIGTERM stops like Ctrl-C: exit 143, finished images kept, no temporary file, 20 times over', async () => {
    const capture = join(work, 'many-images.sse');
    const partials = Array.from({ length: 3 }, (_, i) => noisyPng(256, 256, i + 1));
    const items = Array.from({ length: 12 }, (_, i) => responseEvents({ imageItemId: `ig_${i}`, partials, finalImage: noisyPng(256, 256, 100 + i), text: ['a'] }));
    writeFileSync(capture, items.map((events) => toDataLines(events)).join(''));
    for (let run = 0; run < 20; run++) {
      const outDir = join(work, `terminated-${run}`);
      const child = startBin(['replay', capture, '--out-dir', outDir, '--delay', '5']);
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const deadline = Date.now() + 20_000;
      while (!stderr.includes('saved ') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, run * 3));
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect([143, 0, 1], `run ${run}: ${code}`).toContain(code);
      if (code !== 143) continue; // it had already finished
      const files = readdirSync(outDir);
      expect(files.filter((name) => name.endsWith('.tmp')), `run ${run}`).toEqual([]);
      for (const name of files) expect(stderr, `run ${run}: ${name} was reported saved`).toContain(name);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  test('Ctrl-C in process: the replay returns 130', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCli(['replay', '--no-images'], { stdin: toDataLines(responseEvents({ text: ['a'] })), signal: controller.signal });
    expect(result.code).toBe(130);
  });
});

describe('bounded image work (docs/spec.md §7)', () => {
  /** A PNG whose IHDR claims width × height over the seed's 1×1 image data, with a correct CRC. */
  function lyingPng(width: number, height: number): string {
    const bytes = Buffer.from(PNG_1X1, 'base64');
    bytes.writeUInt32BE(width, 16);
    bytes.writeUInt32BE(height, 20);
    const crc = crc32(bytes.subarray(12, 29));
    bytes.writeUInt32BE(crc, 29);
    return bytes.toString('base64');
  }

  test('a PNG claiming 100000 × 100000 is reported invalid quickly with small memory, and still written raw', async () => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const outDir = join(work, 'lying');
    const result = await runCli(['replay', '--out-dir', outDir], { stdin: toDataLines(responseEvents({ imageItemId: 'ig_lie', finalImage: lyingPng(100_000, 100_000) })) });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(result.stderr).toMatch(/ig_lie\.png .*invalid, kept raw: PNG header claims 100000 × 100000 pixels/);
    expect(readdirSync(outDir)).toEqual(['ig_lie.png']);
  });
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
