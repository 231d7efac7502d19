import { describe, expect, test } from 'vitest';
import { decodeBase64 } from '../../src/images/base64.js';
import { decodeImageBase64 } from '../../src/images/image-processor.js';
import { createRandom } from '../support/chunkings.js';

/** The fast verdict must be the exact one: decodeBase64's bytes and validity, on every input. */
function expectSameAsExact(b64: string): void {
  const fast = decodeImageBase64(b64);
  const exact = decodeBase64(b64);
  expect(fast.valid, JSON.stringify(b64.slice(0, 40))).toBe(exact.valid);
  expect(Buffer.compare(fast.bytes, exact.bytes)).toBe(0);
}

describe('decodeImageBase64 agrees with decodeBase64', () => {
  test.each([
    '', 'QQ==', 'QQ=', 'QQ', 'Q', 'QUJD', 'QUJ', 'QUJDRA==', 'QR==', 'Q*==', 'QU*D', 'QU D', 'QU\nD', 'QU-D', 'QU_D', 'QQ==QUJD', '=QUJ',
    'QUJD=', 'QUJDR===', 'QUJDRA=A', 'QŁJD', 'QUJé', 'ŁŁŁŁ', 'QUJD\u0000', 'QUJ"', 'QUJ\\', 'QUJD\ud800', 'QU==QU==', 'A===', 'AA=', 'AAA=', 'AAAA=',
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=', 'R0lGODlhAQABAAAAACw=',
  ])('%j', (b64) => {
    expectSameAsExact(b64);
  });

  test('large images: valid, cut short, with a stray character, unpadded', () => {
    const bytes = Buffer.alloc(1_000_003);
    const random = createRandom(3);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
    const b64 = bytes.toString('base64');
    expectSameAsExact(b64);
    expectSameAsExact(b64.slice(0, 777_777));
    expectSameAsExact(b64.replace(/=+$/, ''));
    for (const stray of [' ', '\n', '*', '-', '_', '=', 'é', '\u0000', '\uffff']) expectSameAsExact(`${b64.slice(0, 500_000)}${stray}${b64.slice(500_001)}`);
  });

  test('seeded random short strings over a hostile alphabet', () => {
    const alphabet = 'AQw09+/=-_ *\nŁé\u0000';
    const random = createRandom(11);
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const length = Math.floor(random() * 14);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expectSameAsExact(text);
    }
  });
});
