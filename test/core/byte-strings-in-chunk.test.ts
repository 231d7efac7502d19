import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ByteString, textOf, type Text } from '../../src/core/byte-string.js';
import { createProcessor } from '../../src/families/index.js';
import { decodeImageBase64, decodeImageBytes } from '../../src/images/image-processor.js';
import { nodeBytes } from '../../src/input/read-input.js';
import { chunkings, createRandom } from '../support/chunkings.js';

// Replay's processor (byteStrings, deferResults) leaves a partial image's base64 of 64 KiB or more in the chunk
// it arrived in when its line lies within that chunk; the image processor decodes it from those bytes
// (decodeBase64Bytes) and never makes it a string. Here: the same images, bytes and verdicts as the string
// path, however the capture is split, for strict base64, base64 with JSON escapes or stray characters, and
// sizes on both sides of the threshold.
const random = createRandom(77);

function partial(index: number, b64: string): string {
  return `event: response.image_generation_call.partial_image\ndata: {"type":"response.image_generation_call.partial_image","sequence_number":${index + 1},"output_index":0,"item_id":"ig_1","partial_image_index":${index},"partial_image_b64":"${b64}","size":"1024x1024","output_format":"png"}\n\n`;
}

const images = [
  randomBytes(200_000).toString('base64'),
  randomBytes(49_000).toString('base64'),
  randomBytes(120_001).toString('base64').replace(/=+$/, ''),
  // A JSON escape inside the base64 (`\/` is `/`): the text differs from the bytes, so the string path reads it.
  randomBytes(90_000).toString('base64').replace('/', '\\/'),
  // Not strict: a stray character in the middle (Node's decoder skips it; the verdict says invalid).
  (() => {
    const text = randomBytes(150_000).toString('base64');
    return `${text.slice(0, 70_000)}*${text.slice(70_001)}`;
  })(),
];
const capture = Buffer.from(
  'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","model":"m","output":[]}}\n\n' +
    images.map((b64, index) => partial(index, b64)).join(''),
);

function imagesOf(chunks: readonly Uint8Array[], byteStrings: boolean) {
  const seen: { text: string; kept: boolean; bytes: string; valid: boolean }[] = [];
  const processor = createProcessor({
    ...nodeBytes,
    deferResults: true,
    byteStrings,
    onUpdate(update) {
      if (update.kind !== 'image') return;
      const b64: Text = update.b64;
      const decoded = b64 instanceof ByteString ? decodeImageBytes(b64) : decodeImageBase64(b64);
      seen.push({ text: textOf(b64), kept: b64 instanceof ByteString, bytes: decoded.bytes.toString('base64'), valid: decoded.valid });
    },
  });
  for (const chunk of chunks) processor.feed(chunk);
  processor.end();
  return { seen, diagnostics: processor.diagnostics.map((d) => `${d.position.line}:${d.code}`) };
}

describe('image base64 left in its chunk', () => {
  test('fed whole: the large images stay bytes, the small and the escaped one are strings; the bytes and verdicts are the string path\'s', () => {
    const strings = imagesOf([capture], false);
    const bytes = imagesOf([capture], true);
    expect(bytes.seen.map((image) => image.kept)).toEqual([true, false, true, false, true]);
    expect(strings.seen.map((image) => image.kept)).toEqual([false, false, false, false, false]);
    expect(bytes.seen.map(({ text, bytes, valid }) => ({ text, bytes, valid }))).toEqual(strings.seen.map(({ text, bytes, valid }) => ({ text, bytes, valid })));
    expect(bytes.seen.map((image) => image.valid)).toEqual([true, true, true, true, false]);
    expect(bytes.diagnostics).toEqual(strings.diagnostics);
  });

  test('split anywhere: the same images, bytes, verdicts and findings', () => {
    const expected = imagesOf([capture], false);
    const strip = (run: ReturnType<typeof imagesOf>) => ({ seen: run.seen.map(({ text, bytes, valid }) => ({ text, bytes, valid })), diagnostics: run.diagnostics });
    // Two-way splits across the whole capture (inside every image, at its quotes and escapes), and pipe-sized pieces.
    for (const { chunks } of chunkings(capture, { maxTwoWay: 80, random: 10 })) if (chunks.length < 1000) expect(strip(imagesOf(chunks, true))).toEqual(strip(expected));
    for (const size of [65_536, 1009, 200_003]) {
      const chunks = Array.from({ length: Math.ceil(capture.length / size) }, (_, i) => Buffer.from(capture.subarray(i * size, (i + 1) * size)));
      expect(strip(imagesOf(chunks, true))).toEqual(strip(expected));
    }
    for (let round = 0; round < 20; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * capture.length)).sort((a, b) => a - b);
      const chunks = [0, ...cuts].map((at, i, all) => Buffer.from(capture.subarray(at, all[i + 1] ?? capture.length)));
      expect(strip(imagesOf(chunks, true))).toEqual(strip(expected));
    }
  });
});
