import { describe, expect, test } from 'vitest';
import { ByteString } from '../../src/core/byte-string.js';
import { decodeBase64Pieces } from '../../src/images/base64-pieces.js';
import { decodeImageBase64, decodeImageBytes } from '../../src/images/image-processor.js';
import { createRandom, splitAt } from '../support/chunkings.js';

// A huge image's base64 left as bytes (core/byte-string.ts) is decoded piece by piece: for every text and every
// split into pieces, the bytes and the strict-base64 verdict must be exactly those of the text decoded whole.

const random = createRandom(23);

function randomBytes(n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** The text as a ByteString of pieces cut at `cuts`. */
function asPieces(text: string, cuts: readonly number[]): ByteString {
  const bytes = Buffer.from(text, 'latin1');
  return new ByteString(splitAt(bytes, cuts), bytes.length);
}

/** Whole, every 1..5-byte piece size, 64 KiB-like pieces, and random cuts (each cut also lands inside 4-character groups). */
function cutsFor(length: number): number[][] {
  const out: number[][] = [[]];
  for (const step of [1, 2, 3, 4, 5, 7, 64]) out.push(Array.from({ length: Math.floor(length / step) }, (_, i) => (i + 1) * step));
  for (let run = 0; run < 12; run++) out.push(Array.from({ length: 1 + Math.floor(random() * 9) }, () => Math.floor(random() * (length + 1))));
  return out;
}

/** Strict base64 of a few lengths (every padding), and damaged copies: each kind of character Node's decoder reads leniently. */
function texts(): { name: string; text: string; strict: boolean }[] {
  const out: { name: string; text: string; strict: boolean }[] = [];
  for (const n of [0, 1, 2, 3, 4, 5, 6, 47, 48, 49, 50, 300]) {
    const b64 = randomBytes(n).toString('base64');
    out.push({ name: `${n} bytes, padded`, text: b64, strict: true });
    out.push({ name: `${n} bytes, unpadded`, text: b64.replace(/=+$/, ''), strict: true });
  }
  // 300 bytes: 400 characters, no padding.
  const base = randomBytes(300).toString('base64');
  const at = (i: number, s: string): string => base.slice(0, i) + s + base.slice(i);
  const damaged: [string, string][] = [
    ['a stray "!"', at(100, '!')],
    ['a space', at(57, ' ')],
    ['a "-" (url-safe)', at(10, '-')],
    ['a "_" (url-safe)', at(11, '_')],
    ['"=" in the middle', at(40, '=')],
    ['"==" in the middle', at(40, '==')],
    ['padding that closes no group', `${base}A=`],
    ['padding after a whole group', `${base}=`],
    ['three "="', `${base}AA===`],
    ['one digit over a group', `${base}AAAAA`],
    ['a backslash', at(3, '\\')],
    ['a DEL', at(250, '\x7f')],
    ['only padding', '===='],
  ];
  for (const [name, text] of damaged) out.push({ name, text, strict: false });
  return out;
}

describe('base64 decoded from its pieces', () => {
  test.each(texts())('$name: the bytes and verdict of the whole text, on every split', ({ text, strict }) => {
    const whole = decodeImageBase64(text);
    expect(whole.valid).toBe(strict);
    for (const cuts of cutsFor(text.length)) {
      const pieces = asPieces(text, cuts);
      const decoded = decodeImageBytes(pieces);
      expect(Buffer.compare(decoded.bytes, whole.bytes), `cuts ${cuts.join(',')}`).toBe(0);
      expect(decoded.valid).toBe(whole.valid);
      // Strict text takes the piecewise path; anything else falls back to the text's own.
      expect(decodeBase64Pieces(pieces) !== null, `cuts ${cuts.join(',')}`).toBe(strict);
    }
  });

  test('a piece that is a view into a larger buffer is read from its own offset only', () => {
    const b64 = randomBytes(90).toString('base64');
    const backing = Buffer.from(`!!!!${b64}!!!!`, 'latin1');
    const view = backing.subarray(4, 4 + b64.length);
    const pieces = new ByteString([view.subarray(0, 33), view.subarray(33)], b64.length);
    expect(Buffer.compare(decodeBase64Pieces(pieces)?.bytes ?? Buffer.alloc(0), Buffer.from(b64, 'base64'))).toBe(0);
  });

  // Long pieces are decoded a window (96 KiB) at a time, into a buffer the caller may lend (a reused one, larger
  // and holding an earlier image's bytes): windows must join exactly, whatever the piece's offset into its group.
  test.each([
    ['strict, padded', 500_001, null],
    ['strict, unpadded', 400_000, null],
    ['a stray "!" past the first window', 300_000, '!'],
    ['a "-" past the first window', 300_000, '-'],
  ] as const)('%s, %i bytes: the bytes and verdict of the whole text, on long and odd splits, into a lent buffer', (_name, n, stray) => {
    let text = randomBytes(n).toString('base64');
    if (stray === null && n % 3 !== 0) expect(text.endsWith('=')).toBe(true);
    if (stray === '!' || stray === '-') text = `${text.slice(0, 200_001)}${stray}${text.slice(200_001)}`;
    if (_name.includes('unpadded')) text = text.replace(/=+$/, '');
    const whole = decodeImageBase64(text);
    const splits = [[], [1], [98_305], [98_304, 98_305 * 2 + 1], [3, 196_611, 196_613, 400_003]];
    for (let run = 0; run < 4; run++) splits.push(Array.from({ length: 1 + Math.floor(random() * 4) }, () => Math.floor(random() * (text.length + 1))));
    for (const cuts of splits) {
      const pieces = asPieces(text, cuts.filter((cut) => cut <= text.length));
      const decoded = decodeImageBytes(pieces);
      expect(Buffer.compare(decoded.bytes, whole.bytes), `cuts ${cuts.join(',')}`).toBe(0);
      expect(decoded.valid).toBe(whole.valid);
      const lent = Buffer.alloc(whole.bytes.length + 1000, 0xaa);
      const into = decodeBase64Pieces(pieces, () => lent);
      expect(into !== null).toBe(stray === null);
      if (into !== null) {
        expect(into.bytes.length).toBe(whole.bytes.length);
        expect(into.bytes.buffer).toBe(lent.buffer);
        expect(Buffer.compare(into.bytes, whole.bytes), `cuts ${cuts.join(',')}`).toBe(0);
      }
    }
  });
});
