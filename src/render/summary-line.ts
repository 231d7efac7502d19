import type { ChalkInstance } from 'chalk';
import type { ResponseState } from '../core/model.js';
import { escapeLine } from './terminal-safe.js';

/** Formats a byte count the way people read it: 14 B, 1.3 MB. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/** One response in a line: status, model, tokens (cached and reasoning included); stream strings escaped to stay in it. */
export function renderResponseSummary(response: ResponseState, style: ChalkInstance): string {
  const status =
    response.status === 'completed'
      ? style.green(response.status)
      : response.terminal === null
        ? style.red(`${escapeLine(response.status)}, cut off`)
        : style.red(escapeLine(response.status));
  const parts = [status];
  if (response.model !== null) parts.push(escapeLine(response.model));
  const u = response.usage;
  if (u !== null) {
    parts.push(`${u.input_tokens} in (${u.cached_tokens} cached) / ${u.output_tokens} out (${u.reasoning_tokens} reasoning) tokens`);
  }
  return parts.join(' · ');
}
