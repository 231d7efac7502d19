import type { ImageFormat, ImageFormatReader, ValidateOptions } from './format.js';
import { lazyCrypto } from '../input/lazy-builtins.js';
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

/**
 * Verdicts on small images already checked in this thread, by their bytes' SHA-256 and the options: a set of
 * fixtures often holds one image many times (partial images, copied captures), and a small, well-compressed
 * PNG may still inflate to megabytes. Only checks that inflate images of up to CACHE_MAX_BYTES are looked
 * up, so hashing a large image that is never seen again costs nothing; at most CACHE_ENTRIES verdicts are
 * kept (oldest dropped).
 */
const verdicts = new Map<string, string | null>();
const CACHE_MAX_BYTES = 64 * 1024;
const CACHE_ENTRIES = 1024;

const counts = { hits: 0, misses: 0 };

/** How often a verdict was found in the cache, and how often an image was checked and its verdict kept (for tests). */
export function cachedVerdicts(): { readonly hits: number; readonly misses: number } {
  return { ...counts };
}

/** A format's check of `bytes`, or the verdict it gave before on the same bytes and options. */
async function checkCached(reader: ImageFormatReader, bytes: Uint8Array, options: ValidateOptions): Promise<string | null> {
  // The bounded check (no inflating) reads the bytes once, as hashing them would: only inflating is worth a lookup.
  if (bytes.length > CACHE_MAX_BYTES || options.inflate === false) return reader.check(bytes, options);
  const key = `${lazyCrypto().createHash('sha256').update(bytes).digest('hex')} ${options.inflate ?? true} ${options.maxInflateBytes ?? ''}`;
  const known = verdicts.get(key);
  if (known !== undefined) {
    counts.hits++;
    return known;
  }
  counts.misses++;
  const problem = await reader.check(bytes, options);
  if (verdicts.size >= CACHE_ENTRIES) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, problem);
  return problem;
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
    return result(await checkCached(reader, bytes, options));
  } catch (error) {
    // Validation reports, it never throws: an unforeseen failure is still a verdict on the bytes.
    return result(`image could not be checked (${error instanceof Error ? error.message : String(error)})`);
  }
}
