import { lazyZlib } from '../input/lazy-builtins.js';
import { crc32 } from './crc32.js';
import { countBytes, hasAscii, u32be } from './bytes.js';
import type { Dimensions, ImageFormatReader } from './format.js';

/** The default cap on inflated PNG image data: 256 MiB. */
export const DEFAULT_MAX_INFLATE_BYTES = 256 * 1024 * 1024;

// Deflate emits at most 258 bytes per 2-bit match, so no stream inflates to more than 1032× its size.
const MAX_DEFLATE_RATIO = 1032;
// Larger output pieces mean fewer thread-pool round trips; each piece is counted and dropped at once.
const INFLATE_CHUNK_BYTES = 64 * 1024;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** PNG: the 8-byte signature, IHDR's size, and every chunk's length, type and CRC, with image data inflated up to what IHDR implies. */
export const png: ImageFormatReader = {
  format: 'png',
  matches: (bytes) => bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b),
  dimensions: pngDimensions,
  check: (bytes, options) => checkPng(bytes, options.maxInflateBytes ?? DEFAULT_MAX_INFLATE_BYTES, options.inflate ?? true),
};

function pngDimensions(bytes: Uint8Array): Dimensions | null {
  if (bytes.length < 24 || !hasAscii(bytes, 12, 'IHDR')) return null;
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced: boolean;
}

// PNG §11.2.2: allowed bit depths per colour type, and samples per pixel.
const PNG_COLOR_TYPES: ReadonlyMap<number, { readonly depths: readonly number[]; readonly channels: number }> =
  new Map([
    [0, { depths: [1, 2, 4, 8, 16], channels: 1 }],
    [2, { depths: [8, 16], channels: 3 }],
    [3, { depths: [1, 2, 4, 8], channels: 1 }],
    [4, { depths: [8, 16], channels: 2 }],
    [6, { depths: [8, 16], channels: 4 }],
  ]);

const PNG_MAX_U31 = 0x7fffffff;

// Adam7 passes as [x0, y0, dx, dy].
const ADAM7: readonly (readonly [number, number, number, number])[] = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

function parseIhdr(data: Uint8Array): PngHeader | string {
  if (data.length !== 13) return `PNG IHDR chunk is ${data.length} bytes, expected 13`;
  const width = u32be(data, 0);
  const height = u32be(data, 4);
  const bitDepth = data[8] ?? 0;
  const colorType = data[9] ?? 0;
  if (width === 0 || height === 0) return `PNG header claims ${width} × ${height} pixels; both must be at least 1`;
  if (width > PNG_MAX_U31 || height > PNG_MAX_U31) return `PNG header claims ${width} × ${height} pixels, over the PNG limit`;
  const color = PNG_COLOR_TYPES.get(colorType);
  if (color === undefined) return `PNG colour type ${colorType} does not exist`;
  if (!color.depths.includes(bitDepth)) return `PNG bit depth ${bitDepth} is not allowed with colour type ${colorType}`;
  if (data[10] !== 0) return `PNG compression method ${data[10] ?? 0} is unknown`;
  if (data[11] !== 0) return `PNG filter method ${data[11] ?? 0} is unknown`;
  if (data[12] !== 0 && data[12] !== 1) return `PNG interlace method ${data[12] ?? 0} is unknown`;
  return { width, height, bitDepth, colorType, interlaced: data[12] === 1 };
}

/** Bytes the filtered scanlines of `header` inflate to; plain float arithmetic, so nothing is allocated. */
function pngImageDataSize(header: PngHeader): number {
  const bitsPerPixel = (PNG_COLOR_TYPES.get(header.colorType)?.channels ?? 1) * header.bitDepth;
  // Each scanline is one filter-type byte plus its packed pixels.
  const passSize = (width: number, height: number): number =>
    width === 0 || height === 0 ? 0 : height * (1 + Math.ceil((width * bitsPerPixel) / 8));
  if (!header.interlaced) return passSize(header.width, header.height);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    // An image narrower or shorter than a pass's start has no scanlines in that pass, not even filter bytes.
    const width = header.width > x0 ? Math.ceil((header.width - x0) / dx) : 0;
    const height = header.height > y0 ? Math.ceil((header.height - y0) / dy) : 0;
    total += passSize(width, height);
  }
  return total;
}


const isLetter = (byte: number): boolean => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

async function checkPng(bytes: Uint8Array, maxInflateBytes: number, inflate: boolean): Promise<string | null> {
  const end = bytes.length;
  let pos = 8;
  let header: PngHeader | null = null;
  let sawPalette = false;
  let sawIend = false;
  let idatClosed = false;
  let idatBytes = 0;
  const idat: Uint8Array[] = [];

  while (pos < end && !sawIend) {
    if (pos + 8 > end) return 'PNG ends inside a chunk header (cut off?)';
    const length = u32be(bytes, pos);
    const t0 = bytes[pos + 4] ?? 0;
    const t1 = bytes[pos + 5] ?? 0;
    const t2 = bytes[pos + 6] ?? 0;
    const t3 = bytes[pos + 7] ?? 0;
    if (!isLetter(t0) || !isLetter(t1) || !isLetter(t2) || !isLetter(t3)) {
      return `PNG chunk type at byte ${pos + 4} is not four letters`;
    }
    const type = String.fromCharCode(t0, t1, t2, t3);
    if (length > PNG_MAX_U31) return `PNG chunk ${type} declares ${length} bytes, over the PNG limit`;
    const dataEnd = pos + 8 + length;
    if (dataEnd + 4 > end) return `PNG ends inside chunk ${type} (cut off?)`;
    if (crc32(bytes.subarray(pos + 4, dataEnd)) !== u32be(bytes, dataEnd)) return `PNG chunk ${type} has a bad CRC`;
    const data = bytes.subarray(pos + 8, dataEnd);

    if (header === null) {
      if (type !== 'IHDR') return `PNG starts with chunk ${type}, expected IHDR`;
      const parsed = parseIhdr(data);
      if (typeof parsed === 'string') return parsed;
      header = parsed;
      pos = dataEnd + 4;
      continue;
    }
    if (type !== 'IDAT' && idat.length > 0) idatClosed = true;
    switch (type) {
      case 'IHDR':
        return 'PNG has a second IHDR chunk';
      case 'PLTE':
        if (sawPalette) return 'PNG has a second PLTE chunk';
        if (idat.length > 0) return 'PNG PLTE chunk comes after the image data';
        if (length === 0 || length > 768 || length % 3 !== 0) return `PNG PLTE chunk is ${length} bytes, not 3 × 1–256 entries`;
        if (header.colorType === 0 || header.colorType === 4) {
          return `PNG PLTE chunk is not allowed with colour type ${header.colorType}`;
        }
        sawPalette = true;
        break;
      case 'IDAT':
        if (idatClosed) return 'PNG IDAT chunks are not contiguous';
        idat.push(data);
        idatBytes += length;
        break;
      case 'IEND':
        if (length !== 0) return `PNG IEND chunk is ${length} bytes, expected 0`;
        sawIend = true;
        break;
      default:
        // PNG §5.4: a decoder must reject a critical chunk (uppercase first letter) it does not know.
        if (t0 < 0x61) return `PNG has an unknown critical chunk ${type}`;
    }
    pos = dataEnd + 4;
  }
  if (!sawIend) return pos === 8 ? 'PNG ends after its signature (cut off?)' : 'PNG ends before IEND (cut off?)';
  if (pos < end) return `PNG has ${countBytes(end - pos)} after IEND`;
  // The loop ran at least once and its first chunk was IHDR, so header is set; narrow for the compiler.
  if (header === null) return 'PNG has no IHDR chunk';
  if (idat.length === 0) return 'PNG has no image data (IDAT)';
  if (header.colorType === 3 && !sawPalette) return 'PNG colour type 3 (palette) has no PLTE chunk';

  const expected = pngImageDataSize(header);
  const claim = `PNG header claims ${header.width} × ${header.height} pixels`;
  // Cheap rejections before inflating anything: a lying header, or a claim over the caller's cap.
  if (expected > idatBytes * MAX_DEFLATE_RATIO) {
    return `${claim}, more than its ${idatBytes} bytes of image data can hold`;
  }
  if (expected > maxInflateBytes) return `${claim}, over the inflate limit of ${maxInflateBytes} bytes`;
  if (!inflate) return null;

  const inflated = await countInflated(idat, expected);
  switch (inflated.outcome) {
    case 'over':
      return `${claim}, image data exceeds it (inflates to more than ${expected} bytes)`;
    case 'error':
      return inflated.code === 'Z_BUF_ERROR'
        ? `PNG image data is cut off (inflates to ${inflated.produced} bytes, header implies ${expected})`
        : `PNG image data does not inflate (${inflated.message})`;
    case 'ended':
      return inflated.produced === expected
        ? null
        : `PNG image data inflates to ${inflated.produced} bytes, header implies ${expected}`;
  }
}

export type InflateCount =
  | { readonly outcome: 'ended' | 'over'; readonly produced: number }
  | { readonly outcome: 'error'; readonly produced: number; readonly code: string; readonly message: string };

/**
 * Image data that inflates to at most this many bytes is inflated in one synchronous call, not in thread-pool
 * round trips (which cost more than such a small image's inflation). Larger images stream on the thread
 * pool, where their inflation overlaps the parsing of the rest of the capture.
 */
const INFLATE_AT_ONCE_BYTES = 1 << 20;
/**
 * So is image data of at most SMALL_DATA_BYTES that inflates to at most SMALL_DATA_LIMIT (a flat 1024 × 1024
 * image in a few KB): it inflates in well under a millisecond, and on the thread pool it cost ~50 round trips
 * with this thread idle in between (check of many small captures). The one output buffer is the limit.
 */
const SMALL_DATA_BYTES = 64 * 1024;
const SMALL_DATA_LIMIT = 16 << 20;

/** Inflates `parts` as one zlib stream, counting and discarding output; stops once past `limit`. */
function countInflated(parts: readonly Uint8Array[], limit: number): Promise<InflateCount> {
  const at = limit <= INFLATE_AT_ONCE_BYTES || (limit <= SMALL_DATA_LIMIT && parts.reduce((sum, part) => sum + part.length, 0) <= SMALL_DATA_BYTES);
  return at ? Promise.resolve(countInflatedAtOnce(Buffer.concat(parts), limit)) : countInflatedStreaming(parts, limit);
}

/** {@link countInflated} in one call, for small images: the same outcomes, counts and messages as streaming. */
export function countInflatedAtOnce(data: Buffer, limit: number): InflateCount {
  const zlib = lazyZlib();
  try {
    // One output buffer the size the header implies (and a byte over, to see more): no pieces to join.
    return { outcome: 'ended', produced: zlib.inflateSync(data, { maxOutputLength: limit + 1, chunkSize: Math.max(64, limit + 1) }).length };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException;
    if (failure.code === 'ERR_BUFFER_TOO_LARGE') return { outcome: 'over', produced: limit + 1 };
    // What came before the cut or the damage, as the stream would have counted it.
    let produced = 0;
    try {
      produced = zlib.inflateSync(data, { maxOutputLength: limit + 1, finishFlush: zlib.constants.Z_SYNC_FLUSH }).length;
    } catch {
      // Damaged data: the stream's count would not be in the message either.
    }
    return { outcome: 'error', produced, code: failure.code ?? '', message: failure.message };
  }
}

/** Inflates `parts` as one zlib stream on the thread pool, counting and discarding output; stops once past `limit`. */
export function countInflatedStreaming(parts: readonly Uint8Array[], limit: number): Promise<InflateCount> {
  return new Promise((resolve) => {
    const inflate = lazyZlib().createInflate({ chunkSize: INFLATE_CHUNK_BYTES });
    let produced = 0;
    let settled = false;
    const settle = (count: InflateCount): void => {
      if (settled) return;
      settled = true;
      resolve(count);
    };
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > limit) {
        settle({ outcome: 'over', produced });
        // Destroying stops further thread-pool work, so a zlib bomb costs about one chunk past the limit.
        inflate.destroy();
      }
    });
    inflate.on('end', () => settle({ outcome: 'ended', produced }));
    inflate.on('error', (error: NodeJS.ErrnoException) => {
      settle({ outcome: 'error', produced, code: error.code ?? '', message: error.message });
    });
    // Each write is one thread-pool job, so runs of small IDAT chunks are joined (a PNG may hold
    // thousands of 1-byte IDATs); large chunks go in as views of the caller's bytes, uncopied.
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = (): void => {
      if (pendingBytes > 0) inflate.write(Buffer.concat(pending));
      pending = [];
      pendingBytes = 0;
    };
    for (const part of parts) {
      if (part.length >= INFLATE_CHUNK_BYTES) {
        flush();
        inflate.write(part);
        continue;
      }
      pending.push(part);
      pendingBytes += part.length;
      if (pendingBytes >= INFLATE_CHUNK_BYTES) flush();
    }
    flush();
    inflate.end();
  });
}
