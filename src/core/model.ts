import type { Position } from './diagnostics.js';
import type { JsonObject, TextStreamKind, Usage } from './events.js';

/** Which API a response's events come from (SPEC §8). */
export type Family = 'responses' | 'chat' | 'images';

/** One text-like value of an item (a content part's text, a summary, arguments, code …) as streamed. */
export interface TextStreamState {
  readonly kind: TextStreamKind;
  readonly index: number;
  /** The deltas joined. */
  text: string;
  deltas: number;
  /** The `.done` value, once seen (null until then or when the server omitted it). */
  final: string | null;
}

/** One output item, keyed by `output_index` (some proxies rotate `item_id`). */
export interface ItemState {
  readonly outputIndex: number;
  id: string | null;
  type: string;
  status: string | null;
  /** The item object as last seen (added, then done), with any image `result` left out to bound memory. */
  item: JsonObject;
  /** The item object from `output_item.done` (without `result`), for comparison with the terminal response. */
  doneItem: JsonObject | null;
  donePosition: Position | null;
  /** Length and digest of the `result` seen in `output_item.done`, standing in for the string itself. */
  doneResult: { readonly length: number; readonly digest: number } | null;
  readonly streams: Map<string, TextStreamState>;
  readonly annotations: JsonObject[];
  partialImages: number;
  hasFinalImage: boolean;
  /** Chat Completions: the choice a tool call belongs to. */
  choiceIndex: number | null;
  readonly position: Position;
}

/** Where an image came from and what was declared about it; the bytes travel in the `image` update only. */
export interface ImageRecord {
  readonly responseIndex: number;
  readonly itemId: string;
  readonly outputIndex: number;
  readonly kind: 'partial' | 'final';
  /** The partial's index; null for a final image. */
  readonly index: number | null;
  readonly declaredFormat: string | null;
  readonly declaredSize: string | null;
  readonly position: Position;
  readonly source: 'partial_image' | 'output_item.done' | 'terminal-response' | 'images-api';
  /** File name without extension: `<item_id>.partial-<n>` or `<item_id>` (SPEC §3), before sanitizing. */
  readonly stem: string;
}

/** A response as accumulated so far. */
export interface ResponseState {
  readonly index: number;
  readonly family: Family;
  id: string | null;
  model: string | null;
  /** The API's status (`in_progress`, `completed`, `failed`, `incomplete`, `queued`, …). */
  status: string;
  usage: Usage | null;
  error: { readonly code: string | null; readonly message: string } | null;
  incompleteReason: string | null;
  readonly items: Map<number, ItemState>;
  readonly images: ImageRecord[];
  readonly position: Position;
  /** The terminal event (`response.completed` …, a chat `finish_reason` set, an Images API `.completed`). */
  terminal: { readonly type: string; readonly position: Position } | null;
  /** Chat: `[DONE]` was seen for this stream. */
  doneMarker: Position | null;
  /** Chat: each choice's finish reason (null while unfinished). */
  readonly choices: Map<number, string | null>;
  events: number;
}

/** Items of a response in output order. */
export function itemsInOrder(response: ResponseState): ItemState[] {
  return [...response.items.values()].sort((a, b) => a.outputIndex - b.outputIndex);
}

/** The concatenated message text of a response (all message items, all output_text parts, in order). */
export function messageText(response: ResponseState): string {
  let text = '';
  for (const item of itemsInOrder(response)) {
    if (item.type !== 'message') continue;
    const parts = [...item.streams.values()].filter((s) => s.kind === 'output_text').sort((a, b) => a.index - b.index);
    for (const part of parts) text += part.deltas > 0 ? part.text : (part.final ?? '');
  }
  return text;
}

/** The value of one of an item's text streams (deltas joined, or the `.done` value when no delta came). */
export function streamValue(item: ItemState, kind: TextStreamKind): string | null {
  const streams = [...item.streams.values()].filter((s) => s.kind === kind).sort((a, b) => a.index - b.index);
  if (streams.length === 0) return null;
  return streams.map((s) => (s.deltas > 0 ? s.text : (s.final ?? ''))).join('');
}
