import { STREAM_FAILURE_CODES, type Diagnostic } from '../core/diagnostics.js';
import type { ResponseState } from '../core/model.js';

/** Whether a replayed or inspected input succeeded (docs/spec.md §6): every response completed, no stream failure. */
export function streamSucceeded(responses: readonly ResponseState[], diagnostics: readonly Diagnostic[]): boolean {
  if (diagnostics.some((d) => STREAM_FAILURE_CODES.has(d.code))) return false;
  return responses.every((r) => r.status === 'completed');
}

/** Orders diagnostics by line (image checks finish out of order). */
export function byLine(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.position.line - b.position.line || a.position.byte - b.position.byte);
}
