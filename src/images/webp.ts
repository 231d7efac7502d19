import { countBytes, hasAscii, hex, u16le, u24le, u32le } from './bytes.js';
import type { Dimensions, ImageFormatReader } from './format.js';

/** WebP: RIFF/WEBP magic, the VP8, VP8L or VP8X header's size, and a walk of the RIFF chunks. */
export const webp: ImageFormatReader = {
  format: 'webp',
  matches: (bytes) => hasAscii(bytes, 0, 'RIFF') && hasAscii(bytes, 8, 'WEBP'),
  dimensions: webpDimensions,
  check: checkWebp,
};

function webpDimensions(bytes: Uint8Array): Dimensions | null {
  const data = 20;
  if (hasAscii(bytes, 12, 'VP8 ')) {
    // VP8 key frame: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
    if (bytes.length < data + 10) return null;
    if (bytes[data + 3] !== 0x9d || bytes[data + 4] !== 0x01 || bytes[data + 5] !== 0x2a) return null;
    return { width: u16le(bytes, data + 6) & 0x3fff, height: u16le(bytes, data + 8) & 0x3fff };
  }
  if (hasAscii(bytes, 12, 'VP8L')) {
    // VP8L: signature 0x2f, then width-1 and height-1 as 14-bit fields.
    if (bytes.length < data + 5 || bytes[data] !== 0x2f) return null;
    const bits = u32le(bytes, data + 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (hasAscii(bytes, 12, 'VP8X')) {
    // VP8X: flags and reserved (4 bytes), then canvas width-1 and height-1 as 24-bit fields.
    if (bytes.length < data + 10) return null;
    return { width: u24le(bytes, data + 4) + 1, height: u24le(bytes, data + 7) + 1 };
  }
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
