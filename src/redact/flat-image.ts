import { deflateSync } from 'node:zlib';
import { crc32 } from '../images/crc32.js';
import type { ImageFormat } from '../images/sniff.js';

/**
 * Small valid images of one flat colour, in each format respcat reads, at any width × height the format
 * allows: what `redact --shrink-images` puts in place of a capture's images. Each encoder writes the
 * least its format needs (a one-colour palette, a one-symbol code), so a 1024 × 1024 image is a few
 * hundred bytes to a few kB, and nothing is allocated by the image's pixel count beyond that output.
 */

/** Pixels an image may have and still be regenerated (8192 × 8192): larger headers are left as they are. */
export const MAX_FLAT_PIXELS = 1 << 26;

/** An sRGB colour. */
export interface Rgb {
  readonly r: number;
  readonly g: number;
  readonly b: number;
}

/** Why an image of this size cannot be made in its format, or null when it can. */
export function flatImageProblem(format: ImageFormat, width: number, height: number): string | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) return `its header claims ${width} × ${height} pixels`;
  if (width * height > MAX_FLAT_PIXELS) return `${width} × ${height} is over the ${MAX_FLAT_PIXELS}-pixel limit of --shrink-images`;
  const max = format === 'webp' ? 16384 : format === 'png' ? 0x7fffffff : 65535;
  if (width > max || height > max) return `${width} × ${height} is over the ${format.toUpperCase()} limit of ${max}`;
  return null;
}

/** A flat image of `format`, `width` × `height`, in `colour`; call {@link flatImageProblem} first. */
export function createFlatImage(format: ImageFormat, width: number, height: number, colour: Rgb): Uint8Array {
  switch (format) {
    case 'png':
      return flatPng(width, height, colour);
    case 'gif':
      return flatGif(width, height, colour);
    case 'jpeg':
      return flatJpeg(width, height, colour);
    case 'webp':
      return flatWebp(width, height, colour);
  }
}

// PNG: colour type 3 (palette), bit depth 1, one palette entry; every row is a filter byte and zeros.
function flatPng(width: number, height: number, { r, g, b }: Rgb): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([1, 3, 0, 0, 0], 8);
  const raw = new Uint8Array(height * (1 + Math.ceil(width / 8)));
  const idat = deflateSync(raw, { level: 9 });
  return concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    pngChunk('IHDR', ihdr),
    pngChunk('PLTE', Uint8Array.of(r, g, b)),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}


// GIF89a: a two-entry global colour table, one image of index 0 everywhere, LZW with code size 2.
function flatGif(width: number, height: number, { r, g, b }: Rgb): Uint8Array {
  const head = new Uint8Array(13 + 6 + 10);
  head.set([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]); // GIF89a
  const view = new DataView(head.buffer);
  view.setUint16(6, width, true);
  view.setUint16(8, height, true);
  head[10] = 0x80; // a global colour table of 2 entries
  head.set([r, g, b, 0, 0, 0], 13);
  head[19] = 0x2c; // image descriptor at 0, 0, full size, no local table
  view.setUint16(24, width, true);
  view.setUint16(26, height, true);
  const lzw = lzwZeros(width * height, 2);
  const blocks: Uint8Array[] = [head, Uint8Array.of(2)];
  for (let at = 0; at < lzw.length; at += 255) {
    const piece = lzw.subarray(at, Math.min(lzw.length, at + 255));
    blocks.push(Uint8Array.of(piece.length), piece);
  }
  blocks.push(Uint8Array.of(0, 0x3b));
  return concat(blocks);
}

/** GIF's LZW over `count` pixels of index 0 (the usual encoder, specialised: every string is a run of zeros). */
function lzwZeros(count: number, minCodeSize: number): Uint8Array {
  const clear = 1 << minCodeSize;
  const eoi = clear + 1;
  const bits = createBitWriter();
  let codeSize = minCodeSize + 1;
  let next = eoi + 1;
  // extend[code] is the code of that string followed by one more zero, or 0 when not yet in the table.
  let extend = new Uint16Array(4096);
  bits.lsb(clear, codeSize);
  let current = 0;
  for (let i = 1; i < count; i++) {
    const known = extend[current] as number;
    if (known !== 0) {
      current = known;
      continue;
    }
    bits.lsb(current, codeSize);
    if (next === 4096) {
      bits.lsb(clear, codeSize);
      codeSize = minCodeSize + 1;
      next = eoi + 1;
      extend = new Uint16Array(4096);
    } else {
      if (next >= 1 << codeSize) codeSize++;
      extend[current] = next++;
    }
    current = 0;
  }
  bits.lsb(current, codeSize);
  bits.lsb(eoi, codeSize);
  return bits.bytes();
}

// Baseline JPEG, one grey component, quantisation 1: the first block's DC carries the level, every
// other block is "DC unchanged, end of block", two bits each with one-code Huffman tables.
function flatJpeg(width: number, height: number, colour: Rgb): Uint8Array {
  let level = Math.round(0.299 * colour.r + 0.587 * colour.g + 0.114 * colour.b);
  if (level === 128) level = 129; // a DC of 0 would need no category of its own
  const dc = 8 * (level - 128);
  const category = Math.abs(dc).toString(2).length;
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = createBitWriter();
  bits.msb(0b10, 2);
  bits.msb(dc > 0 ? dc : dc + (1 << category) - 1, category);
  bits.msb(0, 1); // EOB
  for (let i = 1; i < blocks; i++) bits.msb(0, 2);
  const scan = stuff(bits.bytes(true));
  const segment = (marker: number, body: readonly number[] | Uint8Array): Uint8Array => {
    const out = new Uint8Array(4 + body.length);
    out.set([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
    out.set(body, 4);
    return out;
  };
  const dcCounts = new Array<number>(16).fill(0);
  dcCounts[0] = 1;
  dcCounts[1] = 1;
  const acCounts = new Array<number>(16).fill(0);
  acCounts[0] = 1;
  return concat([
    Uint8Array.of(0xff, 0xd8),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    segment(0xc4, [0x00, ...dcCounts, 0, category]),
    segment(0xc4, [0x10, ...acCounts, 0x00]),
    segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    scan,
    Uint8Array.of(0xff, 0xd9),
  ]);
}

/** Entropy-coded data with every 0xFF followed by a stuffed 0x00 (JPEG B.1.1.5). */
function stuff(bytes: Uint8Array): Uint8Array {
  let ff = 0;
  for (const byte of bytes) if (byte === 0xff) ff++;
  if (ff === 0) return bytes;
  const out = new Uint8Array(bytes.length + ff);
  let at = 0;
  for (const byte of bytes) {
    out[at++] = byte;
    if (byte === 0xff) out[at++] = 0;
  }
  return out;
}

// Lossless WebP (VP8L): no transforms, no colour cache, five one-symbol prefix codes, so every pixel
// takes zero bits and the whole image is a dozen bytes whatever its size.
function flatWebp(width: number, height: number, { r, g, b }: Rgb): Uint8Array {
  const bits = createBitWriter();
  bits.lsb(0x2f, 8);
  bits.lsb(width - 1, 14);
  bits.lsb(height - 1, 14);
  bits.lsb(0, 1); // alpha is not used
  bits.lsb(0, 3); // version 0
  bits.lsb(0, 1); // no transform
  bits.lsb(0, 1); // no colour cache
  bits.lsb(0, 1); // no meta prefix codes
  for (const symbol of [g, r, b, 255]) {
    bits.lsb(1, 1); // simple code
    bits.lsb(0, 1); // one symbol
    bits.lsb(1, 1); // of 8 bits
    bits.lsb(symbol, 8);
  }
  bits.lsb(0b0001, 4); // distance: simple, one symbol, of 1 bit, symbol 0
  const data = bits.bytes();
  const padded = data.length + (data.length % 2);
  const out = new Uint8Array(20 + padded);
  const view = new DataView(out.buffer);
  out.set([0x52, 0x49, 0x46, 0x46]); // RIFF
  view.setUint32(4, 12 + padded, true);
  out.set([0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x4c], 8); // WEBPVP8L
  view.setUint32(16, data.length, true);
  out.set(data, 20);
  return out;
}

/** Packs codes into bytes, least significant bit first (GIF, VP8L) or most significant first (JPEG). */
function createBitWriter() {
  const out: number[] = [];
  let acc = 0;
  let filled = 0;
  return {
    lsb(value: number, count: number): void {
      for (let i = 0; i < count; i++) {
        acc |= ((value >>> i) & 1) << filled;
        if (++filled === 8) {
          out.push(acc);
          acc = 0;
          filled = 0;
        }
      }
    },
    msb(value: number, count: number): void {
      for (let i = count - 1; i >= 0; i--) {
        acc = (acc << 1) | ((value >>> i) & 1);
        if (++filled === 8) {
          out.push(acc);
          acc = 0;
          filled = 0;
        }
      }
    },
    /** The bytes so far; a last partial byte is padded with zeros, or with ones for JPEG (`onesPad`). */
    bytes(onesPad = false): Uint8Array {
      if (filled === 0) return Uint8Array.from(out);
      const last = onesPad ? (acc << (8 - filled)) | ((1 << (8 - filled)) - 1) : acc;
      return Uint8Array.from([...out, last & 0xff]);
    },
  };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
