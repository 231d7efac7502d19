import { defineGetters } from './getters.js';
import type { Text } from './byte-string.js';
import type { Position } from './diagnostics.js';
import type { ImageRecord, ItemEnd, ItemState, ResponseState, TextStreamKind, TextStreamState } from './model.js';
import type { JsonObject } from './wire.js';

/** What the builder tells its listener as events arrive; renderers and rules work from these. */
export type Update =
  | { readonly kind: 'response-start'; readonly response: ResponseState }
  | { readonly kind: 'item-start'; readonly response: ResponseState; readonly item: ItemState }
  | {
      readonly kind: 'delta';
      readonly response: ResponseState;
      readonly item: ItemState;
      readonly stream: TextStreamState;
      readonly delta: string;
    }
  | {
      readonly kind: 'stream-done';
      readonly response: ResponseState;
      readonly item: ItemState;
      readonly stream: TextStreamState;
      readonly position: Position;
    }
  | { readonly kind: 'annotation'; readonly response: ResponseState; readonly item: ItemState; readonly annotation: JsonObject }
  // `b64` is a ByteString only for a processor asked for them (`byteStrings`).
  | { readonly kind: 'image'; readonly response: ResponseState; readonly image: ImageRecord; readonly b64: Text }
  // An item ended: at its own end event, at the terminal response when that never came, at its alternative's finish.
  | { readonly kind: 'item-done'; readonly response: ResponseState; readonly item: ItemState; readonly position: Position }
  // An alternative got its finish reason (after the `item-done` of each of its items).
  | { readonly kind: 'alternative-done'; readonly response: ResponseState; readonly alternative: number; readonly reason: string; readonly position: Position }
  | { readonly kind: 'response-end'; readonly response: ResponseState };

/** Where an item sits: its place among the items of its answer, in an alternative or not. */
export interface ItemPlace {
  readonly outputIndex: number;
  readonly alternative: number | null;
}

/**
 * Builds responses in the common model for the families' accumulators: every change goes through
 * it, so every family emits the same updates. It never throws on stream content.
 */
export interface ResponseBuilder {
  readonly responses: readonly ResponseState[];
  /** The response the last event went to (ended or not). */
  readonly current: ResponseState | null;
  /** Starts a response of `family` (ending the current one). */
  start(family: string, at: Position): ResponseState;
  /** The current response when it is of `family` and has not ended; else a new one. */
  open(family: string, at: Position): ResponseState;
  hasEnded(response: ResponseState): boolean;
  /** Ends a response (`response-end`, once). */
  end(response: ResponseState): void;
  /** The item at `place`, or undefined. */
  findItem(response: ResponseState, place: ItemPlace): ItemState | undefined;
  /**
   * The item at `place`, created (`item-start`) with `id` and `type` when there is none. A known item
   * takes `id` when it has none, and counts it when it differs (a proxy rotating ids).
   */
  item(response: ResponseState, place: ItemPlace, id: string | null, type: string, at: Position): ItemState;
  /** The first place after every item of a response with one answer. */
  nextPlace(response: ResponseState): number;
  /** One of an item's text streams, created when new. */
  stream(item: ItemState, kind: TextStreamKind, index: number): TextStreamState;
  /** Adds text to a stream (`delta` when there is any). */
  delta(response: ResponseState, item: ItemState, kind: TextStreamKind, index: number, text: string): void;
  /** A stream's final value arrived (`stream-done`); the family has set `stream.final`. */
  streamDone(response: ResponseState, item: ItemState, stream: TextStreamState, at: Position): void;
  annotation(response: ResponseState, item: ItemState, annotation: JsonObject): void;
  /** An image of a response (`image`); its bytes travel in the update only. */
  image(response: ResponseState, image: Omit<ImageRecord, 'responseIndex'>, b64: Text): void;
  /** An item ended (`item-done`). */
  itemDone(response: ResponseState, item: ItemState, end: ItemEnd): void;
  /** A new item after every item of a response with one answer, in progress, its body `{type, ...body}`. */
  appendItem(response: ResponseState, id: string | null, type: string, body: JsonObject, at: Position): ItemState;
  /** An item takes `status` and, unless it has ended already, ends (`item-done`, by `source`). */
  endItem(response: ResponseState, item: ItemState, status: string, source: string, at: Position): void;
  /** An alternative finished (`alternative-done`); its items have ended first. */
  alternativeDone(response: ResponseState, alternative: number, reason: string, at: Position): void;
  /** An error event ended a response that was still running: failed, and its open items incomplete. */
  fail(response: ResponseState, at: Position): void;
  /** The input ended: ends every response. */
  endAll(): void;
}

/** Creates a builder that reports each change to `onUpdate` synchronously, so output can be live. */
export function createResponseBuilder(onUpdate: (update: Update) => void = () => {}): ResponseBuilder {
  const responses: ResponseState[] = [];
  const ended = new Set<ResponseState>();

  function end(response: ResponseState): void {
    if (ended.has(response)) return;
    ended.add(response);
    onUpdate({ kind: 'response-end', response });
  }

  function start(family: string, at: Position): ResponseState {
    if (builder.current !== null) end(builder.current);
    const response: ResponseState = {
      index: responses.length,
      family,
      id: null,
      model: null,
      status: 'in_progress',
      usage: null,
      timing: null,
      error: null,
      incompleteReason: null,
      items: new Map(),
      images: [],
      position: at,
      terminal: null,
      doneMarker: null,
      alternatives: new Map(),
      events: 0,
    };
    responses.push(response);
    builder.current = response;
    onUpdate({ kind: 'response-start', response });
    return response;
  }

  // Per response, the key of each alternative's items: alternative → place → key.
  const alternativeKeys = new WeakMap<ResponseState, Map<number, Map<number, number>>>();
  function keyOf(response: ResponseState, place: ItemPlace, create: boolean): number | undefined {
    if (place.alternative === null) return place.outputIndex;
    let byAlternative = alternativeKeys.get(response);
    if (byAlternative === undefined) {
      if (!create) return undefined;
      alternativeKeys.set(response, (byAlternative = new Map()));
    }
    let keys = byAlternative.get(place.alternative);
    if (keys === undefined) {
      if (!create) return undefined;
      byAlternative.set(place.alternative, (keys = new Map()));
    }
    let key = keys.get(place.outputIndex);
    if (key === undefined && create) keys.set(place.outputIndex, (key = nextPlace(response)));
    return key;
  }

  function nextPlace(response: ResponseState): number {
    let next = 0;
    for (const key of response.items.keys()) next = Math.max(next, key + 1);
    return next;
  }

  // How text is added to each stream (its deltas are joined in batches: see createTextStream).
  const appenders = new WeakMap<TextStreamState, (text: string) => void>();
  // The stream the last call found: deltas come in long runs of one stream, and its key costs a string each time.
  let lastStream: TextStreamState | null = null;
  let lastStreamItem: ItemState | null = null;
  function stream(item: ItemState, kind: TextStreamKind, index: number): TextStreamState {
    if (lastStreamItem === item && lastStream !== null && lastStream.kind === kind && lastStream.index === index) return lastStream;
    const key = `${kind}:${index}`;
    let found = item.streams.get(key);
    if (found === undefined) {
      const created = createTextStream(kind, index);
      found = created.stream;
      appenders.set(found, created.append);
      item.streams.set(key, found);
    }
    lastStream = found;
    lastStreamItem = item;
    return found;
  }

  // `current` is a data property, set by start(): it is read for every event, and a getter (even a shared
  // one) took 3 % of a CPU profile of checking small captures over and over.
  const builder: { -readonly [K in keyof ResponseBuilder]: ResponseBuilder[K] } = {
    responses,
    current: null,
    start,
    open(family, at) {
      const current = builder.current;
      if (current === null || current.family !== family || ended.has(current)) return start(family, at);
      return current;
    },
    hasEnded: (response) => ended.has(response),
    end,
    findItem(response, place) {
      const key = keyOf(response, place, false);
      return key === undefined ? undefined : response.items.get(key);
    },
    item(response, place, id, type, at) {
      const key = keyOf(response, place, true) as number;
      let item = response.items.get(key);
      if (item === undefined) {
        item = {
          outputIndex: place.outputIndex,
          alternative: place.alternative,
          id,
          type,
          status: null,
          item: {},
          doneItem: null,
          donePosition: null,
          streams: new Map(),
          annotations: [],
          partialImages: 0,
          hasFinalImage: false,
          end: null,
          otherIds: 0,
          audioChunks: 0,
          audioBytes: 0,
          position: at,
        };
        response.items.set(key, item);
        onUpdate({ kind: 'item-start', response, item });
      } else if (id !== null) {
        if (item.id === null) item.id = id;
        else if (item.id !== id) item.otherIds++;
      }
      return item;
    },
    nextPlace,
    stream,
    delta(response, item, kind, index, text) {
      const target = stream(item, kind, index);
      (appenders.get(target) as (text: string) => void)(text);
      target.deltas++;
      if (text.length > 0) onUpdate({ kind: 'delta', response, item, stream: target, delta: text });
    },
    streamDone(response, item, target, at) {
      onUpdate({ kind: 'stream-done', response, item, stream: target, position: at });
    },
    annotation(response, item, annotation) {
      item.annotations.push(annotation);
      onUpdate({ kind: 'annotation', response, item, annotation });
    },
    image(response, image, b64) {
      const record: ImageRecord = { responseIndex: response.index, ...image };
      response.images.push(record);
      onUpdate({ kind: 'image', response, image: record, b64 });
    },
    itemDone,
    appendItem(response, id, type, body, at) {
      const item = builder.item(response, { outputIndex: nextPlace(response), alternative: null }, id, type, at);
      item.item = { type, ...body };
      item.status = 'in_progress';
      return item;
    },
    endItem(response, item, status, source, at) {
      item.status = status;
      if (item.end === null) itemDone(response, item, { source, position: at });
    },
    alternativeDone(response, alternative, reason, at) {
      response.alternatives.set(alternative, reason);
      onUpdate({ kind: 'alternative-done', response, alternative, reason, position: at });
    },
    fail(response, at) {
      response.status = 'failed';
      response.terminal = { type: 'error', position: at };
      for (const item of response.items.values()) if (item.end === null) item.status = 'incomplete';
    },
    endAll() {
      for (const response of responses) end(response);
    },
  };
  return builder;

  function itemDone(response: ResponseState, item: ItemState, itemEnd: ItemEnd): void {
    item.end = itemEnd;
    onUpdate({ kind: 'item-done', response, item, position: itemEnd.position });
  }
}

/** Deltas joined per batch; a batch's strings die young instead of living on in one concatenation per delta. */
const TEXT_BATCH = 256;

/**
 * A text stream whose `text` is the deltas joined. Appending a delta to a string per delta keeps every delta
 * and a concatenation node alive for as long as the text (hundreds of thousands for a long answer), and V8 grows
 * its young generation to copy them all; here they are joined in batches, and the rest once `text` is read.
 */
function createTextStream(kind: TextStreamKind, index: number): { stream: TextStreamState; append: (text: string) => void } {
  let joined = '';
  let recent: string[] = [];
  const settle = (): string => {
    if (recent.length > 0) {
      joined += recent.length === 1 ? (recent[0] as string) : recent.join('');
      recent = [];
    }
    return joined;
  };
  const stream: TextStreamState = defineGetters({ kind, index, deltas: 0, final: null }, { text: settle });
  const append = (text: string): void => {
    recent.push(text);
    if (recent.length >= TEXT_BATCH) settle();
  };
  return { stream, append };
}
