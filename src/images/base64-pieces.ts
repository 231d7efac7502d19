import type { ByteString } from '../core/byte-string.js';
import type { DecodedBase64 } from './base64.js';

const EQUALS = 0x3d;
const DASH = 0x2d;
const UNDERSCORE = 0x5f;

/**
 * Decodes strict base64 held as bytes (an image line's ByteString) piece by piece into one buffer of the decoded
 * size, `into`'s (a reused buffer of at least that size) or a new one: the text is never built. The same bytes
 * as `Buffer.from(text, 'base64')`, and valid. Null when the text is not strict standard base64 (or any doubt):
 * the caller builds the text and takes the usual path, whose lenient bytes and verdict are then exactly today's.
 *
 * Strictness is proved as decodeImageBase64 proves it: the characters are printable ASCII (a ByteString is), no
 * `-` or `_` (which Node's decoder reads as digits), `=` only as the padding, and every 4-character group decodes
 * to 3 bytes (Node's decoder skips any other character, so a group with one yields fewer).
 */
export function decodeBase64Pieces(text: ByteString, into?: (length: number) => Buffer): DecodedBase64 | null {
  const { pieces, length } = text;
  let digits = length;
  if (length > 0 && byteAt(pieces, length - 1) === EQUALS) {
    if (length % 4 !== 0) return null;
    digits = byteAt(pieces, length - 2) === EQUALS ? length - 2 : length - 1;
  } else if (length % 4 === 1) return null;
  const size = Math.floor((digits * 3) / 4);
  const out = into?.(size).subarray(0, size) ?? Buffer.allocUnsafe(size);
  let written = 0;
  // The 0–3 characters of a group cut by a piece's end, completed from the next piece's first ones.
  let carry = '';
  let at = 0;
  for (const piece of pieces) {
    if (at >= digits) break;
    const n = Math.min(piece.length, digits - at);
    at += piece.length;
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, n);
    if (bytes.indexOf(EQUALS) !== -1 || bytes.indexOf(DASH) !== -1 || bytes.indexOf(UNDERSCORE) !== -1) return null;
    let from = 0;
    if (carry.length > 0) {
      from = Math.min(4 - carry.length, n);
      carry += bytes.toString('latin1', 0, from);
      if (carry.length < 4) continue;
      if (out.write(carry, written, 'base64') !== 3) return null;
      written += 3;
      carry = '';
    }
    const own = n - ((n - from) % 4);
    // Decoded a window at a time: strings this short live in V8's young generation, whose memory is reused,
    // where one string of a whole piece would be memory fetched afresh for each image.
    for (let start = from; start < own; start += WINDOW) {
      const end = Math.min(own, start + WINDOW);
      const got = out.write(bytes.toString('latin1', start, end), written, 'base64');
      if (got !== ((end - start) / 4) * 3) return null;
      written += got;
    }
    carry = bytes.toString('latin1', own, n);
  }
  // The last, unpadded 2 or 3 characters of the digits: Node decodes them as it does with their padding.
  if (carry.length > 0) written += out.write(carry, written, 'base64');
  return written === out.length ? { bytes: out, valid: true } : null;
}

/** Characters decoded at once: a multiple of 4, and a string below V8's large-object size (128 KiB). */
const WINDOW = 96 << 10;

/** The byte at `index` across the pieces. */
function byteAt(pieces: readonly Uint8Array[], index: number): number {
  let at = index;
  for (const piece of pieces) {
    if (at < piece.length) return piece[at] as number;
    at -= piece.length;
  }
  return -1;
}
