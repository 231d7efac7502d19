import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { isStrictBase64 } from '../../src/images/base64.js';
import { decodeBase64Bytes } from '../../src/images/base64-bytes.js';
import { createRandom } from '../support/chunkings.js';

// decodeBase64Bytes against the string path it replaces (Buffer.from(text, 'base64') and isStrictBase64):
// strict text gives the same bytes, however its bytes are split; anything else gives null.
const random = createRandom(2323);

/** `text`'s bytes cut into pieces at random places (some empty), inside a larger buffer each, as chunk views are. */
function piecesOf(text: string): Uint8Array[] {
  const bytes = Buffer.from(text, 'latin1');
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = Math.min(bytes.length - at, Math.floor(random() * 9) === 0 ? 0 : 1 + Math.floor(random() * (random() < 0.5 ? 7 : 5000)));
    const host = Buffer.alloc(size + 6, 0x41);
    bytes.copy(host, 3, at, at + size);
    pieces.push(host.subarray(3, 3 + size));
    at += size;
  }
  return pieces;
}

describe('decodeBase64Bytes', () => {
  test('strict base64 of every length near a group, padded and not, split anywhere: the bytes Node decodes', () => {
    for (let round = 0; round < 600; round++) {
      const raw = randomBytes(round < 40 ? round : Math.floor(random() * 20_000));
      const padded = raw.toString('base64');
      for (const text of [padded, padded.replace(/=+$/, '')]) {
        const decoded = decodeBase64Bytes(piecesOf(text), text.length);
        expect(decoded, text.slice(-8)).not.toBeNull();
        expect(Buffer.compare(decoded as Buffer, Buffer.from(text, 'base64'))).toBe(0);
        expect(Buffer.compare(decoded as Buffer, raw)).toBe(0);
      }
    }
  });

  test('text that is not strict (a stray character anywhere, URL-safe digits, bad padding, 1 character past a group): null, where isStrictBase64 says no', () => {
    const strays = [' ', '\n', '-', '_', '=', '.', '\u00e9', '*', '\u0000', '"'];
    for (let round = 0; round < 600; round++) {
      let text = randomBytes(1 + Math.floor(random() * 3000)).toString('base64');
      const at = Math.floor(random() * text.length);
      const stray = strays[Math.floor(random() * strays.length)] as string;
      text = random() < 0.5 ? text.slice(0, at) + stray + text.slice(at + 1) : text.slice(0, at) + stray + text.slice(at);
      const decoded = decodeBase64Bytes(piecesOf(text), Buffer.byteLength(text, 'latin1'));
      if (isStrictBase64(text)) expect(Buffer.compare(decoded as Buffer, Buffer.from(text, 'base64'))).toBe(0);
      else expect(decoded, JSON.stringify(text.slice(Math.max(0, at - 3), at + 4))).toBeNull();
    }
    for (const text of ['A', 'AAAAA', 'AA=A', 'A===', 'AAA==', 'AB=', '=AAA', 'AA==AA==']) expect(decodeBase64Bytes(piecesOf(text), text.length), text).toBeNull();
  });

  test('the empty text is no bytes; only the first `length` bytes of the pieces are read', () => {
    expect(decodeBase64Bytes([], 0)).toEqual(Buffer.alloc(0));
    const text = Buffer.from('aGVsbG8=', 'latin1');
    expect(decodeBase64Bytes([Buffer.concat([text, Buffer.from('"rest of the line')])], text.length)?.toString()).toBe('hello');
  });
});
