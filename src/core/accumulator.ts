import type { Position } from './diagnostics.js';
import {
  decodeUsage,
  textStreamOf,
  wire,
  type ChatChunkEvent,
  type ChatToolCallDelta,
  type EventOfType,
  type ImagesApiEvent,
  type JsonObject,
  type KnownEventType,
  type ProgressEvent,
  type StreamEvent,
  type TextDeltaEvent,
  type TextDoneEvent,
  type TextStreamKind,
} from './events.js';
import { itemsInOrder, type Family, type ImageRecord, type ItemState, type ResponseState, type TextStreamState } from './model.js';

/** What the accumulator tells its listener as events arrive; renderers and rules work from these. */
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
  | { readonly kind: 'image'; readonly response: ResponseState; readonly image: ImageRecord; readonly b64: string }
  // An item ended: at its `output_item.done`, or at the terminal response when that never came; a chat choice's
  // items at its finish_reason; an Images API image at its `.completed`.
  | { readonly kind: 'item-done'; readonly response: ResponseState; readonly item: ItemState; readonly position: Position }
  // A chat choice got its finish_reason (after the `item-done` of each of its items).
  | { readonly kind: 'choice-done'; readonly response: ResponseState; readonly choice: number; readonly reason: string; readonly position: Position }
  | { readonly kind: 'response-end'; readonly response: ResponseState };

/** Turns decoded events into responses; never throws on stream content. */
export interface Accumulator {
  push(event: StreamEvent, json: JsonObject, position: Position): void;
  /** `data: [DONE]`: the current stream ends; what follows is a further stream. */
  done(position: Position): void;
  /** The input ended: finish every open response (emits `response-end` for each). */
  end(): void;
  readonly responses: readonly ResponseState[];
  /** The response the last event went to. */
  readonly current: ResponseState | null;
}

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in KnownEventType]: (event: EventOfType<T>, json: JsonObject, at: Position) => void };

const { str, obj } = wire;
/** Chat choices and their tool calls share the item map: choice i's message at i·SLOT, its tool call j at i·SLOT+1+j. */
const CHAT_SLOT = 10_000;
/** Finish reasons that cut an answer short (the others, `stop`, `tool_calls`, `function_call`, mean it is whole). */
const INCOMPLETE_FINISH: ReadonlySet<string> = new Set(['length', 'content_filter']);

/** Creates an accumulator that reports each change to `onUpdate` synchronously, so output can be live. */
export function createAccumulator(onUpdate: (update: Update) => void = () => {}): Accumulator {
  const responses: ResponseState[] = [];
  let current: ResponseState | null = null;
  let imageStreams = 0;

  function start(family: Family, at: Position): ResponseState {
    if (current !== null) finish(current);
    const response: ResponseState = {
      index: responses.length,
      family,
      id: null,
      model: null,
      status: 'in_progress',
      usage: null,
      error: null,
      incompleteReason: null,
      items: new Map(),
      images: [],
      position: at,
      terminal: null,
      doneMarker: null,
      choices: new Map(),
      events: 0,
    };
    responses.push(response);
    current = response;
    onUpdate({ kind: 'response-start', response });
    return response;
  }

  const ended = new Set<ResponseState>();
  function finish(response: ResponseState): void {
    if (ended.has(response)) return;
    ended.add(response);
    onUpdate({ kind: 'response-end', response });
  }

  /** The response an event of this family belongs to, starting one when needed. */
  function responseFor(family: Family, at: Position): ResponseState {
    if (current === null || current.family !== family || ended.has(current)) return start(family, at);
    return current;
  }

  /**
   * Where an event's item lives. `output_index` decides (some proxies rotate `item_id`); `item_id` only finds the
   * item when the index is missing, and tells a reused index apart (see `slots`).
   */
  function ensureItem(response: ResponseState, outputIndex: number, itemId: string | null, at: Position, type = 'unknown', choiceIndex: number | null = null): ItemState {
    let index = slotOf(response, outputIndex);
    if (index < 0 && itemId !== null) {
      // No output_index on the event: find the item by id, or give a new id the next free place.
      const known = [...response.items.values()].find((item) => item.id === itemId);
      index = known?.outputIndex ?? nextIndex(response);
    }
    let item = response.items.get(index);
    if (item === undefined) {
      item = {
        outputIndex: index,
        id: itemId,
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
        choiceIndex,
        position: at,
      };
      response.items.set(index, item);
      onUpdate({ kind: 'item-start', response, item });
    } else if (itemId !== null) {
      if (item.id === null) item.id = itemId;
      else if (item.id !== itemId) item.otherIds++;
    }
    return item;
  }

  /** Per response, output indexes that a finished item's successor reused, and the place the successor got. */
  const slots = new WeakMap<ResponseState, Map<number, number>>();
  function slotOf(response: ResponseState, outputIndex: number): number {
    return slots.get(response)?.get(outputIndex) ?? outputIndex;
  }
  function nextIndex(response: ResponseState): number {
    let next = 0;
    for (const index of response.items.keys()) next = Math.max(next, index + 1);
    return next;
  }

  /** `output_item.added` for a place whose item has already ended under another id: a new item, not a rotated id. */
  function addedItem(response: ResponseState, outputIndex: number, source: JsonObject, at: Position): ItemState {
    const id = str(source.id);
    const occupant = response.items.get(slotOf(response, outputIndex));
    if (occupant !== undefined && occupant.end !== null && id !== null && occupant.id !== null && occupant.id !== id) {
      let map = slots.get(response);
      if (map === undefined) slots.set(response, (map = new Map()));
      map.set(outputIndex, nextIndex(response));
    }
    return ensureItem(response, outputIndex, id, at, str(source.type) ?? 'unknown');
  }

  /** The item that holds a response's audio (audio events carry no item or index). */
  function audioItem(response: ResponseState, at: Position): ItemState {
    const item = ensureItem(response, -1, null, at, 'audio');
    if (item.type === 'unknown') item.type = 'audio';
    return item;
  }

  // How text is added to each stream (its deltas are joined in batches: see createTextStream).
  const appenders = new WeakMap<TextStreamState, (text: string) => void>();
  // The stream the last call found: deltas come in long runs of one stream, and its key costs a string each time.
  let lastStream: TextStreamState | null = null;
  let lastStreamItem: ItemState | null = null;
  function ensureStream(item: ItemState, kind: TextStreamKind, index: number): TextStreamState {
    // An item never announced (a capture that starts mid-stream) is of the kind its streams belong to.
    if (item.type === 'unknown') item.type = STREAM_ITEM_TYPES[kind];
    if (lastStreamItem === item && lastStream !== null && lastStream.kind === kind && lastStream.index === index) return lastStream;
    const key = `${kind}:${index}`;
    let stream = item.streams.get(key);
    if (stream === undefined) {
      const created = createTextStream(kind, index);
      stream = created.stream;
      appenders.set(stream, created.append);
      item.streams.set(key, stream);
    }
    lastStream = stream;
    lastStreamItem = item;
    return stream;
  }

  function delta(response: ResponseState, item: ItemState, kind: TextStreamKind, index: number, text: string): void {
    const stream = ensureStream(item, kind, index);
    (appenders.get(stream) as (text: string) => void)(text);
    stream.deltas++;
    if (text.length > 0) onUpdate({ kind: 'delta', response, item, stream, delta: text });
  }

  /** Takes over an item object; a final copy (`output_item.done`, the terminal response) also decides the status, absent or not. */
  function adoptItem(item: ItemState, source: JsonObject, final = false): void {
    const id = str(source.id);
    if (id !== null) item.id = id;
    const type = str(source.type);
    if (type !== null) item.type = type;
    const status = str(source.status);
    if (status !== null || final) item.status = status;
    item.item = withoutResult(source);
  }

  /**
   * A finished message keeps its parts' text once: a part's `text` equal to the text its deltas streamed
   * becomes that same string (the value is unchanged; a long answer is otherwise held twice more).
   */
  function shareStreamedText(item: ItemState): void {
    const content = item.item.content;
    if (!Array.isArray(content)) return;
    content.forEach((entry, index) => {
      const part = obj(entry) as { text?: unknown } | null;
      const stream = item.streams.get(`output_text:${index}`);
      if (part === null || stream === undefined || typeof part.text !== 'string' || part.text.length < 1024) return;
      if (part.text === stream.text) part.text = stream.text;
    });
  }

  function emitImage(response: ResponseState, image: Omit<ImageRecord, 'responseIndex'>, b64: string): void {
    const record: ImageRecord = { responseIndex: response.index, ...image };
    response.images.push(record);
    onUpdate({ kind: 'image', response, image: record, b64 });
  }

  function finalImage(response: ResponseState, item: ItemState, result: string, at: Position, source: ImageRecord['source']): void {
    item.hasFinalImage = true;
    const id = item.id ?? `item-${item.outputIndex}`;
    emitImage(
      response,
      {
        itemId: id,
        outputIndex: item.outputIndex,
        kind: 'final',
        index: null,
        declaredFormat: str(item.item.output_format),
        declaredSize: str(item.item.size),
        position: at,
        source,
        stem: id,
      },
      result,
    );
  }

  function lifecycle(event: EventOfType<'response.created'> | EventOfType<'response.completed'>, _json: JsonObject, at: Position): void {
    const body = event.response;
    const id = str(body.id);
    let response = current;
    // A new response starts at `response.created`, or when another response's id shows up.
    if (
      event.type === 'response.created' ||
      response === null ||
      response.family !== 'responses' ||
      (id !== null && response.id !== null && response.id !== id) ||
      (ended.has(response) && event.type !== 'response.completed')
    ) {
      response = start('responses', at);
    }
    response.events++;
    if (id !== null) response.id = id;
    response.model = str(body.model) ?? response.model;
    const status = str(body.status);
    if (status !== null) response.status = status;
    const usage = decodeUsage(body.usage);
    if (usage !== null) response.usage = usage;
    const error = obj(body.error);
    if (error !== null) response.error = { code: str(error.code), message: str(error.message) ?? '' };
    const incomplete = obj(body.incomplete_details);
    if (incomplete !== null) response.incompleteReason = str(incomplete.reason);
    if (event.type === 'response.completed' || event.type === 'response.failed' || event.type === 'response.incomplete') {
      response.status = status ?? event.type.slice('response.'.length);
      response.terminal = { type: event.type, position: at };
      reconcileOutput(response, body, at);
      finish(response);
    }
  }

  /** The terminal response's `output`: the fallback for final images whose `result` never came (the seed). */
  function reconcileOutput(response: ResponseState, body: JsonObject, at: Position): void {
    const output = Array.isArray(body.output) ? body.output : [];
    output.forEach((entry, outputIndex) => {
      const source = obj(entry);
      if (source === null) return;
      const id = str(source.id);
      const byId = id !== null ? [...response.items.values()].find((candidate) => candidate.id === id) : undefined;
      const item = byId ?? ensureItem(response, outputIndex, id, at, str(source.type) ?? 'unknown');
      if (item.doneItem === null) adoptItem(item, source, true);
      // Read only when it is the final image: a terminal `result` may be decoded on first read (deferResults).
      const result = item.type === 'image_generation_call' && !item.hasFinalImage ? str(source.result) : null;
      if (result !== null && result.length > 0) finalImage(response, item, result, at, 'terminal-response');
      // An item whose output_item.done never came ends here, whatever progress events it missed.
      if (item.end === null) {
        item.end = { source: 'terminal-response', position: at };
        onUpdate({ kind: 'item-done', response, item, position: at });
      }
    });
  }

  function itemEvent(event: { item_id: string; output_index: number }, at: Position): { response: ResponseState; item: ItemState } {
    const response = responseFor('responses', at);
    response.events++;
    return { response, item: ensureItem(response, event.output_index, event.item_id || null, at) };
  }

  /** A content or summary part opens: its stream exists from here, so parts keep their order even when empty. */
  function partAdded(item: ItemState, kind: TextStreamKind | null, index: number): void {
    if (kind !== null) ensureStream(item, kind, index);
  }

  /** A part's final value, for servers that send `content_part.done` but no `.done` of the text itself. */
  function partDone(item: ItemState, kind: TextStreamKind | null, index: number, value: unknown): void {
    if (kind === null) return;
    const stream = ensureStream(item, kind, index);
    if (stream.final === null && typeof value === 'string') stream.final = value;
  }

  /** The item a text event belongs to; the audio transcript, which has no item, goes to the audio item. */
  function textItem(event: TextDeltaEvent | TextDoneEvent, kind: TextStreamKind, at: Position): { response: ResponseState; item: ItemState } {
    if (kind !== 'audio_transcript' || event.output_index >= 0 || event.item_id !== '') return itemEvent(event, at);
    const response = responseFor('responses', at);
    response.events++;
    return { response, item: audioItem(response, at) };
  }

  function textDelta(event: TextDeltaEvent, _json: JsonObject, at: Position): void {
    const stream = textStreamOf(event.type);
    if (stream === null) return;
    const { response, item } = textItem(event, stream.kind, at);
    delta(response, item, stream.kind, event.index, event.delta);
  }

  function textDone(event: TextDoneEvent, _json: JsonObject, at: Position): void {
    const kind = textStreamOf(event.type)?.kind;
    if (kind === undefined) return;
    const { response, item } = textItem(event, kind, at);
    const stream = ensureStream(item, kind, event.index);
    // The same text twice is kept once: a long answer's final value is the streamed one (the compare is the rule's too).
    stream.final = event.value !== null && stream.deltas > 0 && event.value === stream.text ? stream.text : event.value;
    if (event.name !== null && str(item.item.name) === null) item.item = { ...item.item, name: event.name };
    onUpdate({ kind: 'stream-done', response, item, stream, position: at });
  }

  function progress(event: ProgressEvent, _json: JsonObject, at: Position): void {
    const { item } = itemEvent(event, at);
    if (item.end !== null) return;
    // Early code interpreter events carried the whole item; later events only name it.
    if (event.item !== null) adoptItem(item, event.item);
    if (item.type === 'unknown') item.type = event.type.slice('response.'.length, event.type.lastIndexOf('.'));
    item.status = event.type.slice(event.type.lastIndexOf('.') + 1);
  }

  function itemDone(event: EventOfType<'response.output_item.done'>, json: JsonObject, at: Position): void {
    const response = responseFor('responses', at);
    response.events++;
    const item = ensureItem(response, event.output_index, str(event.item.id), at, str(event.item.type) ?? 'unknown');
    adoptItem(item, event.item, true);
    shareStreamedText(item);
    item.doneItem = item.item;
    item.donePosition = at;
    item.end = { source: 'output_item.done', position: at };
    const result = str(event.item.result);
    if (item.type === 'image_generation_call' && result !== null && result.length > 0 && !item.hasFinalImage) {
      finalImage(response, item, result, at, 'output_item.done');
    }
    onUpdate({ kind: 'item-done', response, item, position: at });
    void json;
  }

  /**
   * Whether a chunk begins the next chat stream in a log that keeps no `[DONE]` (SDK logs of JSON lines): a new
   * chunk id does, and so does a choice that already finished starting over (its first chunk carries `role`).
   */
  function startsChatStream(response: ResponseState, event: ChatChunkEvent): boolean {
    if (event.id !== null && response.id !== null && response.id !== event.id) return true;
    return event.choices.some((choice) => choice.role !== null && (response.choices.get(choice.index) ?? null) !== null);
  }

  function chatChunk(event: ChatChunkEvent, _json: JsonObject, at: Position): void {
    let response = current;
    if (response === null || response.family !== 'chat' || ended.has(response) || response.doneMarker !== null || startsChatStream(response, event)) {
      response = start('chat', at);
    }
    response.events++;
    response.id = event.id ?? response.id;
    response.model = event.model ?? response.model;
    const usage = decodeUsage(event.usage);
    if (usage !== null) response.usage = usage;
    let finished = false;
    for (const choice of event.choices) {
      if (!response.choices.has(choice.index)) {
        response.choices.set(choice.index, null);
        // A choice that shows up after the others finished: the stream was not whole after all.
        if (response.terminal?.type === 'finish_reason') {
          response.terminal = null;
          response.status = 'in_progress';
          response.incompleteReason = null;
        }
      }
      const message = ensureItem(response, choice.index * CHAT_SLOT, event.id, at, 'message', choice.index);
      message.status ??= 'in_progress';
      if (choice.role !== null) message.item = { ...message.item, role: choice.role };
      if (choice.content !== null) delta(response, message, 'output_text', 0, choice.content);
      if (choice.refusal !== null) delta(response, message, 'refusal', 0, choice.refusal);
      for (const call of choice.toolCalls) chatToolCall(response, choice.index, call, at);
      // A repeated finish_reason (some proxies send it again with the usage) changes nothing.
      if (choice.finishReason !== null && response.choices.get(choice.index) === null) {
        finishChoice(response, choice.index, choice.finishReason, at);
        finished = true;
      }
    }
    if (finished) settleChat(response, at);
  }

  /** One fragment of a chat tool call, joined to the call of the same `index` in the same choice. */
  function chatToolCall(response: ResponseState, choiceIndex: number, call: ChatToolCallDelta, at: Position): void {
    const type = call.kind === 'custom' ? 'custom_tool_call' : 'function_call';
    const item = ensureItem(response, choiceIndex * CHAT_SLOT + 1 + call.index, call.id, at, type, choiceIndex);
    item.status ??= 'in_progress';
    // Only the first fragment says what the call is; later ones carry the index and a piece of text.
    if (call.kind !== null) item.type = type;
    if (call.id !== null || call.name !== null) {
      item.item = { ...item.item, type: item.type, ...(call.id !== null ? { call_id: call.id } : {}), ...(call.name !== null ? { name: call.name } : {}) };
    }
    if (call.text !== null) delta(response, item, item.type === 'custom_tool_call' ? 'custom_tool_input' : 'function_arguments', 0, call.text);
  }

  /** A choice got its finish_reason: its message and tool calls end here (`item-done`), then the choice (`choice-done`). */
  function finishChoice(response: ResponseState, choiceIndex: number, reason: string, at: Position): void {
    response.choices.set(choiceIndex, reason);
    const status = INCOMPLETE_FINISH.has(reason) ? 'incomplete' : 'completed';
    for (const item of itemsInOrder(response)) {
      if (item.choiceIndex !== choiceIndex || item.end !== null) continue;
      item.status = status;
      item.end = { source: 'finish_reason', position: at };
      onUpdate({ kind: 'item-done', response, item, position: at });
    }
    onUpdate({ kind: 'choice-done', response, choice: choiceIndex, reason, position: at });
  }

  /**
   * A chat stream is whole once every choice has a finish_reason (docs/spec.md §8): completed, or incomplete when one stopped
   * at `length` or `content_filter`. The usage-only chunk and `[DONE]` may still follow; the response ends at those.
   */
  function settleChat(response: ResponseState, at: Position): void {
    const reasons = [...response.choices.values()];
    // An error already ended it (failed), or a choice is still running.
    if (response.terminal !== null || reasons.some((r) => r === null)) return;
    const cut = [...response.choices].find(([, reason]) => reason !== null && INCOMPLETE_FINISH.has(reason));
    response.status = cut === undefined ? 'completed' : 'incomplete';
    // With several choices, say which one stopped short.
    response.incompleteReason = cut === undefined ? null : response.choices.size > 1 ? `${cut[1]} (choice ${cut[0]})` : (cut[1] ?? null);
    response.terminal = { type: 'finish_reason', position: at };
  }

  /** Per Images API response: which operation it streams and the last partial image index seen. */
  const imageStreamState = new WeakMap<ResponseState, { readonly operation: string; lastPartial: number }>();

  function imagesApi(event: ImagesApiEvent, _json: JsonObject, at: Position): void {
    const operation = event.type.slice(0, event.type.indexOf('.'));
    const completed = event.type === 'image_generation.completed' || event.type === 'image_edit.completed' ? event.type : null;
    let response = current;
    let state = response !== null ? imageStreamState.get(response) : undefined;
    // One image stream is partials in rising order, then `.completed`; anything else begins the next stream
    // (and leaves the one before cut off): another operation, or a partial index that does not rise.
    if (
      response === null ||
      state === undefined ||
      ended.has(response) ||
      response.terminal !== null ||
      state.operation !== operation ||
      (completed === null && event.partial_image_index !== null && event.partial_image_index <= state.lastPartial)
    ) {
      response = start('images', at);
      imageStreams++;
      response.id = `image-${imageStreams}`;
      state = { operation, lastPartial: -1 };
      imageStreamState.set(response, state);
    }
    response.events++;
    const id = response.id ?? `image-${imageStreams}`;
    const item = ensureItem(response, 0, id, at, 'image');
    // What the request asked for, as each event restates it (the last word wins: `.completed` may name the real size).
    const declared = { size: event.size, quality: event.quality, background: event.background, output_format: event.output_format };
    item.item = { ...item.item, type: 'image', ...Object.fromEntries(Object.entries(declared).filter(([, v]) => v !== null)) };
    const common = {
      itemId: id,
      outputIndex: 0,
      declaredFormat: str(item.item.output_format),
      declaredSize: str(item.item.size),
      position: at,
      source: 'images-api' as const,
    };
    if (completed === null) {
      const index = event.partial_image_index ?? state.lastPartial + 1;
      state.lastPartial = index;
      item.partialImages++;
      item.status = 'generating';
      emitImage(response, { ...common, kind: 'partial', index, stem: `${id}.partial-${index}` }, event.b64_json);
      return;
    }
    // An empty `b64_json` is no image at all: `missing-final-image` says so, as for an empty Responses `result`.
    if (event.b64_json !== '') {
      item.hasFinalImage = true;
      emitImage(response, { ...common, kind: 'final', index: null, stem: id }, event.b64_json);
    }
    const usage = decodeUsage(event.usage);
    if (usage !== null) response.usage = usage;
    item.status = 'completed';
    item.end = { source: completed, position: at };
    onUpdate({ kind: 'item-done', response, item, position: at });
    response.status = 'completed';
    response.terminal = { type: event.type, position: at };
    finish(response);
  }

  const handlers: Handlers = {
    'response.created': lifecycle,
    'response.queued': lifecycle,
    'response.in_progress': lifecycle,
    'response.completed': lifecycle,
    'response.failed': lifecycle,
    'response.incomplete': lifecycle,
    error(event, json, at) {
      // An error belongs to the response in flight. A stray error after a terminal event still belongs to that
      // response, not to a new one. Only chat errors (`{"error": …}`) come without a `type`.
      const response = current ?? start(json.type === undefined ? 'chat' : 'responses', at);
      response.events++;
      response.error ??= { code: event.code, message: event.message };
      // Chat Completions and the Images API have no failed event: the SDKs raise on the error and read no further.
      if (response.family !== 'responses' && response.terminal === null) {
        response.status = 'failed';
        response.terminal = { type: 'error', position: at };
        for (const item of response.items.values()) if (item.end === null) item.status = 'incomplete';
      }
    },
    keepalive() {},
    'response.output_item.added'(event, _json, at) {
      const response = responseFor('responses', at);
      response.events++;
      adoptItem(addedItem(response, event.output_index, event.item, at), event.item);
    },
    'response.output_item.done': itemDone,
    'response.content_part.added'(event, _json, at) {
      const { item } = itemEvent(event, at);
      partAdded(item, partKind(event.part), event.content_index);
    },
    'response.content_part.done'(event, _json, at) {
      const { item } = itemEvent(event, at);
      const kind = partKind(event.part);
      partDone(item, kind, event.content_index, kind === 'refusal' ? event.part.refusal : event.part.text);
    },
    'response.output_text.annotation.added'(event, _json, at) {
      const { response, item } = itemEvent(event, at);
      if (item.type === 'unknown') item.type = 'message';
      item.annotations.push(event.annotation);
      onUpdate({ kind: 'annotation', response, item, annotation: event.annotation });
    },
    'response.reasoning_summary_part.added'(event, _json, at) {
      partAdded(itemEvent(event, at).item, 'reasoning_summary', event.summary_index);
    },
    'response.reasoning_summary_part.done'(event, _json, at) {
      partDone(itemEvent(event, at).item, 'reasoning_summary', event.summary_index, event.part.text);
    },
    'response.shell_call_command.added'(event, _json, at) {
      const { response, item } = itemEvent(event, at);
      partAdded(item, 'shell_command', event.index);
      // The API opens the slot empty; a server that puts text here starts the command with it.
      if (event.command !== '') delta(response, item, 'shell_command', event.index, event.command);
    },
    'response.image_generation_call.partial_image'(event, _json, at) {
      const { response, item } = itemEvent(event, at);
      if (item.type === 'unknown') item.type = 'image_generation_call';
      item.partialImages++;
      const id = item.id ?? (event.item_id || `item-${item.outputIndex}`);
      emitImage(
        response,
        {
          itemId: id,
          outputIndex: item.outputIndex,
          kind: 'partial',
          index: event.partial_image_index,
          declaredFormat: event.output_format ?? str(item.item.output_format),
          declaredSize: event.size ?? str(item.item.size),
          position: at,
          source: 'partial_image',
          stem: `${id}.partial-${event.partial_image_index}`,
        },
        event.partial_image_b64,
      );
    },
    'response.audio.delta'(event, _json, at) {
      const response = responseFor('responses', at);
      response.events++;
      const item = audioItem(response, at);
      item.audioChunks++;
      item.audioBytes += base64Bytes(event.delta);
    },
    'response.audio.done'(_event, _json, at) {
      const response = responseFor('responses', at);
      response.events++;
      const item = audioItem(response, at);
      item.status = 'completed';
      item.end ??= { source: 'output_item.done', position: at };
    },
    'response.image_generation_call.in_progress': progress,
    'response.image_generation_call.generating': progress,
    'response.image_generation_call.completed': progress,
    'response.web_search_call.in_progress': progress,
    'response.web_search_call.searching': progress,
    'response.web_search_call.completed': progress,
    'response.file_search_call.in_progress': progress,
    'response.file_search_call.searching': progress,
    'response.file_search_call.completed': progress,
    'response.code_interpreter_call.in_progress': progress,
    'response.code_interpreter_call.interpreting': progress,
    'response.code_interpreter_call.completed': progress,
    'response.mcp_call.in_progress': progress,
    'response.mcp_call.completed': progress,
    'response.mcp_call.failed': progress,
    'response.mcp_list_tools.in_progress': progress,
    'response.mcp_list_tools.completed': progress,
    'response.mcp_list_tools.failed': progress,
    'response.compaction.compacting': progress,
    'response.output_text.delta': textDelta,
    'response.output_text.done': textDone,
    'response.refusal.delta': textDelta,
    'response.refusal.done': textDone,
    'response.function_call_arguments.delta': textDelta,
    'response.function_call_arguments.done': textDone,
    'response.custom_tool_call_input.delta': textDelta,
    'response.custom_tool_call_input.done': textDone,
    'response.mcp_call_arguments.delta': textDelta,
    'response.mcp_call_arguments.done': textDone,
    'response.reasoning_summary_text.delta': textDelta,
    'response.reasoning_summary_text.done': textDone,
    'response.reasoning_text.delta': textDelta,
    'response.reasoning_text.done': textDone,
    'response.code_interpreter_call_code.delta': textDelta,
    'response.code_interpreter_call_code.done': textDone,
    'response.audio.transcript.delta': textDelta,
    'response.audio.transcript.done': textDone,
    'response.apply_patch_call_operation_diff.delta': textDelta,
    'response.apply_patch_call_operation_diff.done': textDone,
    'response.shell_call_command.delta': textDelta,
    'response.shell_call_command.done': textDone,
    'response.shell_call_output_content.delta': textDelta,
    'response.shell_call_output_content.done': textDone,
    'chat.completion.chunk': chatChunk,
    'image_generation.partial_image': imagesApi,
    'image_generation.completed': imagesApi,
    'image_edit.partial_image': imagesApi,
    'image_edit.completed': imagesApi,
  };

  return {
    push(event, json, position) {
      if (event.type === 'unknown') {
        if (current !== null) current.events++;
        return;
      }
      (handlers[event.type] as (e: StreamEvent, j: JsonObject, at: Position) => void)(event, json, position);
    },
    done(position) {
      if (current === null) return;
      current.doneMarker ??= position;
      if (current.family === 'chat' && current.terminal === null && current.choices.size > 0) {
        // `[DONE]` with a choice still unfinished: the stream ended, but the answer did not.
        // Short enough to be quoted whole in `response-incomplete`; with several choices, which ones.
        const open = [...current.choices].filter(([, reason]) => reason === null).map(([index]) => index);
        current.status = 'incomplete';
        current.incompleteReason ??= `[DONE] before finish_reason${current.choices.size > 1 ? ` (choice ${open.join(', ')})` : ''}`;
        current.terminal = { type: '[DONE]', position };
        for (const item of current.items.values()) if (item.end === null) item.status = 'incomplete';
      }
      finish(current);
    },
    end() {
      for (const response of responses) finish(response);
    },
    responses,
    get current() {
      return current;
    },
  };
}

/** The item type each text stream belongs to. */
const STREAM_ITEM_TYPES: Readonly<Record<TextStreamKind, string>> = {
  output_text: 'message',
  refusal: 'message',
  function_arguments: 'function_call',
  custom_tool_input: 'custom_tool_call',
  mcp_arguments: 'mcp_call',
  reasoning_summary: 'reasoning',
  reasoning_text: 'reasoning',
  code: 'code_interpreter_call',
  audio_transcript: 'audio',
  apply_patch_diff: 'apply_patch_call',
  shell_command: 'shell_call',
  shell_output: 'shell_call_output',
};

/** The stream a content part is streamed as (`output_text`, `refusal`, `reasoning_text`), or null for other parts. */
function partKind(part: JsonObject): TextStreamKind | null {
  switch (part.type) {
    case 'output_text':
      return 'output_text';
    case 'refusal':
      return 'refusal';
    case 'reasoning_text':
      return 'reasoning_text';
    default:
      return null;
  }
}

/** How many bytes a base64 string stands for (without decoding it). */
function base64Bytes(b64: string): number {
  const padding = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((b64.length * 3) / 4) - padding);
}

/** The item without its `result`, which is never read here (it may be decoded on first read: deferResults). */
function withoutResult(item: JsonObject): JsonObject {
  if (!Object.hasOwn(item, 'result')) return item;
  const rest: JsonObject = {};
  for (const key of Object.keys(item)) {
    // Defined, not assigned: a `__proto__` key is an own data property, as in the original.
    if (key !== 'result') Object.defineProperty(rest, key, { value: item[key], writable: true, enumerable: true, configurable: true });
  }
  return rest;
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
  const stream: TextStreamState = {
    kind,
    index,
    get text() {
      return settle();
    },
    deltas: 0,
    final: null,
  };
  const append = (text: string): void => {
    recent.push(text);
    if (recent.length >= TEXT_BATCH) settle();
  };
  return { stream, append };
}
