import type { ItemState, TextStreamKind, TextStreamState } from '../../core/model.js';

/**
 * Where a Responses event's part and item are, for servers that number them otherwise than the API (docs/spec.md §8):
 * vLLM counts content indexes across a response's items, gives each reasoning delta the next content_index, and
 * gives an item's last events the next output_index. One per input.
 */
export interface PartPlaces {
  /** A part event opened this stream (content_part.added, reasoning_summary_part.added, …), as opposed to a first delta. */
  announce(stream: TextStreamState): void;
  /** A content_index as a place in the item's `content` (see createPartPlaces). */
  contentIndex(item: ItemState, index: number): number;
  /** The place of a text event's part: content_index-numbered kinds counted from the item's first part. */
  placeOf(item: ItemState, kind: TextStreamKind, index: number): number;
  /** The part a text event at this place continues (see createPartPlaces). */
  partIndex(item: ItemState, kind: TextStreamKind, index: number): number;
}

/**
 * - An item announced with no content whose first part event names content_index n > 0 counts its parts from n
 *   (vLLM: a message's first part at 5).
 * - A text, refusal or reasoning text event at a part no part event opened, while an earlier part of its kind that no part event opened either is
 *   still open (no final value), continues that part (vLLM's simple path: every reasoning delta at the next index;
 *   `content-index-changed` says so).
 */
export function createPartPlaces(): PartPlaces {
  const bases = new WeakMap<ItemState, number>();
  const announced = new WeakSet<TextStreamState>();
  // Per item and kind, the part its last event with no part of its own opened (one per kind: O(1) per event).
  const opened = new WeakMap<ItemState, Map<TextStreamKind, number>>();
  // The last answers, kept: consecutive deltas of one part ask the same (a key string per delta would cost more).
  let lastItem: ItemState | null = null;
  let lastBase = 0;
  let lastPart: { item: ItemState; kind: TextStreamKind; index: number } | null = null;
  const contentIndex = (item: ItemState, index: number): number => {
    if (item === lastItem) return index >= lastBase ? index - lastBase : index;
    let base = bases.get(item);
    if (base === undefined) {
      const known = Array.isArray(item.item.content) && item.item.content.length > 0;
      bases.set(item, (base = index > 0 && !known ? index : 0));
    }
    lastItem = item;
    lastBase = base;
    return index >= base ? index - base : index;
  };
  return {
    announce: (stream) => void announced.add(stream),
    contentIndex,
    placeOf: (item, kind, index) => (kind === 'output_text' || kind === 'refusal' || kind === 'reasoning_text' ? contentIndex(item, index) : index),
    partIndex(item, kind, index) {
      // Only kinds whose parts the API opens with a part event; the others' content_index alone keeps parts apart.
      if (kind !== 'output_text' && kind !== 'refusal' && kind !== 'reasoning_text') return index;
      if (lastPart !== null && lastPart.item === item && lastPart.kind === kind && lastPart.index === index) return index;
      const result = partOf(item, kind, index);
      // Only a part read as itself stays so (its stream exists from now on); a part read as another is asked again.
      lastPart = result === index ? { item, kind, index } : null;
      return result;
    },
  };

  function partOf(item: ItemState, kind: TextStreamKind, index: number): number {
    if (item.streams.has(`${kind}:${index}`)) return index;
    let last = opened.get(item);
    const open = last?.get(kind);
    const stream = open !== undefined ? item.streams.get(`${kind}:${open}`) : undefined;
    if (open !== undefined && open < index && stream !== undefined && stream.final === null && stream.deltas > 0 && !announced.has(stream)) return open;
    if (last === undefined) opened.set(item, (last = new Map()));
    last.set(kind, index);
    return index;
  }
}

/**
 * The open item an event means when it names a place no item holds (`output-index-changed` says so): vLLM gives an
 * item's last events (its text's `.done`, its `output_item.done`) the next output_index. The open item at the place
 * before, when it has the event's id, or, when the event names none (vLLM's code interpreter sends `item_id: ""`),
 * when it has no id either.
 */
export function movedItem(items: ReadonlyMap<number, ItemState>, index: number, itemId: string | null): ItemState | undefined {
  // Only the place before: the move is one place on, and a look-up stays O(1) per event.
  const before = items.get(index - 1);
  if (before === undefined || before.alternative !== null || before.end !== null) return undefined;
  return itemId !== null ? (before.id === itemId ? before : undefined) : (before.id ?? '') === '' ? before : undefined;
}
