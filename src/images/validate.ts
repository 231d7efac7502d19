import * as zlib from 'node:zlib';
import { crc32 } from './crc32.js';
import {
  isJpegSofMarker,
  isJpegStandaloneMarker,
  readDimensions,
  sniffFormat,
  u32be,
  u32le,
  type ImageFormat,
} from './sniff.js';

/** The outcome of checking one image: its format, header dimensions, size, and whether it is whole and valid. */
export interface ImageCheck {
  readonly format: ImageFormat | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly bytes: number;
  readonly valid: boolean;
  /** What is wrong, in one short sentence; null when valid. */
  readonly problem: string | null;
}

/** Limits for {@link validateImage}. */
export interface ValidateOptions {
  /** Most bytes of PNG image data to inflate, whatever the header claims (default 256 MiB). */
  readonly maxInflateBytes?: number;
  /** False skips inflating PNG image data: chunk structure, CRCs and header claims only (default true). */
  readonly inflate?: boolean;
}

/** The default cap on inflated PNG image data: 256 MiB. */
export const DEFAULT_MAX_INFLATE_BYTES = 256 * 1024 * 1024;

// Deflate emits at most 258 bytes per 2-bit match, so no stream inflates to more than 1032× its size.
const MAX_DEFLATE_RATIO = 1032;
// Larger output pieces mean fewer thread-pool round trips; each piece is counted and dropped at once.
const INFLATE_CHUNK_BYTES = 64 * 1024;

/** Checks that `bytes` is a whole, structurally valid PNG, JPEG, WebP or GIF without decoding pixels; never throws. */
export async function validateImage(bytes: Uint8Array, options?: ValidateOptions): Promise<ImageCheck> {
  const format = sniffFormat(bytes);
  const dimensions = readDimensions(bytes);
  const result = (problem: string | null): ImageCheck => ({
    format,
    width: dimensions?.width ?? null,
    height: dimensions?.height ?? null,
    bytes: bytes.length,
    valid: problem === null,
    problem,
  });
  try {
    if (bytes.length === 0) return result('empty (0 bytes)');
    switch (format) {
      case 'png':
        return result(await checkPng(bytes, options?.maxInflateBytes ?? DEFAULT_MAX_INFLATE_BYTES, options?.inflate ?? true));
      case 'jpeg':
        return result(checkJpeg(bytes));
      case 'webp':
        return result(checkWebp(bytes));
      case 'gif':
        return result(checkGif(bytes));
      case null:
        return result('not a PNG, JPEG, WebP or GIF');
    }
  } catch (error) {
    // Validation reports, it never throws: an unforeseen failure is still a verdict on the bytes.
    return result(`image could not be checked (${error instanceof Error ? error.message : String(error)})`);
  }
}

const hex = (value: number): string => `0x${value.toString(16).padStart(2, '0').toUpperCase()}`;
const countBytes = (count: number): string => (count === 1 ? '1 byte' : `${count} bytes`);

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

type InflateCount =
  | { readonly outcome: 'ended' | 'over'; readonly produced: number }
  | { readonly outcome: 'error'; readonly produced: number; readonly code: string; readonly message: string };

/** Inflates `parts` as one zlib stream on the thread pool, counting and discarding output; stops once past `limit`. */
function countInflated(parts: readonly Uint8Array[], limit: number): Promise<InflateCount> {
  return new Promise((resolve) => {
    const inflate = zlib.createInflate({ chunkSize: INFLATE_CHUNK_BYTES });
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

const JPEG_CUT = 'JPEG ends before its EOI marker (cut off?)';

function checkJpeg(bytes: Uint8Array): string | null {
  const end = bytes.length;
  let pos = 2; // after SOI
  let sawFrame = false;
  let sawScan = false;
  for (;;) {
    if (pos >= end) return JPEG_CUT;
    if (bytes[pos] !== 0xff) return `JPEG expected a marker at byte ${pos}, found ${hex(bytes[pos] ?? 0)}`;
    // Any number of 0xFF fill bytes may precede a marker.
    while (pos < end && bytes[pos] === 0xff) pos++;
    if (pos >= end) return JPEG_CUT;
    const marker = bytes[pos] ?? 0;
    pos++;
    if (isJpegStandaloneMarker(marker)) continue;
    if (marker === 0x00) return `JPEG has a stuffed 0xFF00 outside scan data at byte ${pos - 2}`;
    if (marker === 0xd8) return 'JPEG has a second SOI marker';
    if (marker === 0xd9) return sawScan ? null : 'JPEG ends (EOI) before any scan data';
    if (pos + 2 > end) return JPEG_CUT;
    const length = ((bytes[pos] ?? 0) << 8) | (bytes[pos + 1] ?? 0);
    if (length < 2) return `JPEG segment ${hex(marker)} has length ${length}, below 2`;
    if (pos + length > end) return JPEG_CUT;
    if (isJpegSofMarker(marker) && !sawFrame) {
      const problem = checkJpegFrame(bytes.subarray(pos, pos + length));
      if (problem !== null) return problem;
      sawFrame = true;
    }
    pos += length;
    if (marker !== 0xda) continue;
    if (!sawFrame) return 'JPEG scan starts before any frame header (SOF)';
    sawScan = true;
    // Entropy-coded data runs to the next marker: 0xFF not followed by a stuffed 0x00 or a restart marker.
    for (;;) {
      const ff = bytes.indexOf(0xff, pos);
      if (ff < 0 || ff + 1 >= end) return JPEG_CUT;
      const next = bytes[ff + 1] ?? 0;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        pos = ff + 2;
        continue;
      }
      pos = ff;
      break;
    }
  }
}

function checkJpegFrame(segment: Uint8Array): string | null {
  // SOF: length (2), precision (1), height (2), width (2), component count (1), 3 bytes per component.
  if (segment.length < 8) return 'JPEG frame header (SOF) is too short';
  const height = ((segment[3] ?? 0) << 8) | (segment[4] ?? 0);
  const width = ((segment[5] ?? 0) << 8) | (segment[6] ?? 0);
  const components = segment[7] ?? 0;
  if (components === 0) return 'JPEG frame header (SOF) has no components';
  if (segment.length !== 8 + 3 * components) {
    return `JPEG frame header (SOF) is ${segment.length} bytes, expected ${8 + 3 * components} for ${components} components`;
  }
  // A height of 0 (set later by a DNL marker) is legal but unused in practice; treat it as broken.
  if (width === 0 || height === 0) return `JPEG frame header claims ${width} × ${height} pixels`;
  return null;
}

function fourCC(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4)).replace(/[^\x20-\x7e]/g, '?');
}

function checkWebp(bytes: Uint8Array): string | null {
  const riffSize = u32le(bytes, 4);
  if (riffSize < 4 + 8) return `WebP RIFF size ${riffSize} is too small to hold a chunk`;
  const riffEnd = riffSize + 8;
  if (riffEnd > bytes.length) {
    return `WebP is cut off (RIFF header declares ${riffEnd} bytes, ${bytes.length} present)`;
  }
  // RIFF pads an odd-sized body with one byte, which the size field does not count.
  const padding = riffSize % 2 === 1 ? 1 : 0;
  if (bytes.length > riffEnd + padding) return `WebP has ${countBytes(bytes.length - riffEnd)} after its RIFF data`;

  let pos = 12;
  let first = true;
  let sawImage = false;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) return 'WebP ends inside a chunk header (cut off?)';
    const type = fourCC(bytes, pos);
    const size = u32le(bytes, pos + 4);
    const dataStart = pos + 8;
    if (dataStart + size > riffEnd) {
      return `WebP chunk ${type} declares ${size} bytes, only ${riffEnd - dataStart} remain (cut off?)`;
    }
    const data = bytes.subarray(dataStart, dataStart + size);
    if (first && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X') {
      return `WebP starts with chunk ${type}, expected VP8, VP8L or VP8X`;
    }
    first = false;
    const problem = checkWebpChunk(type, data);
    if (problem !== null) return problem;
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') sawImage = true;
    // Chunks are padded to an even size.
    pos = dataStart + size + (size % 2);
  }
  if (first) return 'WebP has no chunks';
  if (!sawImage) return 'WebP has no image data (VP8, VP8L or ANMF chunk)';
  return null;
}

function checkWebpChunk(type: string, data: Uint8Array): string | null {
  switch (type) {
    case 'VP8 ': {
      if (data.length < 10) return 'WebP VP8 chunk is too short for a frame header';
      const frameTag = (data[0] ?? 0) | ((data[1] ?? 0) << 8) | ((data[2] ?? 0) << 16);
      if ((frameTag & 1) !== 0) return 'WebP VP8 data is not a key frame';
      if (data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) return 'WebP VP8 data lacks its start code';
      const width = ((data[6] ?? 0) | ((data[7] ?? 0) << 8)) & 0x3fff;
      const height = ((data[8] ?? 0) | ((data[9] ?? 0) << 8)) & 0x3fff;
      if (width === 0 || height === 0) return `WebP VP8 frame claims ${width} × ${height} pixels`;
      // The first partition must fit in the chunk: a cheap check for a frame cut short.
      const firstPartition = frameTag >>> 5;
      if (10 + firstPartition > data.length) {
        return `WebP VP8 first partition needs ${firstPartition} bytes, only ${data.length - 10} present (cut off?)`;
      }
      return null;
    }
    case 'VP8L': {
      if (data.length < 5) return 'WebP VP8L chunk is too short for its header';
      if (data[0] !== 0x2f) return `WebP VP8L signature is ${hex(data[0] ?? 0)}, expected 0x2F`;
      if ((data[4] ?? 0) >>> 5 !== 0) return 'WebP VP8L version is not 0';
      return null;
    }
    case 'VP8X':
      return data.length < 10 ? 'WebP VP8X chunk is too short for its header' : null;
    default:
      return null;
  }
}

const GIF_CUT = 'GIF ends before its trailer (cut off?)';

/** Position after a chain of data sub-blocks starting at `pos`, or -1 when it runs past the end. */
function skipGifSubBlocks(bytes: Uint8Array, pos: number): number {
  for (;;) {
    if (pos >= bytes.length) return -1;
    const size = bytes[pos] ?? 0;
    pos += 1 + size;
    if (size === 0) return pos;
  }
}

function colorTableBytes(packed: number): number {
  return packed & 0x80 ? 3 << ((packed & 0x07) + 1) : 0;
}

function checkGif(bytes: Uint8Array): string | null {
  const end = bytes.length;
  // Header (6) and logical screen descriptor (7), then the optional global colour table.
  if (end < 13) return GIF_CUT;
  let pos = 13 + colorTableBytes(bytes[10] ?? 0);
  let images = 0;
  for (;;) {
    if (pos >= end) return GIF_CUT;
    const introducer = bytes[pos] ?? 0;
    if (introducer === 0x3b) return images > 0 ? null : 'GIF has no image';
    if (introducer === 0x21) {
      // Extension: introducer, label, then sub-blocks.
      pos = skipGifSubBlocks(bytes, pos + 2);
      if (pos < 0) return GIF_CUT;
      continue;
    }
    if (introducer !== 0x2c) return `GIF has an unexpected block ${hex(introducer)} at byte ${pos}`;
    // Image descriptor (10 bytes), optional local colour table, LZW minimum code size, sub-blocks.
    if (pos + 10 > end) return GIF_CUT;
    pos += 10 + colorTableBytes(bytes[pos + 9] ?? 0);
    if (pos >= end) return GIF_CUT;
    const codeSize = bytes[pos] ?? 0;
    if (codeSize < 1 || codeSize > 11) return `GIF image has an LZW code size of ${codeSize}`;
    pos = skipGifSubBlocks(bytes, pos + 1);
    if (pos < 0) return GIF_CUT;
    images++;
  }
}

