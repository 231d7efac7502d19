import { randomBytes } from 'node:crypto';
import * as zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { decodeBase64, validateImage, type ImageFormat } from '../../src/images/index.js';
import { cachedVerdicts } from '../../src/images/validate.js';

const b64 = (text: string): Buffer => Buffer.from(text, 'base64');

const PNG_1X1 = b64('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=');
const GIF_1X1 = b64('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7');
const GIF_CUT = b64('R0lGODlhAQABAAAAACw=');

// JPEG built by hand (SOI, DQT of ones, SOF0, one-code DC and AC tables, SOS, one MCU, EOI); djpeg decodes it.
function jpeg(width: number, height: number, extra: readonly number[], scan: readonly number[]): Buffer {
  return Buffer.from([
    ...[0xff, 0xd8],
    ...[0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1)],
    ...[0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00],
    ...[0xff, 0xc4, 0x00, 0x14, 0x00, 1, ...new Array<number>(15).fill(0), 0x00],
    ...[0xff, 0xc4, 0x00, 0x14, 0x10, 1, ...new Array<number>(15).fill(0), 0x00],
    ...extra,
    ...[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00],
    ...scan,
    ...[0xff, 0xd9],
  ]);
}
// One MCU: DC category 0 ('0') then EOB ('0'), padded with ones.
const JPEG_1X1 = jpeg(1, 1, [], [0x3f]);
// Two MCUs with a restart interval of 1, so the scan holds an RST0 marker; djpeg decodes it too.
const JPEG_RESTARTS = jpeg(16, 8, [0xff, 0xdd, 0x00, 0x04, 0x00, 0x01], [0x3f, 0xff, 0xd0, 0x3f]);

// Google's WebP feature-detection samples; dwebp decodes the first three and webpinfo passes all four.
const WEBP_LOSSY = b64('UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA');
const WEBP_LOSSLESS = b64('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==');
const WEBP_ALPHA = b64(
  'UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==',
);
const WEBP_ANIMATED = b64(
  'UklGRlIAAABXRUJQVlA4WAoAAAASAAAAAAAAAAAAQU5JTQYAAAD/////AABBTk1GJgAAAAAAAAAAAAAAAAAAAGQAAABWUDhMDQAAAC8AAAAQBxAREYiI/gcA',
);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array = new Uint8Array(0)): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(zlib.crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

interface Header {
  readonly width: number;
  readonly height: number;
  readonly bitDepth?: number;
  readonly colorType?: number;
  readonly interlace?: number;
}

const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function ihdr({ width, height, bitDepth = 8, colorType = 0, interlace = 0 }: Header): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data.set([bitDepth, colorType, 0, 0, interlace], 8);
  return chunk('IHDR', data);
}

const png = (...chunks: readonly Buffer[]): Buffer => Buffer.concat([PNG_SIGNATURE, ...chunks]);
const IEND = chunk('IEND');

/** Filtered scanlines (filter type 0, patterned pixels) for `header`, pass by pass when interlaced. */
function scanlines({ width, height, bitDepth = 8, colorType = 0, interlace = 0 }: Header): Buffer {
  const bitsPerPixel = (CHANNELS[colorType] ?? 1) * bitDepth;
  const adam7 = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ] as const;
  const passes =
    interlace === 1
      ? adam7.map(([x0, y0, dx, dy]) => [Math.ceil(Math.max(0, width - x0) / dx), Math.ceil(Math.max(0, height - y0) / dy)])
      : [[width, height]];
  const rows: number[] = [];
  for (const [w = 0, h = 0] of passes) {
    if (w === 0 || h === 0) continue;
    const rowBytes = Math.ceil((w * bitsPerPixel) / 8);
    for (let y = 0; y < h; y++) {
      rows.push(0);
      for (let x = 0; x < rowBytes; x++) rows.push((x * 7 + y * 31) & (colorType === 3 && bitDepth === 8 ? 0x01 : 0xff));
    }
  }
  return Buffer.from(rows);
}

/** A whole PNG for `header` with correct image data, split into IDAT chunks of at most `idatSize` bytes. */
function buildPng(header: Header, options: { readonly idatSize?: number; readonly before?: readonly Buffer[] } = {}): Buffer {
  const data = zlib.deflateSync(scanlines(header));
  const idats: Buffer[] = [];
  const size = options.idatSize ?? data.length;
  for (let at = 0; at < data.length; at += size) idats.push(chunk('IDAT', data.subarray(at, at + size)));
  return png(ihdr(header), ...(options.before ?? []), ...idats, IEND);
}

const palette = (entries: number): Buffer => chunk('PLTE', Buffer.alloc(entries * 3, 0x80));

/** A copy of `bytes` with the IHDR dimensions replaced and its CRC fixed, so only the size lies. */
function withDimensions(bytes: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(bytes);
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(zlib.crc32(out.subarray(12, 29)), 29);
  return out;
}

/** Deflates `megabytes` MiB of zeros in a stream, so building the bomb never holds the inflated size. */
async function zlibBomb(megabytes: number): Promise<Buffer> {
  const deflate = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (piece: Buffer) => out.push(piece));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < megabytes; i++) deflate.write(zeros);
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** A 1024×1024 RGBA PNG of low-amplitude noise (about 1.2 MB), written by pngjs. */
function noisyPng(): Buffer {
  const image = new PNG({ width: 1024, height: 1024 });
  let seed = 12345;
  for (let i = 0; i < image.data.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    image.data[i] = (i & 3) === 3 ? 255 : 128 + (seed >>> 30);
  }
  return PNG.sync.write(image);
}

function pngjsWrite(colorType: 0 | 2 | 4 | 6, bitDepth: 8 | 16): Buffer {
  const image = new PNG({ width: 17, height: 5 });
  for (let i = 0; i < image.data.length; i++) image.data[i] = (i * 37) & 0xff;
  return PNG.sync.write(image, { colorType, bitDepth });
}

/** The concatenated IDAT data of a well-formed PNG. */
function idatOf(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let pos = 8; pos < bytes.length; pos += 12 + bytes.readUInt32BE(pos)) {
    if (bytes.toString('latin1', pos + 4, pos + 8) === 'IDAT') parts.push(bytes.subarray(pos + 8, pos + 8 + bytes.readUInt32BE(pos)));
  }
  return Buffer.concat(parts);
}

const ms = (start: number): number => Math.round((performance.now() - start) * 100) / 100;

const gifHeader = (version: string, width: number, height: number, packed: number, table: readonly number[]): number[] => [
  ...Buffer.from(version, 'latin1'),
  width & 0xff,
  width >> 8,
  height & 0xff,
  height >> 8,
  packed,
  0,
  0,
  ...table,
];
// A 1×1 frame with a two-entry local colour table; LZW codes clear, 0, end in 2 bytes.
const GIF_FRAME = [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0x80, 0, 0, 0, 255, 255, 255, 0x02, 0x02, 0x44, 0x01, 0x00];
const GIF_ANIMATED = Buffer.from([
  ...gifHeader('GIF89a', 1, 1, 0xf0, [0, 0, 0, 255, 255, 255]),
  ...[0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 0x03, 0x01, 0x00, 0x00, 0x00],
  ...[0x21, 0xfe, 0x05, ...Buffer.from('hello'), 0x00],
  ...[0x21, 0xf9, 0x04, 0x04, 0x0a, 0x00, 0x00, 0x00],
  ...GIF_FRAME,
  ...[0x21, 0xf9, 0x04, 0x04, 0x0a, 0x00, 0x00, 0x00],
  ...GIF_FRAME,
  0x3b,
]);
const GIF87A = Buffer.from([...gifHeader('GIF87a', 1, 1, 0x00, []), ...GIF_FRAME, 0x3b]);

interface Expectation {
  readonly format: ImageFormat | null;
  readonly width: number | null;
  readonly height: number | null;
}

const SMALL_VALID: readonly [string, Buffer, Expectation][] = [
  ['PNG 1×1 grey+alpha (known base64)', PNG_1X1, { format: 'png', width: 1, height: 1 }],
  ['PNG grey 8-bit from pngjs', pngjsWrite(0, 8), { format: 'png', width: 17, height: 5 }],
  ['PNG RGB 8-bit from pngjs', pngjsWrite(2, 8), { format: 'png', width: 17, height: 5 }],
  ['PNG grey+alpha 8-bit from pngjs', pngjsWrite(4, 8), { format: 'png', width: 17, height: 5 }],
  ['PNG RGBA 8-bit from pngjs', pngjsWrite(6, 8), { format: 'png', width: 17, height: 5 }],
  ['PNG RGBA 16-bit from pngjs', pngjsWrite(6, 16), { format: 'png', width: 17, height: 5 }],
  ['PNG grey 1-bit, 9 wide (partial byte rows)', buildPng({ width: 9, height: 3, bitDepth: 1 }), { format: 'png', width: 9, height: 3 }],
  [
    'PNG palette 2-bit with PLTE and tEXt',
    buildPng({ width: 5, height: 4, bitDepth: 2, colorType: 3 }, { before: [palette(4), chunk('tEXt', Buffer.from('a\0b'))] }),
    { format: 'png', width: 5, height: 4 },
  ],
  ['PNG image data split over many IDAT chunks', buildPng({ width: 40, height: 40, colorType: 2 }, { idatSize: 7 }), { format: 'png', width: 40, height: 40 }],
  ['PNG interlaced 1×1 (six empty passes)', buildPng({ width: 1, height: 1, interlace: 1 }), { format: 'png', width: 1, height: 1 }],
  ['PNG interlaced 3×2', buildPng({ width: 3, height: 2, colorType: 2, interlace: 1 }), { format: 'png', width: 3, height: 2 }],
  ['PNG interlaced 9×9 grey 1-bit', buildPng({ width: 9, height: 9, bitDepth: 1, interlace: 1 }), { format: 'png', width: 9, height: 9 }],
  [
    'PNG interlaced 33×17 RGBA 16-bit',
    buildPng({ width: 33, height: 17, bitDepth: 16, colorType: 6, interlace: 1 }),
    { format: 'png', width: 33, height: 17 },
  ],
  ['JPEG 1×1 baseline', JPEG_1X1, { format: 'jpeg', width: 1, height: 1 }],
  ['JPEG 16×8 with restart markers in the scan', JPEG_RESTARTS, { format: 'jpeg', width: 16, height: 8 }],
  ['JPEG followed by bytes after EOI', Buffer.concat([JPEG_1X1, Buffer.from([0, 0, 0])]), { format: 'jpeg', width: 1, height: 1 }],
  ['WebP lossy (VP8)', WEBP_LOSSY, { format: 'webp', width: 1, height: 1 }],
  ['WebP lossless (VP8L)', WEBP_LOSSLESS, { format: 'webp', width: 1, height: 1 }],
  ['WebP extended with alpha (VP8X, ALPH, VP8)', WEBP_ALPHA, { format: 'webp', width: 1, height: 1 }],
  ['WebP animated (VP8X, ANIM, ANMF)', WEBP_ANIMATED, { format: 'webp', width: 1, height: 1 }],
  ['GIF89a 1×1 (known base64)', GIF_1X1, { format: 'gif', width: 1, height: 1 }],
  ['GIF89a animated, extensions and local colour tables', GIF_ANIMATED, { format: 'gif', width: 1, height: 1 }],
  ['GIF87a without a global colour table', GIF87A, { format: 'gif', width: 1, height: 1 }],
  ['GIF followed by bytes after the trailer', Buffer.concat([GIF_1X1, Buffer.from([0, 0])]), { format: 'gif', width: 1, height: 1 }],
];

describe('validateImage: valid images', () => {
  test.each(SMALL_VALID)('%s', async (_name, bytes, expected) => {
    expect(await validateImage(bytes)).toEqual({ ...expected, bytes: bytes.length, valid: true, problem: null });
  });

  test.each(SMALL_VALID.filter(([name]) => name.startsWith('PNG')))('%s decodes with pngjs too', (_name, bytes, expected) => {
    // A second decoder agrees that these fixtures are real PNGs of the stated size.
    const decoded = PNG.sync.read(bytes);
    expect([decoded.width, decoded.height]).toEqual([expected.width, expected.height]);
  });
});

const onePixelData = zlib.deflateSync(Buffer.from([0, 7]));
const twoRowData = zlib.deflateSync(Buffer.from([0, 7, 0, 9]));
const GREY_1X1: Header = { width: 1, height: 1 };

const INVALID: readonly [string, Buffer, ImageFormat | null, string][] = [
  ['empty', Buffer.alloc(0), null, 'empty (0 bytes)'],
  ['garbage', Buffer.from('<html>not an image</html>'), null, 'not a PNG, JPEG, WebP or GIF'],
  ['PNG signature only', PNG_SIGNATURE, 'png', 'PNG ends after its signature (cut off?)'],
  ['PNG cut inside IHDR', PNG_1X1.subarray(0, 20), 'png', 'PNG ends inside chunk IHDR (cut off?)'],
  ['PNG cut inside IDAT', PNG_1X1.subarray(0, 50), 'png', 'PNG ends inside chunk IDAT (cut off?)'],
  ['PNG without IEND', PNG_1X1.subarray(0, PNG_1X1.length - 12), 'png', 'PNG ends before IEND (cut off?)'],
  ['PNG cut inside the IEND header', PNG_1X1.subarray(0, PNG_1X1.length - 6), 'png', 'PNG ends inside a chunk header (cut off?)'],
  [
    'PNG with a bad IDAT CRC',
    (() => {
      const bytes = Buffer.from(PNG_1X1);
      bytes[45] = (bytes[45] ?? 0) ^ 0x01; // a byte of the IDAT data
      return bytes;
    })(),
    'png',
    'PNG chunk IDAT has a bad CRC',
  ],
  ['PNG with bytes after IEND', Buffer.concat([PNG_1X1, Buffer.from('junk!')]), 'png', 'PNG has 5 bytes after IEND'],
  ['PNG starting with tEXt', png(chunk('tEXt', Buffer.from('a\0b')), ihdr(GREY_1X1), chunk('IDAT', onePixelData), IEND), 'png', 'PNG starts with chunk tEXt, expected IHDR'],
  ['PNG with two IHDR chunks', png(ihdr(GREY_1X1), ihdr(GREY_1X1), chunk('IDAT', onePixelData), IEND), 'png', 'PNG has a second IHDR chunk'],
  ['PNG RGB at 4 bits', png(ihdr({ width: 1, height: 1, colorType: 2, bitDepth: 4 }), IEND), 'png', 'PNG bit depth 4 is not allowed with colour type 2'],
  ['PNG colour type 5', png(ihdr({ width: 1, height: 1, colorType: 5 }), IEND), 'png', 'PNG colour type 5 does not exist'],
  ['PNG zero width', png(ihdr({ width: 0, height: 1 }), IEND), 'png', 'PNG header claims 0 × 1 pixels; both must be at least 1'],
  ['PNG without image data', png(ihdr(GREY_1X1), IEND), 'png', 'PNG has no image data (IDAT)'],
  [
    'PNG palette without PLTE',
    png(ihdr({ width: 1, height: 1, colorType: 3 }), chunk('IDAT', onePixelData), IEND),
    'png',
    'PNG colour type 3 (palette) has no PLTE chunk',
  ],
  [
    'PNG with IDAT chunks split by another chunk',
    png(ihdr(GREY_1X1), chunk('IDAT', onePixelData.subarray(0, 4)), chunk('tEXt', Buffer.from('a\0b')), chunk('IDAT', onePixelData.subarray(4)), IEND),
    'png',
    'PNG IDAT chunks are not contiguous',
  ],
  ['PNG with an unknown critical chunk', png(ihdr(GREY_1X1), chunk('ABCD'), chunk('IDAT', onePixelData), IEND), 'png', 'PNG has an unknown critical chunk ABCD'],
  [
    'PNG whose image data is one row short',
    png(ihdr({ width: 1, height: 2 }), chunk('IDAT', onePixelData), IEND),
    'png',
    'PNG image data inflates to 2 bytes, header implies 4',
  ],
  [
    'PNG whose image data is one row long',
    png(ihdr(GREY_1X1), chunk('IDAT', twoRowData), IEND),
    'png',
    'PNG header claims 1 × 1 pixels, image data exceeds it (inflates to more than 2 bytes)',
  ],
  [
    'PNG whose zlib stream is cut (CRCs fixed)',
    png(ihdr({ width: 64, height: 64, colorType: 2 }), chunk('IDAT', zlib.deflateSync(scanlines({ width: 64, height: 64, colorType: 2 })).subarray(0, 60)), IEND),
    'png',
    'PNG image data is cut off',
  ],
  ['PNG whose image data is not zlib', png(ihdr(GREY_1X1), chunk('IDAT', Buffer.from('not zlib at all')), IEND), 'png', 'PNG image data does not inflate (incorrect header check)'],
  ['JPEG cut after SOI', JPEG_1X1.subarray(0, 3), 'jpeg', 'JPEG ends before its EOI marker (cut off?)'],
  ['JPEG without EOI', JPEG_1X1.subarray(0, JPEG_1X1.length - 2), 'jpeg', 'JPEG ends before its EOI marker (cut off?)'],
  ['JPEG with SOI then EOI', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'jpeg', 'JPEG ends (EOI) before any scan data'],
  ['JPEG scan before any frame', Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0x3f, 0xff, 0xd9]), 'jpeg', 'JPEG scan starts before any frame header (SOF)'],
  ['JPEG with junk between segments', Buffer.concat([JPEG_1X1.subarray(0, 71), Buffer.from([0x42]), JPEG_1X1.subarray(71)]), 'jpeg', 'JPEG expected a marker at byte 71, found 0x42'],
  ['WebP with a byte after its RIFF data', Buffer.concat([WEBP_LOSSY, Buffer.from([0])]), 'webp', 'WebP has 1 byte after its RIFF data'],
  ['WebP cut short', WEBP_LOSSY.subarray(0, 40), 'webp', 'WebP is cut off (RIFF header declares 42 bytes, 40 present)'],
  [
    'WebP starting with an unknown chunk',
    Buffer.concat([WEBP_LOSSY.subarray(0, 12), Buffer.from('XYZW'), WEBP_LOSSY.subarray(16)]),
    'webp',
    'WebP starts with chunk XYZW, expected VP8, VP8L or VP8X',
  ],
  [
    'WebP VP8X without image data',
    (() => {
      const bytes = Buffer.alloc(30);
      bytes.write('RIFF', 0, 'latin1');
      bytes.writeUInt32LE(22, 4);
      bytes.write('WEBPVP8X', 8, 'latin1');
      bytes.writeUInt32LE(10, 16);
      return bytes;
    })(),
    'webp',
    'WebP has no image data (VP8, VP8L or ANMF chunk)',
  ],
  ['GIF cut after its screen descriptor (14 bytes)', GIF_CUT, 'gif', 'GIF ends before its trailer (cut off?)'],
  ['GIF without its trailer', GIF_1X1.subarray(0, GIF_1X1.length - 1), 'gif', 'GIF ends before its trailer (cut off?)'],
  ['GIF with no image', Buffer.from([...gifHeader('GIF89a', 1, 1, 0, []), 0x3b]), 'gif', 'GIF has no image'],
  ['GIF with an unknown block', Buffer.from([...gifHeader('GIF89a', 1, 1, 0, []), 0x00, 0x3b]), 'gif', 'GIF has an unexpected block 0x00 at byte 13'],
];

describe('validateImage: invalid images', () => {
  test.each(INVALID)('%s', async (_name, bytes, format, problem) => {
    const check = await validateImage(bytes);
    expect(check).toMatchObject({ format, bytes: bytes.length, valid: false });
    expect(check.problem).toContain(problem);
  });

  test('the 14-byte cut GIF still reports its 1×1 header', async () => {
    expect(await validateImage(GIF_CUT)).toEqual({
      format: 'gif',
      width: 1,
      height: 1,
      bytes: 14,
      valid: false,
      problem: 'GIF ends before its trailer (cut off?)',
    });
  });

  test.each(SMALL_VALID.filter(([name]) => !name.includes('after')))('every proper prefix of %s is invalid', async (_name, bytes) => {
    for (let end = 0; end < bytes.length; end++) {
      const check = await validateImage(bytes.subarray(0, end));
      if (check.valid) expect.fail(`prefix of ${end} of ${bytes.length} bytes passed`);
    }
  });

  test('an odd RIFF size followed by its pad byte is accepted', async () => {
    // VP8L's 13-byte chunk is padded to 14; a writer that leaves the pad out of the RIFF size is tolerated.
    const bytes = Buffer.from(WEBP_LOSSLESS);
    bytes.writeUInt32LE(bytes.length - 8 - 1, 4);
    expect(await validateImage(bytes)).toMatchObject({ valid: true });
  });
});

describe('validateImage: bounded work on hostile PNGs', () => {
  let bomb: Buffer;
  let noisy: Buffer;

  beforeAll(async () => {
    bomb = await zlibBomb(200);
    noisy = noisyPng();
  });

  test('a real 1024×1024 noisy PNG validates in about one inflate of its data', async () => {
    const start = performance.now();
    const check = await validateImage(noisy);
    const elapsed = ms(start);
    const idat = idatOf(noisy);
    const inflateStart = performance.now();
    zlib.inflateSync(idat);
    const inflate = ms(inflateStart);
    console.log(`1024×1024 PNG (${noisy.length} bytes): validate ${elapsed} ms, inflateSync of its IDAT ${inflate} ms`);
    expect(check).toEqual({ format: 'png', width: 1024, height: 1024, bytes: noisy.length, valid: true, problem: null });
    expect(elapsed).toBeLessThan(Math.max(250, 5 * inflate));
  });

  test('a header claiming 100000 × 100000 over tiny image data is rejected at once', async () => {
    const lying = withDimensions(PNG_1X1, 100000, 100000);
    const start = performance.now();
    const check = await validateImage(lying);
    const elapsed = ms(start);
    console.log(`100000×100000 lying header: ${elapsed} ms`);
    expect(check).toEqual({
      format: 'png',
      width: 100000,
      height: 100000,
      bytes: lying.length,
      valid: false,
      problem: 'PNG header claims 100000 × 100000 pixels, more than its 11 bytes of image data can hold',
    });
    expect(elapsed).toBeLessThan(1000);
  });

  test('a zlib bomb (200 MiB of zeros) behind a 1×1 header stops after the first chunk', async () => {
    const bytes = png(ihdr(GREY_1X1), chunk('IDAT', bomb), IEND);
    const memoryBefore = process.memoryUsage().arrayBuffers;
    const start = performance.now();
    const check = await validateImage(bytes);
    const elapsed = ms(start);
    const grown = process.memoryUsage().arrayBuffers - memoryBefore;
    console.log(`zlib bomb (${bomb.length} bytes -> 200 MiB): ${elapsed} ms, array buffers grew ${grown} bytes`);
    expect(check).toMatchObject({ format: 'png', width: 1, height: 1, valid: false });
    expect(check.problem).toBe('PNG header claims 1 × 1 pixels, image data exceeds it (inflates to more than 2 bytes)');
    expect(elapsed).toBeLessThan(1000);
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });

  test('a zlib bomb behind a plausible 4000 × 4000 header stops at the size the header implies', async () => {
    const bytes = png(ihdr({ width: 4000, height: 4000 }), chunk('IDAT', bomb), IEND);
    const start = performance.now();
    const check = await validateImage(bytes);
    console.log(`zlib bomb behind 4000×4000 header: ${ms(start)} ms`);
    expect(check.problem).toBe('PNG header claims 4000 × 4000 pixels, image data exceeds it (inflates to more than 16004000 bytes)');
    expect(ms(start)).toBeLessThan(2000);
  });

  test('the same image data split into mixed small and large IDAT chunks validates', async () => {
    // Small chunks are joined before inflating and large ones passed through; order must survive both.
    const data = idatOf(noisy);
    const sizes = [1, 100, 70_000, 5, 65_536, 300_000, 3];
    const idats: Buffer[] = [];
    for (let at = 0, i = 0; at < data.length; at += sizes[i % sizes.length] ?? 1, i++) {
      idats.push(chunk('IDAT', data.subarray(at, at + (sizes[i % sizes.length] ?? 1))));
    }
    const bytes = png(noisy.subarray(8, 33), ...idats, IEND);
    expect(await validateImage(bytes)).toMatchObject({ width: 1024, height: 1024, valid: true });
  });

  test('thousands of 1-byte IDAT chunks cost little', async () => {
    const header: Header = { width: 128, height: 128, colorType: 2 };
    const data = zlib.deflateSync(scanlines(header));
    const idats = Array.from(data, (_, at) => chunk('IDAT', data.subarray(at, at + 1)));
    const start = performance.now();
    const check = await validateImage(png(ihdr(header), ...idats, IEND));
    expect(check).toMatchObject({ valid: true });
    expect(ms(start)).toBeLessThan(1000);
  });

  test('maxInflateBytes caps the work whatever the header claims', async () => {
    const check = await validateImage(noisy, { maxInflateBytes: 1_000_000 });
    expect(check).toMatchObject({ valid: false, problem: 'PNG header claims 1024 × 1024 pixels, over the inflate limit of 1000000 bytes' });
  });
});

describe('validateImage never throws', () => {
  const fixtures = SMALL_VALID.map(([, bytes]) => bytes);

  test('on seeded random mutations of every valid fixture', async () => {
    let seed = 42;
    const next = (limit: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed % limit;
    };
    for (const original of fixtures) {
      for (let round = 0; round < 150; round++) {
        const bytes = Buffer.from(original);
        for (let flips = 1 + next(3); flips > 0; flips--) bytes[next(bytes.length)] = next(256);
        const check = await validateImage(bytes.subarray(0, bytes.length - next(3)));
        expect(typeof check.valid).toBe('boolean');
        expect(check.valid === (check.problem === null)).toBe(true);
      }
    }
  });

  test.each([
    ['PNG magic then noise', Buffer.concat([PNG_SIGNATURE, randomBytes(500)])],
    ['JPEG magic then noise', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), randomBytes(500)])],
    ['WebP magic then noise', Buffer.concat([Buffer.from('RIFF\xff\xff\xff\xffWEBP', 'latin1'), randomBytes(500)])],
    ['GIF magic then noise', Buffer.concat([Buffer.from('GIF89a'), randomBytes(500)])],
    [
      'a Uint8Array view into a larger buffer',
      (() => {
        const backing = new Uint8Array(PNG_1X1.length + 14);
        backing.set(PNG_1X1, 7);
        return backing.subarray(7, 7 + PNG_1X1.length);
      })(),
    ],
  ])('%s', async (_name, bytes) => {
    await expect(validateImage(bytes)).resolves.toHaveProperty('bytes', bytes.length);
  });
});

describe('validateImage without zlib.crc32 (Node before 20.15)', () => {
  test('checks CRCs with its own table, on small chunks and on large ones', async () => {
    vi.resetModules();
    // crc32 asks lazy-builtins for zlib (for 4 KiB or more; less always takes the table): a zlib without crc32.
    vi.doMock('../../src/input/lazy-builtins.js', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../src/input/lazy-builtins.js')>();
      return { ...actual, lazyZlib: () => ({ ...zlib, crc32: undefined }) };
    });
    try {
      const fallback = await import('../../src/images/validate.js');
      const corrupt = Buffer.from(PNG_1X1);
      corrupt[45] = (corrupt[45] ?? 0) ^ 0x01;
      const interlaced = SMALL_VALID.find(([name]) => name.startsWith('PNG interlaced 33'))?.[1] ?? PNG_1X1;
      expect(await fallback.validateImage(PNG_1X1)).toMatchObject({ valid: true });
      expect(await fallback.validateImage(interlaced)).toMatchObject({ valid: true });
      expect(await fallback.validateImage(corrupt)).toMatchObject({ valid: false, problem: 'PNG chunk IDAT has a bad CRC' });
      // Noise does not compress: an IDAT of some 16 KiB, past the size where zlib's crc32 would be asked.
      const noisy = new PNG({ width: 64, height: 64 });
      randomBytes(64 * 64 * 4).copy(noisy.data);
      const large = PNG.sync.write(noisy);
      const idat = large.indexOf('IDAT');
      expect(large.readUInt32BE(idat - 4)).toBeGreaterThan(4096);
      expect(await fallback.validateImage(large)).toMatchObject({ valid: true });
      const damaged = Buffer.from(large);
      damaged[idat + 100] = (damaged[idat + 100] ?? 0) ^ 0x01;
      expect(await fallback.validateImage(damaged)).toMatchObject({ valid: false, problem: 'PNG chunk IDAT has a bad CRC' });
    } finally {
      vi.doUnmock('../../src/input/lazy-builtins.js');
      vi.resetModules();
    }
  });
});

describe('decodeBase64', () => {
  test.each<[string, string, boolean, string]>([
    ['padded with one =', 'aGVsbG8=', true, 'hello'],
    ['padded with two =', 'aGVsbA==', true, 'hell'],
    ['a whole quad, no padding needed', 'aGVs', true, 'hel'],
    ['missing padding (3 of 4)', 'aGVsbG8', true, 'hello'],
    ['missing padding (2 of 4)', 'aGVsbA', true, 'hell'],
    ['empty', '', true, ''],
    ['one character past a quad', 'aGVsb', false, 'hel'],
    ['too much padding', 'aGVsbG8==', false, 'hello'],
    ['three =', 'aGVsb===', false, 'hel'],
    ['padding on a short quad', 'aGVsbG=', false, 'hell'],
    ['= in the middle', 'aG=sbG8=', false, 'h'],
    ['= then data', 'aGVsbG=8', false, 'hell'],
    ["literal '...' in the middle (upstream truncation)", 'aGVs...bG8=', false, 'hello'],
    ['a space', 'aGVs bG8=', false, 'hello'],
    ['a newline', 'aGVs\nbG8=', false, 'hello'],
    ['base64url alphabet', 'a-_-', false, 'k'],
    ['non-ASCII', 'aGVsé', false, 'hel'],
  ])('%s', (_name, text, valid, decoded) => {
    const result = decodeBase64(text);
    expect(result.valid).toBe(valid);
    expect(Buffer.isBuffer(result.bytes)).toBe(true);
    expect(result.bytes.toString('latin1').startsWith(decoded)).toBe(true);
  });

  test('checks 2 MB of base64 quickly, valid or cut by an ellipsis', () => {
    const text = randomBytes(1536 * 1024).toString('base64');
    const broken = `${text.slice(0, 1 << 20)}...${text.slice(1 << 20)}`;
    const start = performance.now();
    expect(decodeBase64(text).valid).toBe(true);
    expect(decodeBase64(broken).valid).toBe(false);
    const elapsed = ms(start);
    console.log(`decodeBase64 of 2 × 2 MB: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(500);
  });
});

describe('validateImage remembers its verdicts on small images', () => {
  test('the same bytes and options: the verdict checked before; other bytes or options: checked again', async () => {
    // Small to hash, costly to check: 9 KB that inflate to 2 MB.
    const header: Header = { width: 700, height: 700, colorType: 6 };
    const whole = buildPng(header);
    // Its image data cut in half: whole chunks (the quick check passes it), data that ends too soon.
    const data = zlib.deflateSync(scanlines(header));
    const garbled = png(ihdr(header), chunk('IDAT', data.subarray(0, data.length >> 1)), IEND);
    expect(whole.length).toBeLessThan(64 * 1024);
    const before = cachedVerdicts();
    const first = await validateImage(whole);
    expect(first).toEqual({ format: 'png', width: 700, height: 700, bytes: whole.length, valid: true, problem: null });
    expect(cachedVerdicts()).toEqual({ hits: before.hits, misses: before.misses + 1 });
    // A copy of the same bytes is the same image.
    expect(await validateImage(Buffer.from(whole))).toEqual(first);
    expect(cachedVerdicts()).toEqual({ hits: before.hits + 1, misses: before.misses + 1 });
    // Other options are other verdicts.
    expect(await validateImage(whole, { maxInflateBytes: 1000 })).toMatchObject({ valid: false, problem: 'PNG header claims 700 × 700 pixels, over the inflate limit of 1000 bytes' });
    const beforeQuick = cachedVerdicts();
    const quick = await validateImage(garbled, { inflate: false });
    // The bounded check is not looked up: it costs what hashing would.
    expect(cachedVerdicts()).toEqual(beforeQuick);
    const full = await validateImage(garbled);
    expect(quick).toMatchObject({ valid: true });
    expect(full).toMatchObject({ valid: false });
    expect(full.problem).toMatch(/^PNG image data is cut off/);
    expect(await validateImage(garbled, { inflate: false })).toEqual(quick);
    expect(await validateImage(garbled)).toEqual(full);
    expect(cachedVerdicts()).toEqual({ hits: before.hits + 2, misses: before.misses + 3 });
  });

  test('a large image is checked each time, not hashed', async () => {
    const large = buildPng({ width: 256, height: 256, colorType: 6 }, { before: [chunk('tEXt', randomBytes(70_000))] });
    expect(large.length).toBeGreaterThan(64 * 1024);
    const before = cachedVerdicts();
    expect(await validateImage(large)).toMatchObject({ valid: true });
    expect(cachedVerdicts()).toEqual(before);
  });
});
