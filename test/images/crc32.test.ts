import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { crc32 } from '../../src/images/crc32.js';

// crc32 takes its own table below 4 KiB (loading node:zlib would cost start-up) and zlib's above: the
// two must agree on every length, the threshold's neighbours most of all.
describe('crc32', () => {
  test('equals zlib.crc32 on random data of every length around the switch, and on others', () => {
    const lengths = [0, 1, 2, 3, 13, 68, 255, 256, 1000, 4094, 4095, 4096, 4097, 5000, 65536, 1 << 20];
    for (let i = 0; i < 40; i++) lengths.push(Math.floor(Math.random() * 9000));
    for (const length of lengths) {
      const data = randomBytes(length);
      expect(crc32(data), `${length} bytes`).toBe(zlib.crc32(data));
      // A view into a larger buffer: only its own bytes count.
      const padded = Buffer.concat([randomBytes(7), data, randomBytes(5)]);
      expect(crc32(padded.subarray(7, 7 + length)), `${length} bytes at an offset`).toBe(zlib.crc32(data));
    }
  });

  test('the PNG check value: CRC of "IEND"', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });
});
