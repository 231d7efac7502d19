import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { crc32 } from '../../src/images/crc32.js';
import { ensureBuilt } from '../support/binary.js';
import { partialImageJson } from '../support/image-lines.js';
import { runBinStreamed } from './streamed.js';

// Issue 23: one huge partial image line through a pipe, in 64 KiB pieces (the benchmark's `line-rss` row). Its
// base64 stays in the chunks it came in and is decoded piece by piece: peak memory is the line and the image's
// bytes, not also a joined copy of the line and the line as a string. What replay prints, its exit code and the
// file it writes are those of the usual path, which a JSON escape in the base64 forces (`\/` is `/`: the same
// image, but no plain string), for strict and damaged base64.
beforeAll(ensureBuilt);

const MiB = 1 << 20;
const PIECE = 64 * 1024;
const scratch = mkdtempSync(join(tmpdir(), 'respcat-huge-image-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid grey PNG of about `bytes` bytes: noisy rows, stored (not compressed), so it is made in a moment. */
function largePng(bytes: number): Buffer {
  const side = Math.floor(Math.sqrt(bytes));
  const raw = Buffer.alloc(side * (side + 1));
  let x = 7;
  for (let i = 0; i < raw.length; i++) raw[i] = i % (side + 1) === 0 ? 0 : (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8;
  const idat = deflateSync(raw, { level: 0 });
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  for (let at = 0; at < idat.length; at += MiB) parts.push(chunk('IDAT', idat.subarray(at, at + MiB)));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** Replays `line` from stdin in 64 KiB pieces into one output folder: what it printed, its files and its peak RSS. */
async function replayLine(line: string) {
  const out = join(scratch, 'out');
  rmSync(out, { recursive: true, force: true });
  const bytes = Buffer.from(line, 'latin1');
  const run = await runBinStreamed(['replay', '--out-dir', out], async (write) => {
    for (let at = 0; at < bytes.length; at += PIECE) await write(bytes.subarray(at, at + PIECE));
  });
  let names: string[] = [];
  try {
    names = readdirSync(out).sort();
  } catch {
    // Nothing written.
  }
  // Digests, not the bytes: a failing comparison of 30 MB buffers would print all of them.
  const files = names.map((name) => ({ name, sha256: sha256(readFileSync(join(out, name))) }));
  // The closing line says how long the replay took: the one thing two runs do not share.
  const stderr = run.stderr.replace(/ · [\d.]+(ms|s)\n/g, ' · (time)\n');
  return { code: run.code, stdout: run.stdout, stderr, files, peakMiB: run.peakMiB };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The same base64, its first `/` written `\/`. */
function escaped(b64: string): string {
  const slash = b64.indexOf('/');
  return `${b64.slice(0, slash)}\\/${b64.slice(slash + 1)}`;
}

describe('one huge partial image line through a pipe', () => {
  const png = largePng(30 * MiB);
  const b64 = png.toString('base64');
  const lineOf = (text: string): string => `data: ${partialImageJson(text)}\n`;

  test('strict base64: the image written as the usual path writes it, in less memory than two copies of the line', { timeout: 180_000 }, async () => {
    const line = lineOf(b64);
    const fixed = (await replayLine('data: {"type":"response.created","response":{"id":"r","status":"in_progress","output":[]}}\n')).peakMiB;
    const bytesWay = await replayLine(line);
    const usualWay = await replayLine(lineOf(escaped(b64)));
    // A lone partial image: the response never finishes (exit 1).
    expect(bytesWay.code).toBe(1);
    expect(bytesWay.files.map((f) => f.name)).toEqual(['ig_1.partial-0.png']);
    expect(bytesWay.files[0]?.sha256).toBe(sha256(png));
    expect({ ...bytesWay, peakMiB: 0 }).toEqual({ ...usualWay, peakMiB: 0 });
    // The line is held until it ends (1×) and the image decoded (0.75×) beside it. The usual path held a joined
    // copy of the line and its text as well: about 3.8× the line beyond the fixed cost.
    const lineMiB = line.length / MiB;
    expect(bytesWay.peakMiB - fixed, `peak ${bytesWay.peakMiB.toFixed(0)} MiB, fixed ${fixed.toFixed(0)} MiB, line ${lineMiB.toFixed(0)} MiB`).toBeLessThan(2.6 * lineMiB);
  });

  test('damaged base64 (a stray character): the same finding, bytes and output as the usual path', { timeout: 180_000 }, async () => {
    const mid = Math.floor(b64.length / 2);
    const damaged = `${b64.slice(0, mid)}!${b64.slice(mid)}`;
    const bytesWay = await replayLine(lineOf(damaged));
    const usualWay = await replayLine(lineOf(escaped(damaged)));
    expect(bytesWay.code).toBe(1);
    expect(bytesWay.stdout + bytesWay.stderr).toContain('invalid, kept raw: not valid base64');
    // The lenient decoder skips the stray character: the image's own bytes.
    expect(bytesWay.files[0]?.sha256).toBe(sha256(png));
    expect({ ...bytesWay, peakMiB: 0 }).toEqual({ ...usualWay, peakMiB: 0 });
  });
});
