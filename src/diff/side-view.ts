import { streamsOf, TEXT_STREAM_KINDS, type ItemState, type ResponseState, type TextStreamState } from '../core/model.js';
import { familyNamed } from '../families/index.js';
import type { ItemView, ResponseView, TextOrigin } from './model.js';

/** What a response is compared by: the common model's facts of it. */
export function viewResponse(response: ResponseState): ResponseView {
  return {
    id: response.id,
    family: response.family,
    model: response.model,
    status: response.status,
    finished: response.terminal !== null,
    usage: response.usage,
    error: response.error,
    incompleteReason: response.incompleteReason,
    line: response.position.line,
  };
}

/** What an item is compared by: the common model's type and status, and the facts its family's describer gives. */
export function viewItem(response: ResponseState, item: ItemState): ItemView {
  return {
    id: item.id,
    type: item.type,
    status: item.status,
    ended: item.end?.source ?? null,
    ...familyNamed(response.family)?.describer.facts(response, item),
    ...(item.otherIds > 0 ? { otherItemIds: item.otherIds } : {}),
  };
}

/** Where one stream's deltas came from, as runs: offset in the stream's text → input line. */
export interface StreamTrack {
  readonly offsets: number[];
  readonly lines: number[];
  length: number;
  /** The line of the stream's final value (its family's `.done` event), when one came. */
  doneLine: number | null;
}

/**
 * How the parts of a text a describer joined are separated: none (a text's parts, arguments' fragments),
 * or a blank line (a reasoning summary's parts, as replay prints them).
 */
const SEPARATORS = ['', '\n\n'] as const;

/**
 * Where each streamed text fact of an item came from. Family-neutral: a fact's origin is known when its value
 * (a list of strings joined by a blank line) is exactly the item's streams of one kind joined, as its family's
 * describer built it; a fact made any other way (from the item object only) gets none, and is reported at
 * the item's line.
 */
export function originsOf(item: ItemState, view: ItemView, tracks: ReadonlyMap<TextStreamState, StreamTrack>): Partial<Record<keyof ItemView, TextOrigin>> {
  const origins: Partial<Record<keyof ItemView, TextOrigin>> = {};
  const kinds = TEXT_STREAM_KINDS.filter((kind) => streamsOf(item, kind).length > 0);
  if (kinds.length === 0) return origins;
  for (const field of Object.keys(view) as (keyof ItemView)[]) {
    const raw: unknown = view[field];
    const value = Array.isArray(raw) && raw.every((part) => typeof part === 'string') ? raw.join('\n\n') : raw;
    if (typeof value !== 'string' || value === '') continue;
    for (const kind of kinds) {
      const streams = streamsOf(item, kind);
      const texts = streams.map((s) => (s.deltas > 0 ? s.text : (s.final ?? '')));
      const separator = SEPARATORS.find((sep) => texts.join(sep) === value);
      if (separator === undefined) continue;
      origins[field] = trackOrigin(item, streams, texts, separator, tracks);
      break;
    }
  }
  return origins;
}

function trackOrigin(
  item: ItemState,
  streams: readonly TextStreamState[],
  texts: readonly string[],
  separator: string,
  tracks: ReadonlyMap<TextStreamState, StreamTrack>,
): TextOrigin {
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
    base += (texts[i] as string).length + separator.length;
  });
  return { offsets, lines };
}
