import { deflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { countInflatedAtOnce, countInflatedStreaming } from '../../src/images/png.js';

// PNG image data is inflated at once (small data, or a small result) or streamed on the thread pool (the rest):
// both must come to the same verdict, since which one runs depends on sizes only (src/images/png.ts).
describe('inflating at once and streaming give the same count', () => {
  // A flat 1024 × 1024 RGBA image: 4 MiB of scanlines from a few KB of data, the case now inflated at once.
  const flat = Buffer.alloc(1024 * (1 + 4 * 1024));
  const data = deflateSync(flat);
  const cases: [string, Buffer, number][] = [
    ['whole, the size the header implies', data, flat.length],
    ['more than the header implies', data, flat.length - 1000],
    ['cut off', data.subarray(0, Math.floor(data.length / 2)), flat.length],
    ['cut off near its end', data.subarray(0, data.length - 3), flat.length],
    ['damaged', Buffer.concat([data.subarray(0, 40), Buffer.from([0xff, 0xff, 0xff, 0xff]), data.subarray(44)]), flat.length],
    ['not zlib at all', Buffer.from('not zlib data at all, none'), flat.length],
  ];
  test.each(cases)('%s', async (_name, bytes, limit) => {
    expect(data.length).toBeLessThan(64 * 1024);
    const streamed = await countInflatedStreaming([bytes.subarray(0, 7), bytes.subarray(7)], limit);
    const atOnce = countInflatedAtOnce(bytes, limit);
    // What checkPng says from it: the byte count only where its message shows it (ended, or cut off).
    const said = (count: typeof atOnce) =>
      count.outcome === 'error' ? { outcome: count.outcome, code: count.code, message: count.message, ...(count.code === 'Z_BUF_ERROR' ? { produced: count.produced } : {}) } : count.outcome === 'ended' ? count : { outcome: count.outcome };
    expect(said(atOnce)).toEqual(said(streamed));
  });
});
