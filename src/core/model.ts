import type { Position } from './diagnostics.js';
import type { JsonObject, TextStreamKind, Usage } from './events.js';

/** Which API a response's events come from (docs/spec.md §8). */
export type Family = 'responses' | 'chat' | 'images';

/** One text-like value of an item (a content part's text, a summary, arguments, code …) as streamed. */
export interface TextStreamState {
  readonly kind: TextStreamKind;
  readonly index: number;
  /** The deltas joined. */
  readonly text: string;
  deltas: number;
  /** The `.done` value, once seen (null until then or when the server omitted it). */
  final: string | null;
}

/**
 * How an item reached its end: its own `output_item.done`, or only the terminal response's `output`; in a chat
 * stream its choice's `finish_reason`; in an Images API stream the `.completed` event.
 */
export interface ItemEnd {
  readonly source: 'output_item.done' | 'terminal-response' | 'finish_reason' | 'image_generation.completed' | 'image_edit.completed';
  readonly position: Position;
}

/**
 * One output item, keyed by `output_index` (some proxies rotate `item_id`; `item_id` only fills in a missing index).
 * `outputIndex` is -1 for what has no place in `output` (audio, events with neither index nor id).
 */
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
  readonly streams: Map<string, TextStreamState>;
  readonly annotations: JsonObject[];
  partialImages: number;
  hasFinalImage: boolean;
  /** Where the item ended; null while it is open (its `.completed` progress event is not needed: Azure omits it). */
  end: ItemEnd | null;
  /** Events whose `item_id` differed from the item's id (a proxy rotating ids); the item is still found by index. */
  otherIds: number;
  /** `response.audio.delta` events and the bytes their base64 stands for (the synthetic `audio` item only). */
  audioChunks: number;
  audioBytes: number;
  /** Chat Completions: the choice the item (the choice's message, or one of its tool calls) belongs to. */
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
  /** File name without extension: `<item_id>.partial-<n>` or `<item_id>` (docs/spec.md §3), before sanitizing. */
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
  /** Chat: each choice's finish reason (null while unfinished), in the order the choices first appeared. */
  readonly choices: Map<number, string | null>;
  events: number;
}

/** Items of a response in output order. */
export function itemsInOrder(response: ResponseState): ItemState[] {
  return [...response.items.values()].sort((a, b) => a.outputIndex - b.outputIndex);
}

/**
 * The concatenated message text of a response (all message items, all output_text parts, in order). The choices of
 * a chat stream are alternative answers, not parts of one: there it is the first choice's text (`choices[0]`).
 */
export function messageText(response: ResponseState): string {
  const choice = response.family === 'chat' ? Math.min(...response.choices.keys()) : null;
  let text = '';
  for (const item of itemsInOrder(response)) {
    if (item.type === 'message' && (choice === null || item.choiceIndex === choice)) text += partsValue(item, 'output_text') ?? '';
  }
  return text;
}

/** The value of one of an item's text streams (deltas joined, or the `.done` value when no delta came). */
export function streamValue(item: ItemState, kind: TextStreamKind): string | null {
  const streams = streamsOf(item, kind);
  if (streams.length === 0) return null;
  return streams.map((s) => (s.deltas > 0 ? s.text : (s.final ?? ''))).join('');
}

/** An item's streams of one kind, by index. */
export function streamsOf(item: ItemState, kind: TextStreamKind): TextStreamState[] {
  return [...item.streams.values()].filter((s) => s.kind === kind).sort((a, b) => a.index - b.index);
}

/** Content part types of a message or reasoning item, and the stream each is streamed as. */
const PART_FIELDS: Partial<Record<TextStreamKind, { readonly list: string; readonly type: string; readonly field: string }>> = {
  output_text: { list: 'content', type: 'output_text', field: 'text' },
  refusal: { list: 'content', type: 'refusal', field: 'refusal' },
  reasoning_text: { list: 'content', type: 'reasoning_text', field: 'text' },
  reasoning_summary: { list: 'summary', type: 'summary_text', field: 'text' },
};

/**
 * The parts of a message or reasoning item of one kind (text, refusal, reasoning text, summary), one string each:
 * streamed parts as streamed, and parts that only the item object holds (servers that send final values only,
 * items known only from `output_item.done` or the terminal response). Null when the item has none.
 */
export function itemParts(item: ItemState, kind: TextStreamKind): string[] | null {
  const def = PART_FIELDS[kind];
  const streamed = new Map(streamsOf(item, kind).map((s) => [s.index, s.deltas > 0 ? s.text : s.final]));
  const parts = new Map<number, string>();
  const list = def !== undefined ? item.item[def.list] : undefined;
  if (def !== undefined && Array.isArray(list)) {
    list.forEach((entry: unknown, index) => {
      const part = entry !== null && typeof entry === 'object' ? (entry as JsonObject) : null;
      const value = part?.[def.field];
      if (part?.type === def.type && typeof value === 'string') parts.set(index, value);
    });
  }
  for (const [index, value] of streamed) {
    if (value !== null) parts.set(index, value);
    else if (!parts.has(index)) parts.set(index, '');
  }
  if (parts.size === 0) return null;
  return [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** `itemParts` joined: a message's whole text, a reasoning item's whole summary (parts apart by a blank line). */
export function partsValue(item: ItemState, kind: TextStreamKind, separator = ''): string | null {
  return itemParts(item, kind)?.join(separator) ?? null;
}
