import { createHash } from 'node:crypto';
import { decodePreviewPng } from './thumbnail.js';

/** A PNG's pixels as 8-bit RGBA, row by row; fully transparent pixels are stored as 0,0,0,0. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * Decodes a PNG (only PNG: pngjs) whose header says it is within the preview pixel limit; null for anything
 * else, or bytes that do not decode. The header is read first, so a lying header never allocates.
 */
export function decodePixels(bytes: Uint8Array): Pixels | null {
  const png = decodePreviewPng(bytes);
  if (png === null) return null;
  const rgba = png.data;
  // What is under a fully transparent pixel is not part of the picture (encoders differ there).
  for (let i = 3; i < rgba.length; i += 4) {
    if (rgba[i] === 0) rgba.fill(0, i - 3, i);
  }
  return { width: png.width, height: png.height, rgba };
}

/** `sha256:<hex>` of some bytes. */
export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * A fingerprint equal for two images exactly when they show the same picture: for a PNG decoded under the
 * pixel limit its size and pixels (so a re-encoded PNG matches), for anything else its bytes.
 */
export function pixelFingerprint(bytes: Uint8Array): string {
  const pixels = decodePixels(bytes);
  if (pixels === null) return `bytes:${digestOf(bytes)}`;
  const hash = createHash('sha256').update(`${pixels.width}x${pixels.height}:`).update(pixels.rgba);
  return `pixels:sha256:${hash.digest('hex')}`;
}

/** How many pixels of two same-sized PNGs differ; null when either does not decode or their sizes differ. */
export function countDifferingPixels(a: Uint8Array, b: Uint8Array): { readonly differing: number; readonly total: number } | null {
  const pa = decodePixels(a);
  if (pa === null) return null;
  const pb = decodePixels(b);
  if (pb === null || pa.width !== pb.width || pa.height !== pb.height) return null;
  let differing = 0;
  const x = pa.rgba;
  const y = pb.rgba;
  for (let i = 0; i < x.length; i += 4) {
    if (x[i] !== y[i] || x[i + 1] !== y[i + 1] || x[i + 2] !== y[i + 2] || x[i + 3] !== y[i + 3]) differing++;
  }
  return { differing, total: pa.width * pa.height };
}
