import { hasAscii, hex, u16le } from './bytes.js';
import type { Dimensions, ImageFormatReader } from './format.js';

/** GIF: GIF87a/GIF89a magic, the logical screen's size, and a walk of the blocks to the trailer. */
export const gif: ImageFormatReader = {
  format: 'gif',
  matches: (bytes) => hasAscii(bytes, 0, 'GIF87a') || hasAscii(bytes, 0, 'GIF89a'),
  dimensions: gifDimensions,
  check: checkGif,
};

function gifDimensions(bytes: Uint8Array): Dimensions | null {
  if (bytes.length < 10) return null;
  return { width: u16le(bytes, 6), height: u16le(bytes, 8) };
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
