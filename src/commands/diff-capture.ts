import type { TextStreamKind } from '../core/events.js';
import { itemsInOrder, streamsOf, type ItemState, type TextStreamState } from '../core/model.js';
import type { DiffSide, SideImage, SideItem, SideResponse, SideTiming, TextOrigin } from '../diff/model.js';
import { digestOf, pixelFingerprint } from '../images/pixels.js';
import { describeReadFailure, type InputSource } from '../input/read-input.js';
import { loadTiming, type TimingEntry } from '../input/timing.js';
import { buildInspectReport, type InspectItem } from '../render/inspect-data.js';
import { runInput, type RunInputResult } from './run-input.js';

/**
 * Image bytes one input keeps for pixel comparisons. Beyond it an image is fingerprinted at once and only the
 * fingerprint is kept: equal or not is still known, how many pixels differ is not.
 */
export const KEPT_IMAGE_BYTES = 32 * 1024 * 1024;

/** Item fields that are streamed text, the streams they are joined from, and what joins their parts. */
const FIELD_STREAMS: Readonly<Partial<Record<keyof InspectItem, { readonly kinds: readonly TextStreamKind[]; readonly separator: string }>>> = {
  text: { kinds: ['output_text'], separator: '' },
  refusal: { kinds: ['refusal'], separator: '' },
  summary: { kinds: ['reasoning_summary'], separator: '\n\n' },
  reasoningText: { kinds: ['reasoning_text'], separator: '\n\n' },
  arguments: { kinds: ['function_arguments', 'mcp_arguments'], separator: '' },
  input: { kinds: ['custom_tool_input'], separator: '' },
  code: { kinds: ['code'], separator: '' },
  transcript: { kinds: ['audio_transcript'], separator: '' },
  diff: { kinds: ['apply_patch_diff'], separator: '' },
  output: { kinds: ['shell_output'], separator: '' },
};

/** Where one stream's deltas came from, as runs: offset in the stream's text → input line. */
interface StreamTrack {
  readonly offsets: number[];
  readonly lines: number[];
  length: number;
  /** The line of the stream's `.done` event. */
  doneLine: number | null;
}

/** One input read for `respcat diff`: what it is compared by, and how reading it went. */
export interface CapturedInput {
  readonly side: DiffSide;
  readonly result: RunInputResult;
  /** Why the input could not be read whole, or null. */
  readonly readError: string | null;
}

/**
 * Reads one input through the whole pipeline (every rule, every image decoded and validated, nothing written)
 * and keeps what a comparison needs: inspect's view of each response, the input line of each delta of its
 * texts, the images' digests (and bytes, within {@link KEPT_IMAGE_BYTES}), and the timing sidecar's facts.
 */
export async function captureInput(source: InputSource, options: { signal?: AbortSignal; onWarning?: (message: string) => void } = {}): Promise<CapturedInput> {
  const tracks = new Map<TextStreamState, StreamTrack>();
  let pending: [StreamTrack, number][] = [];
  let waitingForFirstText = false;
  let firstTextByte: number | null = null;
  const images: (Omit<SideImage, 'view'> & { readonly response: number })[] = [];
  let keptBytes = 0;
  const trackOf = (stream: TextStreamState): StreamTrack => {
    let track = tracks.get(stream);
    if (track === undefined) tracks.set(stream, (track = { offsets: [], lines: [], length: 0, doneLine: null }));
    return track;
  };

  const result = await runInput({
    source,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
    onUpdate(update) {
      if (update.kind === 'delta') {
        const track = trackOf(update.stream);
        pending.push([track, track.length]);
        track.length += update.delta.length;
        if (firstTextByte === null && update.stream.kind === 'output_text') waitingForFirstText = true;
      } else if (update.kind === 'stream-done') {
        trackOf(update.stream).doneLine = update.position.line;
      }
    },
    // An event's updates come before the event itself: the deltas just seen are this event's.
    onEvent(event) {
      for (const [track, offset] of pending) {
        if (track.lines[track.lines.length - 1] !== event.position.line) {
          track.offsets.push(offset);
          track.lines.push(event.position.line);
        }
      }
      pending = [];
      if (waitingForFirstText) {
        firstTextByte = event.position.byte;
        waitingForFirstText = false;
      }
    },
    images: {
      writer: null,
      onOutcome(outcome) {
        const keep = keptBytes + outcome.bytes.length <= KEPT_IMAGE_BYTES;
        if (keep) keptBytes += outcome.bytes.length;
        images.push({
          response: outcome.record.responseIndex,
          digest: digestOf(outcome.bytes),
          // A copy: the processor's buffer is only lent while this callback runs.
          bytes: keep ? outcome.bytes.slice() : null,
          pixelFingerprint: keep ? null : pixelFingerprint(outcome.bytes),
        });
      },
    },
  });

  const { processor } = result;
  const readError = result.inputError !== null ? describeReadFailure(result.inputError, processor.stats.bytes) : null;
  const report = buildInspectReport({
    file: result.name,
    stats: processor.stats,
    events: processor.eventCount,
    eventTypes: processor.eventTypes,
    responses: processor.responses,
    diagnostics: result.diagnostics,
    omitted: result.omitted,
    images: result.images,
    readError,
  });
  const lastLine = processor.stats.lines;
  const responses: SideResponse[] = report.responses.map((view, r) => {
    const state = processor.responses[r];
    const items = state === undefined ? [] : itemsInOrder(state);
    // The same images, in the same order, as inspect's view of the response holds.
    const own = images.filter((image) => image.response === r);
    return {
      view,
      endLine: state?.terminal?.position.line ?? lastLine,
      items: view.items.map((itemView, k): SideItem => {
        const item = items[k] as ItemState;
        return { view: itemView, line: item.position.line, endLine: item.end?.position.line ?? null, origins: originsOf(item, itemView, tracks) };
      }),
      images: view.images.map((imageView, k): SideImage => {
        const { digest, bytes, pixelFingerprint: fingerprint } = own[k] as (typeof images)[number];
        return { view: imageView, digest, bytes, pixelFingerprint: fingerprint };
      }),
    };
  });

  const diagnostics = new Map<string, { count: number; line: number }>();
  for (const d of result.diagnostics) {
    const entry = diagnostics.get(d.code);
    if (entry === undefined) diagnostics.set(d.code, { count: 1, line: d.position.line });
    else diagnostics.set(d.code, { count: entry.count + 1, line: Math.min(entry.line, d.position.line) });
  }
  for (const group of result.omitted) {
    const entry = diagnostics.get(group.code);
    if (entry !== undefined) diagnostics.set(group.code, { ...entry, count: entry.count + group.count });
  }

  const timing = source.kind === 'file' ? await timingOf(source.path, processor.stats.bytes, firstTextByte) : null;
  return { side: { file: result.name, responses, diagnostics, timing, lastLine }, result, readError };
}

/** Where each streamed text field of an item came from; a field whose value is not its streams joined gets none. */
function originsOf(item: ItemState, view: InspectItem, tracks: ReadonlyMap<TextStreamState, StreamTrack>): Partial<Record<keyof InspectItem, TextOrigin>> {
  const origins: Partial<Record<keyof InspectItem, TextOrigin>> = {};
  for (const [field, def] of Object.entries(FIELD_STREAMS) as [keyof InspectItem, { kinds: readonly TextStreamKind[]; separator: string }][]) {
    const raw = view[field];
    const value = Array.isArray(raw) ? raw.join(def.separator) : raw;
    if (typeof value !== 'string' || value === '') continue;
    const streams = def.kinds.flatMap((kind) => streamsOf(item, kind));
    const texts = streams.map((s) => (s.deltas > 0 ? s.text : (s.final ?? '')));
    if (streams.length === 0 || texts.join(def.separator) !== value) continue;
    const offsets: number[] = [];
    const lines: number[] = [];
    let base = 0;
    streams.forEach((stream, i) => {
      const track = tracks.get(stream);
      const fallback = track?.doneLine ?? item.end?.position.line ?? item.position.line;
      if (stream.deltas > 0 && track !== undefined && track.offsets.length > 0) {
        track.offsets.forEach((offset, j) => {
          offsets.push(base + offset);
          lines.push(track.lines[j] as number);
        });
      } else {
        offsets.push(base);
        lines.push(fallback);
      }
      base += (texts[i] as string).length + def.separator.length;
    });
    origins[field] = { offsets, lines };
  }
  return origins;
}

/** Time to first text and duration from the capture's `.timing` sidecar, or why it cannot be used; null without one. */
async function timingOf(path: string, bytesRead: number, firstTextByte: number | null): Promise<SideTiming | null> {
  const loaded = await loadTiming(path);
  if (loaded === null) return null;
  if (!loaded.ok) return { ok: false, problem: loaded.problem };
  const entries: readonly TimingEntry[] = loaded.entries;
  const total = entries.reduce((sum, entry) => sum + entry.n, 0);
  // A gzip capture: the sidecar counts what was saved, positions count what it inflates to.
  if (total !== bytesRead) return { ok: false, problem: `${path}.timing counts ${total} bytes, but ${bytesRead} were read from ${path}` };
  let firstTextMs: number | null = null;
  if (firstTextByte !== null) {
    let end = 0;
    for (const entry of entries) {
      end += entry.n;
      if (end > firstTextByte) {
        firstTextMs = entry.t;
        break;
      }
    }
  }
  return { ok: true, firstTextMs, durationMs: entries[entries.length - 1]?.t ?? 0 };
}
