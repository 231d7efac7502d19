import type { ChalkInstance } from 'chalk';
import type { ResponseState, ResponseTiming, Usage } from '../core/model.js';
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
  const t = response.timing;
  if (t !== null && t.totalMs !== null) {
    const rate = tokensPerSecond(u?.output_tokens ?? null, t.outputMs);
    parts.push(`${formatMs(t.totalMs)} total${rate !== null ? `, ${rate} tokens/s` : ''}`);
  }
  return parts.join(' · ');
}

/** Milliseconds as people read them: `4883.6 ms` (one decimal). */
export function formatMs(ms: number): string {
  return `${(Math.round(ms * 10) / 10).toFixed(1)} ms`;
}

/** Tokens per second over `ms`, one decimal; null when either is missing or no time passed. */
export function tokensPerSecond(tokens: number | null, ms: number | null): string | null {
  if (tokens === null || ms === null || ms <= 0) return null;
  return (tokens / (ms / 1000)).toFixed(1);
}

/** The server's timing of a response in one line: total, load, prompt and output time, with token rates. */
export function describeTiming(t: ResponseTiming, u: Usage | null): string {
  const parts: string[] = [];
  const rated = (name: string, ms: number | null, tokens: number | null): void => {
    if (ms === null) return;
    const rate = tokensPerSecond(tokens, ms);
    parts.push(`${name} ${formatMs(ms)}${rate !== null ? ` (${rate} tokens/s)` : ''}`);
  };
  if (t.totalMs !== null) parts.push(`total ${formatMs(t.totalMs)}`);
  if (t.loadMs !== null) parts.push(`load ${formatMs(t.loadMs)}`);
  rated('prompt', t.promptMs, u?.input_tokens ?? null);
  rated('output', t.outputMs, u?.output_tokens ?? null);
  return parts.join(' · ');
}
