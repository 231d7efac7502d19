import type { TimingFigures } from '../core/latency.js';

/** A duration the way people read it: 412 ms, 2.3 s (a whole number of ms below 10 s shows as such). */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** The latency figures of a response in a line (inspect's `latency` row, the report's header): only those that apply. */
export function renderLatency(figures: TimingFigures): string {
  const parts: string[] = [];
  if (figures.source === 'server') parts.push("the server's own figures");
  if (figures.firstByteMs !== null && figures.firstByteMs > 0) parts.push(`first event ${formatMs(figures.firstByteMs)}`);
  if (figures.firstTextMs !== null) parts.push(`first text ${formatMs(figures.firstTextMs)}`);
  if (figures.firstReasoningMs !== null) parts.push(`first reasoning ${formatMs(figures.firstReasoningMs)}`);
  if (figures.firstImageMs !== null) parts.push(`first partial image ${formatMs(figures.firstImageMs)}`);
  if (figures.finalImageMs !== null) parts.push(`final image ${formatMs(figures.finalImageMs)}`);
  parts.push(`duration ${formatMs(figures.durationMs)}`);
  if (figures.maxGapMs !== null && figures.maxGapLine !== null) parts.push(`longest gap ${formatMs(figures.maxGapMs)} (line ${figures.maxGapLine})`);
  if (figures.outputTokensPerSecond !== null) parts.push(`${figures.outputTokensPerSecond} output tokens/s`);
  return parts.join(' · ');
}

/** What replay's summary line adds with a sidecar: time to first text and the duration. */
export function renderLatencySummary(figures: TimingFigures): string {
  return [...(figures.firstTextMs !== null ? [`TTFT ${formatMs(figures.firstTextMs)}`] : []), `${formatMs(figures.durationMs)} streamed`].join(' · ');
}
