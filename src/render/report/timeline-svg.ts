import type { Timeline, TimelineMark } from '../../core/timeline.js';
import { formatMs } from '../latency-text.js';
import { el, join, raw, type Html } from './html.js';

const WIDTH = 960;
const HEIGHT = 150;
const LEFT = 8;
const RIGHT = 8;
const TOP = 34;
const BOTTOM = 26;

const KIND_LABEL: Readonly<Record<TimelineMark['kind'], string>> = {
  'first-text': 'first text',
  'first-reasoning': 'first reasoning',
  'partial-image': 'partial image',
  'final-image': 'final image',
  error: 'error',
  gap: 'gap',
};

/**
 * A response's events over time as inline SVG: bars of event counts, a tick per mark (first text, images,
 * errors) with its label, and each gap over the mark threshold as a shaded span; followed by the marks as a list.
 */
export function renderTimeline(timeline: Timeline): Html {
  const span = Math.max(timeline.to - timeline.from, timeline.axis === 'time' ? 1 : 1);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (at: number): number => LEFT + (Math.min(Math.max(at - timeline.from, 0), span) / span) * plotWidth;
  const max = Math.max(1, ...timeline.buckets);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const bars: string[] = [];
  timeline.buckets.forEach((count, i) => {
    if (count === 0) return;
    const start = timeline.from + i * timeline.bucketSpan;
    if (start >= timeline.to) return;
    const x0 = x(start);
    const w = Math.max(1, x(start + timeline.bucketSpan) - x0 - 0.5);
    const h = Math.max(2, (count / max) * plotHeight);
    bars.push(`<rect class="bar" x="${x0.toFixed(1)}" y="${(TOP + plotHeight - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"><title>${count} event${count === 1 ? '' : 's'}</title></rect>`);
  });
  const marks = timeline.marks.map((mark, i) => {
    const mx = x(mark.at);
    const title = join([`${mark.label} · ${where(timeline, mark)}`]);
    const shade =
      mark.kind === 'gap' && mark.gapMs !== undefined && timeline.axis === 'time'
        ? `<rect class="gap" x="${x(mark.at - mark.gapMs).toFixed(1)}" y="${TOP}" width="${Math.max(1, mx - x(mark.at - mark.gapMs)).toFixed(1)}" height="${plotHeight}"/>`
        : '';
    // Mark heads alternate between two rows so neighbours overlap less.
    const labelY = i % 2 === 0 ? 13 : 26;
    return `<g class="m-${mark.kind}">${shade}<line x1="${mx.toFixed(1)}" x2="${mx.toFixed(1)}" y1="${labelY + 3}" y2="${TOP + plotHeight}" stroke-width="1.5"/><circle cx="${mx.toFixed(1)}" cy="${labelY + 3}" r="3"/><title>${title}</title></g>`;
  });
  const axisLabel = (at: number): string => (timeline.axis === 'time' ? formatMs(at) : `event ${at - timeline.from + 1}`);
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${timeline.axis === 'time' ? 'Events over time' : 'Events in order'}">`,
    `<line class="axis" x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + plotHeight}" y2="${TOP + plotHeight}"/>`,
    ...bars,
    ...marks,
    `<text x="${LEFT}" y="${HEIGHT - 8}">${join([axisLabel(timeline.from)])}</text>`,
    `<text x="${WIDTH - RIGHT}" y="${HEIGHT - 8}" text-anchor="end">${join([timeline.axis === 'time' ? formatMs(timeline.to) : axisLabel(timeline.to - 1)])}</text>`,
    '</svg>',
  ].join('');
  const caption =
    timeline.axis === 'time'
      ? 'Events over time, from the capture’s .timing sidecar (ms after its first byte).'
      : 'Events in order: no .timing sidecar, so the x axis counts events, not time.';
  const list = [...timeline.marks].sort((a, b) => a.at - b.at || a.line - b.line).map((mark) => el('li', { class: `mark-${mark.kind}` }, `${KIND_LABEL[mark.kind]}: ${mark.label} · ${where(timeline, mark)}`));
  return el(
    'div',
    { class: 'timeline' },
    raw(svg),
    el('p', { class: 'muted' }, caption, timeline.marksOmitted > 0 ? ` ${timeline.marksOmitted} more marks not drawn.` : ''),
    list.length > 0 ? el('ul', { class: 'marks' }, ...list) : null,
  );
}

function where(timeline: Timeline, mark: TimelineMark): string {
  // Line 0: a binary capture, which has no lines to name.
  return `${timeline.axis === 'time' ? formatMs(mark.at) : `event ${mark.at - timeline.from + 1}`}${mark.line === 0 ? '' : `, line ${mark.line}`}`;
}
