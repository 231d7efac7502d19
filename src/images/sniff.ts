/** An image format respcat recognizes by its magic bytes. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** Width and height in pixels, as a header declares them. */
export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** True when `bytes` holds `ascii` at `offset`. */
export function hasAscii(bytes: Uint8Array, offset: number, ascii: string): boolean {
  if (offset < 0 || offset + ascii.length > bytes.length) return false;
  for (let i = 0; i < ascii.length; i++) {
    if (bytes[offset + i] !== ascii.charCodeAt(i)) return false;
  }
  return true;
}

/** True when `bytes` starts with the 8-byte PNG signature. */
export function hasPngSignature(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The format named by the leading magic bytes of `bytes`, or null when none matches. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  if (hasPngSignature(bytes)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (hasAscii(bytes, 0, 'RIFF') && hasAscii(bytes, 8, 'WEBP')) return 'webp';
  if (hasAscii(bytes, 0, 'GIF87a') || hasAscii(bytes, 0, 'GIF89a')) return 'gif';
  return null;
}

/** The file extension (without dot) for `format`: png, jpg, webp, gif, or bin when unknown. */
export function extensionFor(format: ImageFormat | null): string {
  switch (format) {
    case 'png':
      return 'png';
    case 'jpeg':
      return 'jpg';
    case 'webp':
      return 'webp';
    case 'gif':
      return 'gif';
    case null:
      return 'bin';
  }
}

/** The format an API's `output_format` names (png, jpeg, jpg, webp, gif; any case), else null. */
export function formatFromDeclared(outputFormat: string | undefined | null): ImageFormat | null {
  switch (outputFormat?.trim().toLowerCase()) {
    case 'png':
      return 'png';
    case 'jpeg':
    case 'jpg':
      return 'jpeg';
    case 'webp':
      return 'webp';
    case 'gif':
      return 'gif';
    default:
      return null;
  }
}

function u16be(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

function u16le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

function u24le(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16);
}

/** Reads a big-endian unsigned 32-bit integer; callers check bounds first. */
export function u32be(bytes: Uint8Array, offset: number): number {
  // Multiply instead of shifting the top byte so the result stays unsigned.
  return (
    (bytes[offset] ?? 0) * 0x1000000 +
    (((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0))
  );
}

/** Reads a little-endian unsigned 32-bit integer; callers check bounds first. */
export function u32le(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset + 3] ?? 0) * 0x1000000 +
    (((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 1] ?? 0) << 8) | (bytes[offset] ?? 0))
  );
}

/** True for the JPEG start-of-frame markers that carry dimensions (SOF0–SOF15 less DHT, JPG, DAC). */
export function isJpegSofMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** True for JPEG markers that stand alone, without a length field. */
export function isJpegStandaloneMarker(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

function pngDimensions(bytes: Uint8Array): Dimensions | null {
  if (bytes.length < 24 || !hasAscii(bytes, 12, 'IHDR')) return null;
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

function gifDimensions(bytes: Uint8Array): Dimensions | null {
  if (bytes.length < 10) return null;
  return { width: u16le(bytes, 6), height: u16le(bytes, 8) };
}

function jpegDimensions(bytes: Uint8Array): Dimensions | null {
  let pos = 2;
  // Segments before the first scan have lengths, so this walk touches only headers.
  while (pos + 1 < bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1] ?? 0;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    pos += 2;
    if (isJpegStandaloneMarker(marker)) continue;
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda) return null;
    if (pos + 2 > bytes.length) return null;
    const length = u16be(bytes, pos);
    if (length < 2) return null;
    if (isJpegSofMarker(marker)) {
      if (pos + 7 > bytes.length) return null;
      return { width: u16be(bytes, pos + 5), height: u16be(bytes, pos + 3) };
    }
    pos += length;
  }
  return null;
}

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

/** Width and height read from the header alone (no pixel data touched), or null when unreadable; never throws. */
export function readDimensions(bytes: Uint8Array): Dimensions | null {
  switch (sniffFormat(bytes)) {
    case 'png':
      return pngDimensions(bytes);
    case 'gif':
      return gifDimensions(bytes);
    case 'jpeg':
      return jpegDimensions(bytes);
    case 'webp':
      return webpDimensions(bytes);
    case null:
      return null;
  }
}
