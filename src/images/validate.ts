import type { ImageFormat, ValidateOptions } from './format.js';
import { readerFor } from './sniff.js';

export type { ValidateOptions } from './format.js';
export { DEFAULT_MAX_INFLATE_BYTES } from './png.js';

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

/** Checks that `bytes` is a whole, structurally valid PNG, JPEG, WebP or GIF without decoding pixels; never throws. */
export async function validateImage(bytes: Uint8Array, options: ValidateOptions = {}): Promise<ImageCheck> {
  const reader = readerFor(bytes);
  const dimensions = reader?.dimensions(bytes) ?? null;
  const result = (problem: string | null): ImageCheck => ({
    format: reader?.format ?? null,
    width: dimensions?.width ?? null,
    height: dimensions?.height ?? null,
    bytes: bytes.length,
    valid: problem === null,
    problem,
  });
  try {
    if (bytes.length === 0) return result('empty (0 bytes)');
    if (reader === null) return result('not a PNG, JPEG, WebP or GIF');
    return result(await reader.check(bytes, options));
  } catch (error) {
    // Validation reports, it never throws: an unforeseen failure is still a verdict on the bytes.
    return result(`image could not be checked (${error instanceof Error ? error.message : String(error)})`);
  }
}
