import { createLatencyRecorder, type LatencyRecorder } from '../core/latency.js';
import type { InputSource } from '../input/read-input.js';
import { loadTiming, type TimingEntry } from '../input/timing.js';
import { escapeLine } from '../render/terminal-safe.js';

/** A latency recorder for one input, and the sidecar entries it measures by (null: none, or unusable). */
export interface InputLatency {
  readonly recorder: LatencyRecorder;
  readonly entries: readonly TimingEntry[] | null;
}

/**
 * Loads the `.timing` sidecar beside a file input (docs/spec.md §9) and makes a recorder measuring by it; stdin,
 * a missing sidecar or an unusable one (`warn` says why) give a recorder that lays timelines out by event order.
 */
export async function openLatency(
  source: InputSource,
  options: { readonly warn: (message: string) => void; readonly keepGapsOverMs?: number; readonly ttftBudgetMs?: number },
): Promise<InputLatency> {
  const timing = source.kind === 'file' ? await loadTiming(source.path) : null;
  if (timing !== null && !timing.ok) options.warn(`ignoring ${escapeLine(timing.problem)}; no latency figures`);
  const entries = timing !== null && timing.ok ? timing.entries : null;
  const recorder = createLatencyRecorder({
    chunks: entries,
    ...(options.keepGapsOverMs !== undefined ? { keepGapsOverMs: options.keepGapsOverMs } : {}),
    ...(options.ttftBudgetMs !== undefined ? { ttftBudgetMs: options.ttftBudgetMs } : {}),
  });
  return { recorder, entries };
}
