import { describe, expect, test } from 'vitest';
import { extensionFor, formatFromDeclared, readDimensions, sniffFormat, type ImageFormat } from '../../src/images/index.js';

const b64 = (text: string): Buffer => Buffer.from(text, 'base64');

// Tiny real images; the WebP ones are Google's feature-detection samples (all decode with dwebp / pass webpinfo).
const PNG_1X1 = b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=');
const GIF_1X1 = b64('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7');
const JPEG_1X1 = b64(
  '/9j/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z',
);
const WEBP_LOSSY = b64('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA');
const WEBP_LOSSLESS = b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==');
const WEBP_ALPHA = b64(
  'UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==',
);

/** A PNG prefix: signature plus an IHDR for `width` × `height` (CRC not checked by header reads). */
function pngHeader(width: number, height: number): Buffer {
  const bytes = Buffer.concat([PNG_1X1.subarray(0, 33)]);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

/** A JPEG prefix: SOI, an APP0 segment, then an SOF2 frame header for `width` × `height`. */
function jpegHeader(width: number, height: number): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof2 = [0xff, 0xc2, 0x00, 0x11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  return Buffer.from([0xff, 0xd8, ...app0, 0xff, 0xff, ...sof2]);
}

/** A WebP prefix whose first chunk is VP8X with a `width` × `height` canvas. */
function webpVp8xHeader(width: number, height: number): Buffer {
  const bytes = Buffer.alloc(30);
  bytes.write('RIFF', 0, 'latin1');
  bytes.writeUInt32LE(22, 4);
  bytes.write('WEBPVP8X', 8, 'latin1');
  bytes.writeUInt32LE(10, 16);
  bytes.writeUIntLE(width - 1, 24, 3);
  bytes.writeUIntLE(height - 1, 27, 3);
  return bytes;
}

describe('sniffFormat', () => {
  test.each<[string, Uint8Array, ImageFormat | null]>([
    ['PNG', PNG_1X1, 'png'],
    ['PNG signature alone', PNG_1X1.subarray(0, 8), 'png'],
    ['PNG signature cut short', PNG_1X1.subarray(0, 7), null],
    ['JPEG', JPEG_1X1, 'jpeg'],
    ['JPEG magic alone', Buffer.from([0xff, 0xd8, 0xff]), 'jpeg'],
    ['FF D8 without a marker after', Buffer.from([0xff, 0xd8, 0x00]), null],
    ['WebP lossy', WEBP_LOSSY, 'webp'],
    ['WebP lossless', WEBP_LOSSLESS, 'webp'],
    ['RIFF that is not WebP', Buffer.from('RIFF\0\0\0\0WAVEfmt '), null],
    ['GIF89a', GIF_1X1, 'gif'],
    ['GIF87a', Buffer.from('GIF87a'), 'gif'],
    ['GIF of another version', Buffer.from('GIF88a'), null],
    ['text', Buffer.from('hello, world'), null],
    ['empty', new Uint8Array(0), null],
  ])('%s', (_name, bytes, format) => {
    expect(sniffFormat(bytes)).toBe(format);
  });
});

describe('extensionFor', () => {
  test.each<[ImageFormat | null, string]>([
    ['png', 'png'],
    ['jpeg', 'jpg'],
    ['webp', 'webp'],
    ['gif', 'gif'],
    [null, 'bin'],
  ])('%s -> %s', (format, extension) => {
    expect(extensionFor(format)).toBe(extension);
  });
});

describe('formatFromDeclared', () => {
  test.each<[string | undefined | null, ImageFormat | null]>([
    ['png', 'png'],
    ['PNG', 'png'],
    ['jpeg', 'jpeg'],
    ['jpg', 'jpeg'],
    ['JPG', 'jpeg'],
    ['webp', 'webp'],
    ['WebP', 'webp'],
    ['gif', 'gif'],
    ['bmp', null],
    ['', null],
    [undefined, null],
    [null, null],
  ])('%s -> %s', (declared, format) => {
    expect(formatFromDeclared(declared)).toBe(format);
  });
});

describe('readDimensions', () => {
  test.each<[string, Uint8Array, { width: number; height: number } | null]>([
    ['PNG 1×1', PNG_1X1, { width: 1, height: 1 }],
    ['PNG header of a huge image (nothing allocated)', pngHeader(100000, 100000), { width: 100000, height: 100000 }],
    ['PNG cut inside IHDR', pngHeader(300, 200).subarray(0, 23), null],
    ['GIF 1×1', GIF_1X1, { width: 1, height: 1 }],
    ['GIF logical screen 640×480', Buffer.from([...Buffer.from('GIF89a'), 0x80, 0x02, 0xe0, 0x01]), { width: 640, height: 480 }],
    ['GIF cut inside the screen descriptor', Buffer.from([...Buffer.from('GIF89a'), 0x80, 0x02]), null],
    ['JPEG 1×1 (SOF0)', JPEG_1X1, { width: 1, height: 1 }],
    ['JPEG after APP0 and fill bytes (SOF2)', jpegHeader(1536, 1024), { width: 1536, height: 1024 }],
    ['JPEG cut before its SOF', jpegHeader(1536, 1024).subarray(0, 22), null],
    ['JPEG with SOS before any SOF', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08]), null],
    ['WebP VP8 (lossy)', WEBP_LOSSY, { width: 1, height: 1 }],
    ['WebP VP8L (lossless)', WEBP_LOSSLESS, { width: 1, height: 1 }],
    ['WebP VP8X (alpha)', WEBP_ALPHA, { width: 1, height: 1 }],
    ['WebP VP8X canvas 1536×1024', webpVp8xHeader(1536, 1024), { width: 1536, height: 1024 }],
    ['WebP cut inside VP8', WEBP_LOSSY.subarray(0, 28), null],
    ['unknown bytes', Buffer.from('not an image at all'), null],
    ['empty', new Uint8Array(0), null],
  ])('%s', (_name, bytes, dimensions) => {
    expect(readDimensions(bytes)).toEqual(dimensions);
  });

  test('never throws on any prefix of a known image', () => {
    for (const image of [PNG_1X1, GIF_1X1, JPEG_1X1, WEBP_LOSSY, WEBP_LOSSLESS, WEBP_ALPHA, jpegHeader(9, 9)]) {
      for (let end = 0; end <= image.length; end++) {
        expect(() => readDimensions(image.subarray(0, end))).not.toThrow();
      }
    }
  });
});
