import { PNG } from 'pngjs';
import { readDimensions, sniffFormat } from './sniff.js';

/** Pixels respcat will decode for a preview; larger images are saved but not previewed (docs/spec.md §7). */
export const PREVIEW_PIXEL_LIMIT = 4096 * 4096;

/**
 * Decodes a PNG (only PNG: pngjs) whose header says it is within the preview pixel limit; null for anything
 * else or bytes that do not decode. The header is checked before decoding, so a lying header never allocates.
 */
export function decodePreviewPng(bytes: Uint8Array): PNG | null {
  if (sniffFormat(bytes) !== 'png') return null;
  const size = readDimensions(bytes);
  if (size === null || size.width < 1 || size.height < 1 || size.width * size.height > PREVIEW_PIXEL_LIMIT) return null;
  try {
    return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    return null;
  }
}

/** A small RGB image: `pixels` holds width × height × 3 bytes, row by row. */
export interface Thumbnail {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/**
 * Decodes a PNG (only PNG: pngjs) under the pixel limit and shrinks it to fit `maxWidth` × `maxHeight`
 * by box averaging, compositing transparency over a dark grey. Null when it cannot or should not decode.
 */
export function makeThumbnail(bytes: Uint8Array, maxWidth: number, maxHeight: number): Thumbnail | null {
  if (maxWidth < 1 || maxHeight < 1) return null;
  const png = decodePreviewPng(bytes);
  if (png === null) return null;
  const scale = Math.max(png.width / maxWidth, png.height / maxHeight, 1);
  const width = Math.max(1, Math.round(png.width / scale));
  const height = Math.max(1, Math.round(png.height / scale));
  const pixels = new Uint8Array(width * height * 3);
  const background = 40;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * png.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * png.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * png.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * png.width) / width));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      // Sample at most 8×8 source pixels per cell: plenty for a thumbnail, bounded for large images.
      const stepY = Math.max(1, Math.floor((y1 - y0) / 8));
      const stepX = Math.max(1, Math.floor((x1 - x0) / 8));
      for (let sy = y0; sy < y1; sy += stepY) {
        for (let sx = x0; sx < x1; sx += stepX) {
          const i = (sy * png.width + sx) * 4;
          const alpha = (png.data[i + 3] ?? 255) / 255;
          r += (png.data[i] ?? 0) * alpha + background * (1 - alpha);
          g += (png.data[i + 1] ?? 0) * alpha + background * (1 - alpha);
          b += (png.data[i + 2] ?? 0) * alpha + background * (1 - alpha);
          n++;
        }
      }
      const o = (y * width + x) * 3;
      pixels[o] = Math.round(r / n);
      pixels[o + 1] = Math.round(g / n);
      pixels[o + 2] = Math.round(b / n);
    }
  }
  return { width, height, pixels };
}
