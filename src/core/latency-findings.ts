import { createDiagnostic, type Diagnostic } from './diagnostics.js';
import type { LatencyRecorder } from './latency.js';
import type { ResponseState } from './model.js';

/** `check`'s latency budgets (docs/spec.md §5, `slow-stream`), in ms; absent: not checked. */
export interface LatencyBudgets {
  /** `--max-ttft`: the first text of each response within this long of its first event. */
  readonly maxTtftMs?: number;
  /** `--max-gap`: no pause between chunks longer than this. */
  readonly maxGapMs?: number;
}

/**
 * The `slow-stream` findings of one measured input, each at the line where a budget was crossed: the event
 * that ended a pause over `maxGapMs`, and per response the first event past `maxTtftMs` with no text before it.
 */
export function latencyFindings(recorder: LatencyRecorder, responses: readonly ResponseState[], budgets: LatencyBudgets): Diagnostic[] {
  const found: Diagnostic[] = [];
  if (!recorder.measured) return found;
  if (budgets.maxGapMs !== undefined) {
    for (const gap of recorder.gaps) {
      found.push(createDiagnostic('slow-stream', `Expected no pause over ${ms(budgets.maxGapMs)} between chunks (--max-gap), found ${ms(gap.ms)} before this event`, gap.position));
    }
  }
  if (budgets.maxTtftMs !== undefined) {
    const budget = budgets.maxTtftMs;
    for (const response of responses) {
      const late = recorder.lateText.get(response.index);
      const figures = recorder.figures(response);
      if (late === undefined || figures === null) continue;
      const text = figures.firstTextMs;
      const what = text === null ? `none in its ${ms(figures.durationMs)}` : `it ${ms(text - (figures.firstByteMs ?? 0))} after`;
      found.push(
        createDiagnostic('slow-stream', `Expected the first text within ${ms(budget)} of the response's first event (--max-ttft), found ${what}`, late.position),
      );
    }
  }
  return found;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}
