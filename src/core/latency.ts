import { defineGetters } from './getters.js';
import type { Update } from './builder.js';
import type { Diagnostic, Position } from './diagnostics.js';
import type { ResponseState, TextStreamKind } from './model.js';
import { createTimeline, type Timeline, type TimelineAxis } from './timeline.js';

/** When one chunk of the input arrived: `t` ms after the first byte, `n` bytes (a timing sidecar line). */
export interface ChunkArrival {
  readonly t: number;
  readonly n: number;
}

/**
 * One response's latency figures (docs/spec.md §4), in ms after the capture's first byte; null where the
 * response has no such thing (no text, no image) or the figure cannot be measured.
 */
export interface TimingFigures {
  /**
   * Where the figures come from: the capture's `.timing` sidecar, or, without one, the durations the server
   * reported in the stream (Ollama's), which give the duration and the output rate only.
   */
  readonly source: 'sidecar' | 'server';
  /** When the response's first event had arrived (null: not measured, `server` figures). */
  readonly firstByteMs: number | null;
  /** When the first answer text (or refusal) arrived. */
  readonly firstTextMs: number | null;
  readonly firstReasoningMs: number | null;
  /** When the first partial image arrived. */
  readonly firstImageMs: number | null;
  /** When the first final image arrived. */
  readonly finalImageMs: number | null;
  /** From the response's first event to its last. */
  readonly durationMs: number;
  /** The longest pause between two chunks inside the response, and the line of the event that ended it. */
  readonly maxGapMs: number | null;
  readonly maxGapLine: number | null;
  /** Output tokens (usage) over the text phase, first text to last text; null without usage or a text phase. */
  readonly outputTokensPerSecond: number | null;
}

/** A pause between chunks longer than the recorder was asked to keep: how long, and the event after it. */
export interface StreamGap {
  readonly ms: number;
  /** When the chunk that ended the pause arrived. */
  readonly atMs: number;
  readonly position: Position;
  /** The response the event after the pause went to; null for an event of none. */
  readonly responseIndex: number | null;
}

/** Options for a latency recorder. */
export interface LatencyOptions {
  /** The sidecar's chunks; null measures nothing and lays timelines out by event order. */
  readonly chunks: readonly ChunkArrival[] | null;
  /** Pauses longer than this are kept as {@link StreamGap}s (timeline marks, `check --max-gap`). */
  readonly keepGapsOverMs?: number;
  /** Timeline marks are kept for pauses longer than this (docs/spec.md: 1 s). */
  readonly markGapsOverMs?: number;
  /** `check --max-ttft`: find, per response, the first event that came this long after its first one with no text yet. */
  readonly ttftBudgetMs?: number;
}

/**
 * Hears the pipeline of one input (chunks as fed, updates, events, diagnostics) and keeps, per response,
 * the latency figures and a bounded timeline. Memory: the sidecar's chunks plus a fixed amount per response.
 */
export interface LatencyRecorder {
  /** A chunk of `length` bytes is about to be fed: the clock moves to when its bytes arrived. */
  onChunk(length: number): void;
  onUpdate(update: Update): void;
  /** An event was decoded (after its updates): it arrived now; `response` is the one it went to. */
  onEvent(position: Position, response: ResponseState | null): void;
  onDiagnostic(diagnostic: Diagnostic): void;
  /** Whether the figures are measured (a sidecar) or timelines are by event order. */
  readonly measured: boolean;
  /** A response's figures; null without a sidecar or when none of its events was heard. */
  figures(response: ResponseState): TimingFigures | null;
  timeline(responseIndex: number): Timeline | null;
  /** Pauses over `keepGapsOverMs`, in order (at most MAX_GAPS). */
  readonly gaps: readonly StreamGap[];
  /** Pauses over `keepGapsOverMs` beyond MAX_GAPS, counted. */
  readonly gapsNotKept: number;
  /**
   * With `ttftBudgetMs`: per response, the first event that arrived more than the budget after the response's
   * first one while no text had come before it (it may be the first text itself).
   */
  readonly lateText: ReadonlyMap<number, { readonly position: Position; readonly atMs: number }>;
}

/** Image lines whose arrival is remembered for their findings, at most. */
const MAX_IMAGE_LINES = 10_000;

/** Pauses kept for `check` at most (its diagnostic log keeps fewer per code anyway). */
export const MAX_GAPS = 1000;

const TEXT_KINDS: ReadonlySet<TextStreamKind> = new Set(['output_text', 'refusal']);
const REASONING_KINDS: ReadonlySet<TextStreamKind> = new Set(['reasoning_summary', 'reasoning_text']);

interface ResponseClock {
  first: number;
  last: number;
  events: number;
  firstText: number | null;
  lastText: number | null;
  firstReasoning: number | null;
  firstImage: number | null;
  finalImage: number | null;
  maxGap: number | null;
  maxGapLine: number | null;
  /** The first text has been reported with its event (later events come after the text). */
  textReached: boolean;
  readonly timeline: ReturnType<typeof createTimeline>;
}

/** Creates a recorder for one input. */
export function createLatencyRecorder(options: LatencyOptions): LatencyRecorder {
  const chunks = options.chunks;
  const measured = chunks !== null;
  const end = chunks === null ? 0 : chunks.reduce((last, chunk) => Math.max(last, chunk.t), 0);
  const axis: TimelineAxis = measured ? { kind: 'time', end } : { kind: 'order' };
  const keepOver = options.keepGapsOverMs ?? Infinity;
  const markOver = options.markGapsOverMs ?? 1000;

  let fed = 0;
  let next = 0;
  let nextStart = 0;
  let previousT: number | null = null;
  let now = 0;
  let pendingGap = 0;
  let ordinal = 0;
  const clocks = new Map<number, ResponseClock>();
  const gaps: StreamGap[] = [];
  let gapsNotKept = 0;
  // The line of each image event and when it arrived, for the image findings that come after it.
  const imageTimes = new Map<number, number>();
  const lateText = new Map<number, { position: Position; atMs: number }>();
  const ttftBudget = options.ttftBudgetMs;
  // Marks found by updates wait for their event's position (the event is reported after its updates).
  const waiting: { kind: 'first-text' | 'first-reasoning' | 'partial-image' | 'final-image'; responseIndex: number; label: string }[] = [];
  let lastResponse: number | null = null;

  const at = (): number => (measured ? now : ordinal);

  function clockOf(index: number): ResponseClock {
    let clock = clocks.get(index);
    if (clock === undefined) {
      clock = {
        first: at(),
        last: at(),
        events: 0,
        firstText: null,
        lastText: null,
        firstReasoning: null,
        firstImage: null,
        finalImage: null,
        maxGap: null,
        maxGapLine: null,
        textReached: false,
        timeline: createTimeline(axis),
      };
      clocks.set(index, clock);
    }
    return clock;
  }

  const methods: Omit<LatencyRecorder, 'gapsNotKept'> = {
    measured,
    onChunk(length) {
      if (chunks === null) return;
      fed += length;
      // Every sidecar chunk with a byte among those fed has arrived; the clock is the last of them.
      for (let chunk = chunks[next]; chunk !== undefined && nextStart < fed; chunk = chunks[++next]) {
        nextStart += chunk.n;
        if (chunk.n === 0) continue;
        if (previousT !== null) pendingGap = Math.max(pendingGap, chunk.t - previousT);
        previousT = chunk.t;
        now = chunk.t;
      }
    },
    onUpdate(update) {
      const index = update.response.index;
      const clock = clockOf(index);
      const t = at();
      if (update.kind === 'delta' || update.kind === 'stream-done') {
        if (TEXT_KINDS.has(update.stream.kind) && (update.kind === 'stream-done' || update.delta !== '')) {
          if (clock.firstText === null) {
            clock.firstText = t;
            waiting.push({ kind: 'first-text', responseIndex: index, label: 'first text' });
          }
          clock.lastText = t;
        } else if (REASONING_KINDS.has(update.stream.kind) && clock.firstReasoning === null) {
          clock.firstReasoning = t;
          waiting.push({ kind: 'first-reasoning', responseIndex: index, label: 'first reasoning' });
        }
      } else if (update.kind === 'image') {
        const image = update.image;
        if (image.kind === 'partial') {
          clock.firstImage ??= t;
          waiting.push({ kind: 'partial-image', responseIndex: index, label: `partial ${image.index ?? '?'}` });
        } else {
          clock.finalImage ??= t;
          waiting.push({ kind: 'final-image', responseIndex: index, label: 'final image' });
        }
      }
    },
    onEvent(position, response) {
      const t = at();
      const gap = pendingGap;
      pendingGap = 0;
      if (gap > keepOver) {
        if (gaps.length < MAX_GAPS) gaps.push({ ms: gap, atMs: t, position, responseIndex: response?.index ?? null });
        else gapsNotKept++;
      }
      if (response !== null) {
        lastResponse = response.index;
        const clock = clockOf(response.index);
        if (clock.events > 0 && gap > 0 && (clock.maxGap === null || gap > clock.maxGap)) {
          clock.maxGap = gap;
          clock.maxGapLine = position.line;
        }
        if (clock.events > 0 && gap > markOver) clock.timeline.mark({ kind: 'gap', at: t, line: position.line, label: `${Math.round(gap)} ms gap`, gapMs: gap });
        clock.events++;
        clock.last = t;
        clock.timeline.count(t);
        if (!clock.textReached) {
          if (ttftBudget !== undefined && t > clock.first + ttftBudget && !lateText.has(response.index)) lateText.set(response.index, { position, atMs: t });
          clock.textReached = clock.firstText !== null;
        }
      }
      for (const mark of waiting.splice(0)) {
        clockOf(mark.responseIndex).timeline.mark({ kind: mark.kind, at: t, line: position.line, label: mark.label });
        if (imageTimes.size < MAX_IMAGE_LINES && (mark.kind === 'partial-image' || mark.kind === 'final-image')) imageTimes.set(position.line, t);
      }
      ordinal++;
    },
    onDiagnostic(diagnostic) {
      if (diagnostic.severity !== 'error' || lastResponse === null) return;
      // Image findings come once the image is checked, later: they go where the image arrived. Others at the
      // last event heard (by order: rules report after it was counted).
      const when = imageTimes.get(diagnostic.position.line) ?? (measured ? now : Math.max(0, ordinal - 1));
      clockOf(lastResponse).timeline.mark({ kind: 'error', at: when, line: diagnostic.position.line, label: diagnostic.code });
    },
    figures(response) {
      const clock = clocks.get(response.index);
      if (!measured || clock === undefined) return null;
      const textPhase = clock.firstText !== null && clock.lastText !== null ? clock.lastText - clock.firstText : 0;
      const tokens = response.usage?.output_tokens ?? null;
      return {
        source: 'sidecar',
        firstByteMs: clock.first,
        firstTextMs: clock.firstText,
        firstReasoningMs: clock.firstReasoning,
        firstImageMs: clock.firstImage,
        finalImageMs: clock.finalImage,
        durationMs: clock.last - clock.first,
        maxGapMs: clock.maxGap,
        maxGapLine: clock.maxGapLine,
        outputTokensPerSecond: tokens !== null && textPhase > 0 ? Math.round((tokens / (textPhase / 1000)) * 10) / 10 : null,
      };
    },
    timeline(responseIndex) {
      const clock = clocks.get(responseIndex);
      return clock === undefined ? null : clock.timeline.read(clock.first, clock.last);
    },
    gaps,
    lateText,
  };
  return defineGetters(methods, { gapsNotKept: () => gapsNotKept });
}
