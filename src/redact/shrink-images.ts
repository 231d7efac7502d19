import { createHash } from 'node:crypto';
import { readDimensions, sniffFormat, type ImageFormat } from '../images/sniff.js';
import { createFlatImage, flatImageProblem } from './flat-image.js';

/** What `--shrink-images` did with one image string. */
export interface ImageShrink {
  readonly line: number;
  readonly format: ImageFormat;
  readonly width: number | null;
  readonly height: number | null;
  /** Base64 characters before and after (equal when the image was kept). */
  readonly before: number;
  readonly after: number;
  /** Why the image was kept as it was, or null when it was replaced. */
  readonly kept: string | null;
}

// How base64 of each format's magic begins (PNG \x89PNG, JPEG FF D8 FF, GIF8, RIFF), and a data URL.
const IMAGE_STARTS = ['iVBORw0KGgo', '/9j/', '\\/9j\\/', 'R0lGOD', 'UklGR', 'data:image/'];
const BASE64_RUN = /^[A-Za-z0-9+/]*={0,2}/;
// Enough base64 for any header respcat reads dimensions from, short of a JPEG with large APP segments.
const HEAD_CHARS = 64 * 1024;

/**
 * Replaces every JSON string in `text` (a latin1 line) that holds a base64 image, or a data URL of one,
 * by a flat image of the same format and width × height, coloured by a hash of the original (the same
 * image always becomes the same bytes; different ones almost never do). An image is kept as it is when
 * its size cannot be read, is too large to regenerate, or the flat one would not be smaller.
 */
export function shrinkImagesInLine(text: string, line: number): { readonly text: string; readonly images: readonly ImageShrink[] } {
  const images: ImageShrink[] = [];
  let out = '';
  let copied = 0;
  let at = 0;
  for (;;) {
    const open = text.indexOf('"', at);
    if (open === -1) break;
    const close = stringEnd(text, open + 1);
    if (close === -1) break;
    at = close + 1;
    if (!IMAGE_STARTS.some((start) => text.startsWith(start, open + 1))) continue;
    const shrunk = shrinkOne(text.slice(open + 1, close), line);
    if (shrunk === null) continue;
    images.push(shrunk.report);
    if (shrunk.replacement === null) continue;
    out += text.slice(copied, open + 1) + shrunk.replacement;
    copied = close;
  }
  return { text: copied === 0 ? text : out + text.slice(copied), images };
}

/** The index of the quote that closes the JSON string whose content starts at `from`, or -1. */
function stringEnd(text: string, from: number): number {
  for (let at = from; ; ) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let i = quote - 1; i >= from && text.charCodeAt(i) === 0x5c; i--) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

function shrinkOne(content: string, line: number): { report: ImageShrink; replacement: string | null } | null {
  const comma = content.startsWith('data:image/') ? content.indexOf(',') : -1;
  if (content.startsWith('data:image/') && (comma === -1 || !content.slice(0, comma).endsWith(';base64'))) return null;
  const prefix = comma === -1 ? '' : content.slice(0, comma + 1);
  const payload = content.slice(prefix.length).replaceAll('\\/', '/');
  const run = (BASE64_RUN.exec(payload) as RegExpExecArray)[0];
  let bytes = Buffer.from(run.slice(0, HEAD_CHARS), 'base64');
  const format = sniffFormat(bytes);
  if (format === null) return null;
  let size = readDimensions(bytes);
  if (size === null && run.length > HEAD_CHARS) {
    bytes = Buffer.from(run, 'base64');
    size = readDimensions(bytes);
  }
  const report = { line, format, width: size?.width ?? null, height: size?.height ?? null, before: content.length };
  if (size === null) return { report: { ...report, after: content.length, kept: 'its width × height cannot be read' }, replacement: null };
  const problem = flatImageProblem(format, size.width, size.height);
  if (problem !== null) return { report: { ...report, after: content.length, kept: problem }, replacement: null };
  const digest = createHash('sha1').update(content, 'latin1').digest();
  const flat = createFlatImage(format, size.width, size.height, { r: digest[0] as number, g: digest[1] as number, b: digest[2] as number });
  const replacement = prefix + Buffer.from(flat).toString('base64');
  if (replacement.length >= content.length) return { report: { ...report, after: content.length, kept: 'it is already as small' }, replacement: null };
  return { report: { ...report, after: replacement.length, kept: null }, replacement };
}
