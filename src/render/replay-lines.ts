import type { ChalkInstance } from 'chalk';
import { positionLabel, type Diagnostic } from '../core/diagnostics.js';
import type { ImageOutcome } from '../images/image-processor.js';
import type { Thumbnail } from '../images/thumbnail.js';
import { renderDiagnosticLine } from './diagnostic-line.js';
import { renderHalfBlockPreview, renderItermPreview, renderKittyPreview, type PreviewProtocol } from './image-preview.js';
import { formatBytes } from './summary-line.js';
import { escapeLine } from './terminal-safe.js';

/**
 * The one line `replay` prints about an input that had no events at all: the HTTP error, the first line
 * that was no JSON event, an empty input, or lines that are not a capture.
 */
export function renderEmptyLine(
  name: string,
  bytes: number,
  heldBack: readonly Diagnostic[],
  heldBackCount: number,
  diagnostics: readonly Diagnostic[],
  style: ChalkInstance,
): string {
  const http = diagnostics.find((d) => d.code === 'http-error');
  if (http !== undefined) return renderDiagnosticLine(name, http, style);
  const invalid = diagnostics.find((d) => d.code === 'invalid-json' || d.code === 'missing-type' || d.code === 'invalid-utf8');
  if (bytes === 0) return `${style.bold(`${name}:1`)}: ${style.red('error')}: no events: the input is empty ${style.dim('[empty-stream]')}`;
  if (invalid !== undefined) return `${style.bold(`${name}:${positionLabel(invalid.position)}`)}: ${style.red('error')}: no events: ${escapeLine(invalid.message)} ${style.dim(`[${invalid.code}]`)}`;
  const first = heldBack[0];
  const what = first !== undefined ? `${heldBackCount} line${heldBackCount === 1 ? ' is' : 's are'} not SSE, JSON lines or an HTTP preamble (not a capture?)` : 'no event found';
  return `${style.bold(`${name}:${first?.position.line ?? 1}`)}: ${style.red('error')}: no events: ${what} ${style.dim('[empty-stream]')}`;
}

/** `saved out/ig_1.partial-0.gif (partial 0, GIF 1×1, 14 B) invalid: …` */
export function renderSavedLine(outcome: Omit<ImageOutcome, 'bytes'>, style: ChalkInstance): string {
  const { record, check } = outcome;
  const what = record.kind === 'partial' ? `partial ${record.index ?? 0}` : 'final';
  const size = check.width !== null && check.height !== null ? ` ${check.width}×${check.height}` : '';
  const format = check.format !== null ? `${check.format.toUpperCase()}${size}, ` : '';
  const details = style.dim(`(${what}, ${format}${formatBytes(check.bytes)})`);
  const problem = !outcome.base64Valid ? 'not valid base64' : !check.valid ? (check.problem ?? 'not a valid image') : null;
  const warning = problem !== null ? ` ${style.yellow(`invalid, kept raw: ${escapeLine(problem)}`)}` : '';
  return `${style.dim('saved')} ${escapeLine(outcome.path ?? '')} ${details}${warning}`;
}

/** Thumbnail size: 32 cells wide, 16 rows of half-blocks tall at most. */
const PREVIEW_COLUMNS = 32;

/** A saved image as the chosen protocol shows it, or null for formats it cannot show. */
export function renderPreview(
  protocol: PreviewProtocol,
  bytes: Uint8Array,
  format: string | null,
  makeThumbnail: ((bytes: Uint8Array, maxWidth: number, maxHeight: number) => Thumbnail | null) | null,
): string | null {
  switch (protocol) {
    case 'kitty':
      return format === 'png' ? renderKittyPreview(bytes, PREVIEW_COLUMNS) : null;
    case 'iterm':
      return format === 'png' || format === 'jpeg' || format === 'gif' ? renderItermPreview(bytes, PREVIEW_COLUMNS) : null;
    case 'blocks': {
      const thumbnail = makeThumbnail?.(bytes, PREVIEW_COLUMNS, PREVIEW_COLUMNS) ?? null;
      return thumbnail === null ? null : renderHalfBlockPreview(thumbnail);
    }
  }
}
