import { describe, expect, test } from 'vitest';
import { ByteString } from '../../src/core/byte-string.js';
import type { ImageRecord } from '../../src/core/model.js';
import { createImageProcessor, decodeImageBase64 } from '../../src/images/image-processor.js';
import type { ImageWriter, OpenImageFile } from '../../src/images/image-writer.js';
import { createRandom, splitAt } from '../support/chunkings.js';

// Large images are decoded into buffers reused once their image is reported (image-processor.ts,
// createDecodeBuffers). A buffer handed out again while its image is still being checked or written would
// give that image the next one's bytes: every image must reach the writer and onOutcome with its own bytes,
// whatever order the writes finish in, and the verdicts must be those of decoding each into a buffer of its own.

const record = (index: number): ImageRecord => ({
  responseIndex: 0,
  itemId: 'ig_reuse',
  outputIndex: 0,
  kind: 'partial',
  index,
  declaredFormat: null,
  declaredSize: null,
  position: { line: index + 1, byte: 0 },
  source: 'test',
});

/** A writer whose writes end after random delays, out of order, and read the bytes only as they end. */
function slowWriter(seed: number): { writer: ImageWriter; written: Map<string, string> } {
  const random = createRandom(seed);
  const written = new Map<string, string>();
  const writer: ImageWriter = {
    dir: 'out',
    async write(name, bytes) {
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 8)));
      written.set(name, Buffer.from(bytes).toString('base64'));
      return `out/${name}`;
    },
    open: (): Promise<OpenImageFile> => Promise.reject(new Error('not used')),
    commit: () => Promise.reject(new Error('not used')),
    discard: (_file, error) => {
      throw error;
    },
    abandon() {},
  };
  return { writer, written };
}

/** Base64 of `length` random bytes, some of it made not strictly base64 (a stray character), as a capture may be. */
function imageText(random: () => number, length: number, damaged: boolean): string {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  const b64 = bytes.toString('base64');
  return damaged ? `${b64.slice(0, 1000)}*${b64.slice(1000)}` : b64;
}

describe('reused decode buffers', () => {
  test.each([1, 2, 3])('every image is written and reported with its own bytes (seed %i)', async (seed) => {
    const random = createRandom(seed * 7919);
    // Sizes around the reuse threshold (256 KiB of base64) and above it, growing and shrinking, so buffers are
    // reused for smaller images, passed over for larger ones, and replaced.
    const texts = Array.from({ length: 24 }, (_, i) => imageText(random, [150_000, 200_000, 400_000, 900_000, 300_000][i % 5] as number, i % 7 === 3));
    const { writer, written } = slowWriter(seed);
    const reported: { index: number; bytes: string; valid: boolean }[] = [];
    const images = createImageProcessor({
      writer,
      quick: true,
      onOutcome: (outcome) => reported.push({ index: outcome.record.index ?? -1, bytes: Buffer.from(outcome.bytes).toString('base64'), valid: outcome.base64Valid }),
    });
    for (const [index, text] of texts.entries()) {
      // Every other one as replay hands on an image line's base64: a ByteString of views of its chunks.
      const bytes = Buffer.from(text, 'latin1');
      images.add(record(index), index % 2 === 0 ? text : new ByteString(splitAt(bytes, [Math.floor(random() * bytes.length)]), bytes.length));
      // As a reader would: wait for room now and then, so several images are queued and in flight at once.
      if (index % 3 === 2) await images.room();
    }
    await images.drain();

    const expected = texts.map((text) => decodeImageBase64(text));
    expect(reported.map((r) => r.index)).toEqual(texts.map((_, i) => i));
    expect(reported.map((r) => r.bytes)).toEqual(expected.map((e) => e.bytes.toString('base64')));
    expect(reported.map((r) => r.valid)).toEqual(expected.map((e) => e.valid));
    expect(expected.some((e) => !e.valid)).toBe(true);
    expect([...written.values()].sort()).toEqual(expected.map((e) => e.bytes.toString('base64')).sort());
    expect(written.size).toBe(texts.length);
  });
});
