import { itemsInOrder, type TextStreamState } from '../core/model.js';
import type { DiffSide, SideImage, SideResponse, SideTiming } from '../diff/model.js';
import { originsOf, viewItem, viewResponse, type StreamTrack } from '../diff/side-view.js';
import { digestOf, pixelFingerprint } from '../images/pixels.js';
import { describeReadFailure, type InputSource } from '../input/read-input.js';
import { loadTiming, type TimingEntry } from '../input/timing.js';
import { runInput, type RunInputResult } from './run-input.js';

/**
 * Image bytes one input keeps for pixel comparisons. Beyond it an image is fingerprinted at once and only the
 * fingerprint is kept: equal or not is still known, how many pixels differ is not.
 */
export const KEPT_IMAGE_BYTES = 32 * 1024 * 1024;

/** One input read for `respcat diff`: what it is compared by, and how reading it went. */
export interface CapturedInput {
  readonly side: DiffSide;
  readonly result: RunInputResult;
  /** Why the input could not be read whole, or null. */
  readonly readError: string | null;
}

/**
 * Reads one input through the whole pipeline (every rule, every image decoded and validated, nothing written)
 * and keeps what a comparison needs: each response's view (the common model, and its family's item facts), the
 * input line of each delta of its texts, the images' digests (and bytes, within {@link KEPT_IMAGE_BYTES}), and
 * the timing sidecar's facts.
 */
export async function captureInput(source: InputSource, options: { signal?: AbortSignal; onWarning?: (message: string) => void } = {}): Promise<CapturedInput> {
  const tracks = new Map<TextStreamState, StreamTrack>();
  let pending: [StreamTrack, number][] = [];
  let waitingForFirstText = false;
  let firstTextByte: number | null = null;
  const images: (SideImage & { readonly response: number })[] = [];
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
        const { record, check, base64Valid } = outcome;
        images.push({
          response: record.responseIndex,
          view: {
            itemId: record.itemId,
            kind: record.kind,
            index: record.index,
            format: check.format,
            width: check.width,
            height: check.height,
            valid: base64Valid && check.valid,
            line: record.position.line,
          },
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
  const lastLine = processor.stats.lines;
  const responses: SideResponse[] = processor.responses.map((state, r) => ({
    view: viewResponse(state),
    endLine: state.terminal?.position.line ?? lastLine,
    items: itemsInOrder(state).map((item) => {
      const view = viewItem(state, item);
      return { view, line: item.position.line, endLine: item.end?.position.line ?? null, origins: originsOf(item, view, tracks) };
    }),
    images: images.filter((image) => image.response === r).map(({ response: _response, ...image }) => image),
  }));

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
