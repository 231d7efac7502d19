/** How a timeline's x axis runs: ms after the first byte up to `end` (a sidecar), or by event order (none). */
export type TimelineAxis = { readonly kind: 'time'; readonly end: number } | { readonly kind: 'order' };

/** Something worth a mark on a timeline, at a time (or event number) and a line. */
export interface TimelineMark {
  readonly kind: 'first-text' | 'first-reasoning' | 'partial-image' | 'final-image' | 'error' | 'gap';
  readonly at: number;
  readonly line: number;
  readonly label: string;
  /** For a gap: how long it was. */
  readonly gapMs?: number;
}

/**
 * One response's events over time, bounded whatever their number: how many events fell in each of a fixed
 * number of equal spans of [from, to], and the marks (at most MAX_MARKS per kind).
 */
export interface Timeline {
  readonly axis: 'time' | 'order';
  /** The span the buckets cover: ms (time) or event numbers (order), `to` exclusive for order. */
  readonly from: number;
  readonly to: number;
  /** What one bucket spans (bucket i covers from + i·span up to from + (i+1)·span). */
  readonly bucketSpan: number;
  readonly buckets: readonly number[];
  readonly marks: readonly TimelineMark[];
  /** Marks not kept, per kind beyond MAX_MARKS. */
  readonly marksOmitted: number;
}

/** Buckets a timeline has. */
export const TIMELINE_BUCKETS = 120;
/** Marks of one kind a timeline keeps. */
export const MAX_MARKS = 60;

/** Gathers one response's timeline: events counted into buckets, marks kept up to a bound. */
export function createTimeline(axis: TimelineAxis) {
  // Time: fixed spans of the whole capture (its end is known from the sidecar). Order: spans of `width`
  // events that double (merging pairs) whenever the events outgrow them.
  const counts = new Array<number>(TIMELINE_BUCKETS).fill(0);
  let width = 1;
  let origin: number | null = null;
  const marks: TimelineMark[] = [];
  const perKind = new Map<string, number>();
  let omitted = 0;

  function bucketOf(at: number): number {
    if (axis.kind === 'time') return axis.end <= 0 ? 0 : Math.min(TIMELINE_BUCKETS - 1, Math.floor((at / axis.end) * TIMELINE_BUCKETS));
    origin ??= at;
    let offset = at - origin;
    while (offset >= width * TIMELINE_BUCKETS) {
      for (let i = 0; i < TIMELINE_BUCKETS / 2; i++) counts[i] = (counts[2 * i] ?? 0) + (counts[2 * i + 1] ?? 0);
      counts.fill(0, TIMELINE_BUCKETS / 2);
      width *= 2;
    }
    offset = Math.max(0, offset);
    return Math.floor(offset / width);
  }

  return {
    count(at: number): void {
      const bucket = bucketOf(at);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
    },
    mark(mark: TimelineMark): void {
      const seen = perKind.get(mark.kind) ?? 0;
      perKind.set(mark.kind, seen + 1);
      if (seen < MAX_MARKS) marks.push(mark);
      else omitted++;
    },
    read(first: number, last: number): Timeline {
      if (axis.kind === 'time') return { axis: 'time', from: 0, to: axis.end, bucketSpan: axis.end / TIMELINE_BUCKETS, buckets: [...counts], marks: [...marks], marksOmitted: omitted };
      const from = origin ?? first;
      return { axis: 'order', from, to: last + 1, bucketSpan: width, buckets: [...counts], marks: [...marks], marksOmitted: omitted };
    },
  };
}
