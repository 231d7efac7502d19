import { SECRET_LABELS, type SecretKind } from '../core/secrets.js';
import { escapeControls } from '../render/terminal-safe.js';
import type { Redaction } from './redact-line.js';
import type { ImageShrink } from './shrink-images.js';

/** Image lines listed one by one; the rest are counted (a capture may hold thousands). */
const LISTED_IMAGES = 10;

/** One line per replacement, `FILE:LINE: replaced <kind>`: the kind and line, never the secret. */
export function describeRedactions(file: string, redactions: readonly Redaction[]): string[] {
  const name = safeName(file);
  return redactions.map((redaction) => {
    const what = redaction.kind.startsWith('header ')
      ? `the value of ${redaction.kind.slice('header '.length)}`
      : `${SECRET_LABELS[redaction.kind as SecretKind]} [${redaction.kind}]`;
    return `${name}:${redaction.line}: replaced ${what}`;
  });
}

/** One line per image shrunk or kept (the first few), then a count of the rest. */
export function describeImages(file: string, images: readonly ImageShrink[]): string[] {
  const name = safeName(file);
  const lines = images.slice(0, LISTED_IMAGES).map((image) => {
    const size = image.width === null ? 'size unknown' : `${image.width}×${image.height}`;
    const what = `${name}:${image.line}: ${image.format.toUpperCase()} ${size}`;
    return image.kept === null ? `${what}: ${image.before} → ${image.after} base64 characters` : `${what}: kept as it was (${image.kept})`;
  });
  if (images.length > LISTED_IMAGES) lines.push(`${name}: ${images.length - LISTED_IMAGES} more images not listed`);
  return lines;
}

/** A file name on one line: control characters and newlines escaped. */
function safeName(file: string): string {
  return escapeControls(file).replace(/\n/g, '\\n');
}
