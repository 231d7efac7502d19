/** An image format respcat recognizes by its magic bytes. */
export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'gif';

/** Width and height in pixels, as a header declares them. */
export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

/** Limits for the bounded check of an image. */
export interface ValidateOptions {
  /** Most bytes of PNG image data to inflate, whatever the header claims (default 256 MiB). */
  readonly maxInflateBytes?: number;
  /** False skips inflating PNG image data: chunk structure, CRCs and header claims only (default true). */
  readonly inflate?: boolean;
}

/** One format's knowledge in one place: its magic, its header's dimensions, and its bounded structural check. */
export interface ImageFormatReader {
  readonly format: ImageFormat;
  /** Whether `bytes` begins with the format's magic. */
  matches(bytes: Uint8Array): boolean;
  /** Width and height from the header alone (no pixel data touched), or null when unreadable. */
  dimensions(bytes: Uint8Array): Dimensions | null;
  /** What is wrong with bytes that match, in one short sentence, or null when they are whole and valid. */
  check(bytes: Uint8Array, options: ValidateOptions): string | null | Promise<string | null>;
}
