import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ByteString, textOf, type Text } from '../../src/core/byte-string.js';
import { createProcessor } from '../../src/families/index.js';
import { decodeImageBase64, decodeImageBytes } from '../../src/images/image-processor.js';
import { nodeBytes } from '../../src/input/read-input.js';
import { createRandom, splitAt } from '../support/chunkings.js';

// The final image of an `output_item.done` (`item.result`, the Responses family's nested byteKey) stays bytes like
// a partial image's `partial_image_b64`, on a long line that came in pieces: the same images, bytes, verdicts,
// findings and kept items as the string path, however the capture is split; `result` is never kept in the item.
const random = createRandom(77);
// Thresholds lowered as the tests of byte-strings.test.ts lower them: the path itself is the same for 100 MB.
const BYTES = { min: 50_000, piecesMin: 60_000 };

const partial = (index: number, b64: string): string =>
  `data: {"type":"response.image_generation_call.partial_image","sequence_number":${index + 1},"output_index":0,"item_id":"ig_1","partial_image_index":${index},"partial_image_b64":"${b64}","size":"1024x1024","output_format":"png"}\n\n`;
const done = (b64: string): string =>
  `data: {"type":"response.output_item.done","sequence_number":9,"output_index":0,"item":{"id":"ig_1","type":"image_generation_call","status":"completed","output_format":"png","size":"1024x1024","result":"${b64}"}}\n\n`;

function captureWith(final: string): Buffer {
  return Buffer.from(
    'data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","model":"m","output":[]}}\n\n' +
      partial(0, randomBytes(90_000).toString('base64')) +
      done(final) +
      'data: {"type":"response.completed","sequence_number":10,"response":{"id":"resp_1","status":"completed","model":"m","output":[{"id":"ig_1","type":"image_generation_call","status":"completed","result":"x"}]}}\n\n',
  );
}

function run(chunks: readonly Uint8Array[], byteStrings: typeof BYTES | false) {
  const images: { text: string; kept: boolean; bytes: string; valid: boolean }[] = [];
  const processor = createProcessor({
    ...nodeBytes,
    deferResults: true,
    byteStrings,
    rules: [],
    onUpdate(update) {
      if (update.kind !== 'image') return;
      const b64: Text = update.b64;
      const decoded = b64 instanceof ByteString ? decodeImageBytes(b64) : decodeImageBase64(b64);
      images.push({ text: textOf(b64), kept: b64 instanceof ByteString, bytes: decoded.bytes.toString('base64'), valid: decoded.valid });
    },
  });
  for (const chunk of chunks) processor.feed(chunk);
  processor.end();
  const items = processor.responses.flatMap((response) => [...response.items.values()].map((item) => JSON.stringify(item.item)));
  return { images, items, diagnostics: processor.diagnostics.map((d) => `${d.position.line}:${d.code}`) };
}

const strip = (r: ReturnType<typeof run>) => ({ ...r, images: r.images.map(({ text, bytes, valid }) => ({ text, bytes, valid })) });

describe('a final image in output_item.done left as bytes', () => {
  for (const [name, final] of [
    ['strict base64', randomBytes(120_000).toString('base64')],
    ['base64 with a stray character', (() => { const t = randomBytes(120_000).toString('base64'); return `${t.slice(0, 80_000)}*${t.slice(80_001)}`; })()],
  ] as const) {
    test(`${name}: the same images, bytes, verdicts, findings and items as the string path, split anywhere`, () => {
      const capture = captureWith(final);
      const expected = strip(run([capture], false));
      expect(expected.images.map((image) => image.text.length)).toEqual([120_000, final.length]);
      expect(expected.items.join('')).not.toContain('"result"');
      // 64 KiB pieces, as through a pipe: both image lines come in pieces and stay bytes.
      const pieces = Array.from({ length: Math.ceil(capture.length / 65_536) }, (_, i) => Buffer.from(capture.subarray(i * 65_536, (i + 1) * 65_536)));
      const piped = run(pieces, BYTES);
      expect(piped.images.map((image) => image.kept)).toEqual([true, true]);
      expect(strip(piped)).toEqual(expected);
      for (let round = 0; round < 12; round++) {
        const cuts = Array.from({ length: 2 + Math.floor(random() * 8) }, () => Math.floor(random() * capture.length));
        expect(strip(run(splitAt(capture, cuts).map((c) => Buffer.from(c)), BYTES))).toEqual(expected);
      }
    });
  }
});
