import { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { countDifferingPixels, decodePixels, digestOf, pixelFingerprint } from '../../src/images/pixels.js';
import { PREVIEW_PIXEL_LIMIT } from '../../src/images/thumbnail.js';

/** A width × height PNG of a gradient (RGBA), with `change` applied to the pixels first. */
function png(width: number, height: number, options: { colorType?: 2 | 6; filterType?: number; change?: (rgba: Buffer) => void } = {}): Uint8Array {
  const image = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    image.data[i * 4] = i % 251;
    image.data[i * 4 + 1] = (i * 7) % 253;
    image.data[i * 4 + 2] = (i * 13) % 255;
    image.data[i * 4 + 3] = 255;
  }
  options.change?.(image.data);
  const colorType = options.colorType ?? 6;
  return PNG.sync.write(image, { colorType, ...(options.filterType !== undefined ? { filterType: options.filterType } : {}) });
}

/** A width × height 1-bit greyscale PNG, every pixel black, built chunk by chunk. */
function blackPng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('pixel comparison (pngjs under the preview pixel limit)', () => {
  test('a re-encoded PNG (RGB instead of RGBA, another filter) has other bytes and the same pixels', () => {
    const a = png(64, 64);
    const b = png(64, 64, { colorType: 2, filterType: 0 });
    expect(digestOf(a)).not.toBe(digestOf(b));
    expect(pixelFingerprint(a)).toBe(pixelFingerprint(b));
    expect(countDifferingPixels(a, b)).toEqual({ differing: 0, total: 4096 });
  });

  test('one pixel of 4,096 changed: counted', () => {
    const a = png(64, 64);
    const at = (10 * 64 + 20) * 4 + 1;
    const b = png(64, 64, { change: (rgba) => rgba.writeUInt8((rgba[at] ?? 0) ^ 1, at) });
    expect(pixelFingerprint(a)).not.toBe(pixelFingerprint(b));
    expect(countDifferingPixels(a, b)).toEqual({ differing: 1, total: 4096 });
  });

  test('what lies under a fully transparent pixel does not count', () => {
    const clear = (rgb: number) => (rgba: Buffer) => rgba.fill(rgb, 0, 3).fill(0, 3, 4);
    const a = png(8, 8, { change: clear(0) });
    const b = png(8, 8, { change: clear(200) });
    expect(countDifferingPixels(a, b)).toEqual({ differing: 0, total: 64 });
    expect(pixelFingerprint(a)).toBe(pixelFingerprint(b));
  });

  test('other sizes, other formats and broken PNGs are not counted; their fingerprint is their bytes', () => {
    expect(countDifferingPixels(png(8, 8), png(8, 9))).toBeNull();
    const gif = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');
    expect(decodePixels(gif)).toBeNull();
    expect(pixelFingerprint(gif)).toBe(`bytes:${digestOf(gif)}`);
    const cut = png(8, 8).slice(0, 40);
    expect(decodePixels(cut)).toBeNull();
    expect(countDifferingPixels(cut, png(8, 8))).toBeNull();
  });

  test('a PNG past the pixel limit is not decoded: its fingerprint is its bytes', () => {
    // 1-bit grey, all black, so even 4097 × 4096 pixels compress to a few kB; the same make at 64 × 64 decodes.
    expect(decodePixels(blackPng(64, 64))).not.toBeNull();
    const over = blackPng(4097, 4096);
    expect(4097 * 4096).toBeGreaterThan(PREVIEW_PIXEL_LIMIT);
    expect(over.length).toBeLessThan(100_000);
    expect(decodePixels(over)).toBeNull();
    expect(pixelFingerprint(over)).toBe(`bytes:${digestOf(over)}`);
  });
});
