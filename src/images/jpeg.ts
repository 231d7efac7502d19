import { hex, u16be } from './bytes.js';
import type { Dimensions, ImageFormatReader } from './format.js';

/** True for the JPEG start-of-frame markers that carry dimensions (SOF0–SOF15 less DHT, JPG, DAC). */
function isSofMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** True for JPEG markers that stand alone, without a length field. */
function isStandaloneMarker(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

/** JPEG: SOI magic, the frame header's size, and a walk of the markers to EOI. */
export const jpeg: ImageFormatReader = {
  format: 'jpeg',
  matches: (bytes) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  dimensions: jpegDimensions,
  check: checkJpeg,
};

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
    if (isStandaloneMarker(marker)) continue;
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda) return null;
    if (pos + 2 > bytes.length) return null;
    const length = u16be(bytes, pos);
    if (length < 2) return null;
    if (isSofMarker(marker)) {
      if (pos + 7 > bytes.length) return null;
      return { width: u16be(bytes, pos + 5), height: u16be(bytes, pos + 3) };
    }
    pos += length;
  }
  return null;
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
    if (isStandaloneMarker(marker)) continue;
    if (marker === 0x00) return `JPEG has a stuffed 0xFF00 outside scan data at byte ${pos - 2}`;
    if (marker === 0xd8) return 'JPEG has a second SOI marker';
    if (marker === 0xd9) return sawScan ? null : 'JPEG ends (EOI) before any scan data';
    if (pos + 2 > end) return JPEG_CUT;
    const length = ((bytes[pos] ?? 0) << 8) | (bytes[pos + 1] ?? 0);
    if (length < 2) return `JPEG segment ${hex(marker)} has length ${length}, below 2`;
    if (pos + length > end) return JPEG_CUT;
    if (isSofMarker(marker) && !sawFrame) {
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
