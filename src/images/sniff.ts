import type { Dimensions, ImageFormat, ImageFormatReader } from './format.js';
import { gif } from './gif.js';
import { jpeg } from './jpeg.js';
import { png } from './png.js';
import { webp } from './webp.js';

export type { Dimensions, ImageFormat } from './format.js';

/** Every format respcat reads, each a module of its own (png.ts, jpeg.ts, webp.ts, gif.ts). */
export const IMAGE_FORMATS: readonly ImageFormatReader[] = [png, jpeg, webp, gif];

/** The reader of the format named by the leading magic bytes of `bytes`, or null when none matches. */
export function readerFor(bytes: Uint8Array): ImageFormatReader | null {
  return IMAGE_FORMATS.find((reader) => reader.matches(bytes)) ?? null;
}

/** The format named by the leading magic bytes of `bytes`, or null when none matches. */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  return readerFor(bytes)?.format ?? null;
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

/** Width and height read from the header alone (no pixel data touched), or null when unreadable; never throws. */
export function readDimensions(bytes: Uint8Array): Dimensions | null {
  return readerFor(bytes)?.dimensions(bytes) ?? null;
}
