import { isText, type Text } from '../../core/byte-string.js';
import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import type { ItemState, ResponseState, TextStreamKind } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { DataUrlImage } from '../data-url.js';
import { accumulateError, decodeUsage } from '../openai-wire.js';
import type { ContentPartEvent, ProgressEvent, ResponsesEvent, ResponsesEventOf, ResponsesEventType, TextDeltaEvent, TextDoneEvent } from './catalog.js';
import { contentKey, itemImages, partImage } from './data-url-images.js';
import { createPartPlaces, movedItem } from './part-places.js';
import { textStreamOf } from './decode.js';
import { adoptItem, base64Bytes, partKind, shareStreamedText, STREAM_ITEM_TYPES } from './items.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type Handlers = { readonly [T in ResponsesEventType]: (event: ResponsesEventOf<T>, json: JsonObject, at: Position) => void };

const { str, obj } = wire;
const FAMILY = 'responses';

/** Accumulates Responses API events into the common model (docs/spec.md §8): one response per `response.created`. */
export function createResponsesAccumulator(builder: ResponseBuilder): FamilyAccumulator<ResponsesEvent> {
  const places = createPartPlaces();
  /**
   * Where an event's item lives. `output_index` decides (some proxies rotate `item_id`); `item_id` only finds the
   * item when the index is missing, and tells a reused index apart (see `slots`).
   */
  function ensureItem(response: ResponseState, outputIndex: number, itemId: string | null, at: Position, type = 'unknown', moves = false): ItemState {
    let index = slotOf(response, outputIndex);
    const moved = moves && index >= 0 && !response.items.has(index) ? movedItem(response.items, index, itemId) : undefined;
    if (moved !== undefined) return moved;
    if (index < 0 && itemId !== null) {
      // No output_index on the event: find the item by id, or give a new id the next free place.
      const known = [...response.items.values()].find((item) => item.id === itemId);
      index = known?.outputIndex ?? builder.nextPlace(response);
    }
    return builder.item(response, { outputIndex: index, alternative: null }, itemId, type, at);
  }

  /** Per response, output indexes that a finished item's successor reused, and the place the successor got. */
  const slots = new WeakMap<ResponseState, Map<number, number>>();
  function slotOf(response: ResponseState, outputIndex: number): number {
    return slots.get(response)?.get(outputIndex) ?? outputIndex;
  }

  /** `output_item.added` for a place whose item has already ended under another id: a new item, not a rotated id. */
  function addedItem(response: ResponseState, outputIndex: number, source: JsonObject, at: Position): ItemState {
    const id = str(source.id);
    const occupant = response.items.get(slotOf(response, outputIndex));
    if (occupant !== undefined && occupant.end !== null && id !== null && occupant.id !== null && occupant.id !== id) {
      let map = slots.get(response);
      if (map === undefined) slots.set(response, (map = new Map()));
      map.set(outputIndex, builder.nextPlace(response));
    }
    return ensureItem(response, outputIndex, id, at, str(source.type) ?? 'unknown');
  }

  /** The item that holds a response's audio (audio events carry no item or index). */
  function audioItem(response: ResponseState, at: Position): ItemState {
    const item = ensureItem(response, -1, null, at, 'audio');
    if (item.type === 'unknown') item.type = 'audio';
    return item;
  }

  /** An item never announced (a capture that starts mid-stream) is of the kind its streams belong to. */
  function typed(item: ItemState, kind: TextStreamKind): ItemState {
    if (item.type === 'unknown') item.type = STREAM_ITEM_TYPES[kind];
    return item;
  }

  function finalImage(response: ResponseState, item: ItemState, result: Text, at: Position, source: string): void {
    item.hasFinalImage = true;
    const id = item.id ?? `item-${item.outputIndex}`;
    builder.image(
      response,
      { itemId: id, outputIndex: item.outputIndex, kind: 'final', index: null, declaredFormat: str(item.item.output_format), declaredSize: str(item.item.size), position: at, source },
      result,
    );
  }

  /** Per item, the images given already: `output_item.done` and the terminal response hold the same ones again. */
  const imagesGiven = new WeakMap<ItemState, Set<string>>();

  /**
   * An image sent as a data URL (a code interpreter's `outputs`, a message's image part, an image item): a final image
   * like the image generation tool's, written, validated and named after its item; each given once.
   */
  function dataUrlImage(response: ResponseState, item: ItemState, key: string, image: DataUrlImage, at: Position, source: string): void {
    let given = imagesGiven.get(item);
    if (given === undefined) imagesGiven.set(item, (given = new Set()));
    if (given.has(key)) return;
    given.add(key);
    item.hasFinalImage = true;
    const place = { itemId: item.id ?? `item-${item.outputIndex}`, outputIndex: item.outputIndex, declaredFormat: image.declaredFormat, declaredSize: null };
    builder.image(response, { ...place, kind: 'final', index: null, position: at, source }, image.b64);
  }

  /** The data URL images of an item object (as added, done, or in the terminal response). */
  function itemDataUrlImages(response: ResponseState, item: ItemState, source: JsonObject, at: Position, from: string): void {
    for (const { key, image } of itemImages(source)) dataUrlImage(response, item, key, image, at, from);
  }

  /** A message's image part (`output_image` and the like, a data URL): an image of the message. */
  function contentPartImage(response: ResponseState, item: ItemState, event: ContentPartEvent, at: Position): void {
    const image = partImage(event.part);
    if (image === null) return;
    if (item.type === 'unknown') item.type = 'message';
    dataUrlImage(response, item, contentKey(places.contentIndex(item, event.content_index)), image, at, event.type.slice('response.'.length));
  }

  function lifecycle(event: ResponsesEventOf<'response.created'> | ResponsesEventOf<'response.completed'>, _json: JsonObject, at: Position): void {
    const body = event.response;
    const id = str(body.id);
    let response = builder.current;
    const otherId = id !== null && response !== null && response.id !== null && response.id !== id;
    // A new response starts at `response.created`, or after one ended. An id that changes inside a response, with no
    // `response.created` between, is a server renaming it on every event (GitHub Copilot): still the same response.
    if (
      event.type === 'response.created' ||
      response === null ||
      response.family !== FAMILY ||
      (builder.hasEnded(response) && (event.type !== 'response.completed' || otherId))
    ) {
      response = builder.start(FAMILY, at);
    }
    response.events++;
    // The id it was created with names it.
    response.id ??= id;
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
      builder.end(response);
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
      itemDataUrlImages(response, item, source, at, 'terminal-response');
      // An item whose output_item.done never came ends here, whatever progress events it missed.
      if (item.end === null) builder.itemDone(response, item, { source: 'terminal-response', position: at });
    });
  }

  function itemEvent(event: { item_id: string; output_index: number }, at: Position): { response: ResponseState; item: ItemState } {
    const response = builder.open(FAMILY, at);
    response.events++;
    return { response, item: ensureItem(response, event.output_index, event.item_id || null, at, 'unknown', true) };
  }

  /** A content or summary part opens: its stream exists from here, so parts keep their order even when empty. */
  function partAdded(item: ItemState, kind: TextStreamKind | null, index: number): void {
    if (kind !== null) places.announce(builder.stream(typed(item, kind), kind, index));
  }

  /** A part's final value, for servers that send `content_part.done` but no `.done` of the text itself. */
  function partDone(item: ItemState, kind: TextStreamKind | null, index: number, value: unknown): void {
    if (kind === null) return;
    const stream = builder.stream(typed(item, kind), kind, index);
    if (stream.final === null && typeof value === 'string') stream.final = value;
  }

  /** The item a text event belongs to; the audio transcript, which has no item, goes to the audio item. */
  function textItem(event: TextDeltaEvent | TextDoneEvent, kind: TextStreamKind, at: Position): { response: ResponseState; item: ItemState } {
    if (kind !== 'audio_transcript' || event.output_index >= 0 || event.item_id !== '') return itemEvent(event, at);
    const response = builder.open(FAMILY, at);
    response.events++;
    return { response, item: audioItem(response, at) };
  }

  function textDelta(event: TextDeltaEvent, _json: JsonObject, at: Position): void {
    const stream = textStreamOf(event.type);
    if (stream === null) return;
    const { response, item } = textItem(event, stream.kind, at);
    builder.delta(response, typed(item, stream.kind), stream.kind, places.partIndex(item, stream.kind, places.placeOf(item, stream.kind, event.index)), event.delta);
  }

  function textDone(event: TextDoneEvent, _json: JsonObject, at: Position): void {
    const kind = textStreamOf(event.type)?.kind;
    if (kind === undefined) return;
    const { response, item } = textItem(event, kind, at);
    const stream = builder.stream(typed(item, kind), kind, places.partIndex(item, kind, places.placeOf(item, kind, event.index)));
    // The same text twice is kept once: a long answer's final value is the streamed one (the compare is the rule's too).
    stream.final = event.value !== null && stream.deltas > 0 && event.value === stream.text ? stream.text : event.value;
    if (event.name !== null && str(item.item.name) === null) item.item = { ...item.item, name: event.name };
    builder.streamDone(response, item, stream, at);
  }

  function progress(event: ProgressEvent, _json: JsonObject, at: Position): void {
    const { item } = itemEvent(event, at);
    if (item.end !== null) return;
    // Early code interpreter events carried the whole item; later events only name it.
    if (event.item !== null) adoptItem(item, event.item);
    if (item.type === 'unknown') item.type = event.type.slice('response.'.length, event.type.lastIndexOf('.'));
    item.status = event.type.slice(event.type.lastIndexOf('.') + 1);
  }

  function itemDone(event: ResponsesEventOf<'response.output_item.done'>, _json: JsonObject, at: Position): void {
    const response = builder.open(FAMILY, at);
    response.events++;
    const item = ensureItem(response, event.output_index, str(event.item.id) || null, at, str(event.item.type) ?? 'unknown', true);
    adoptItem(item, event.item, true);
    shareStreamedText(item);
    item.doneItem = item.item;
    item.donePosition = at;
    item.end = { source: 'output_item.done', position: at };
    const result = isText(event.item.result) ? event.item.result : null;
    if (item.type === 'image_generation_call' && result !== null && result.length > 0 && !item.hasFinalImage) {
      finalImage(response, item, result, at, 'output_item.done');
    }
    itemDataUrlImages(response, item, event.item, at, 'output_item.done');
    builder.itemDone(response, item, item.end);
  }

  const handlers: Handlers = {
    'response.created': lifecycle,
    'response.queued': lifecycle,
    'response.in_progress': lifecycle,
    'response.completed': lifecycle,
    'response.failed': lifecycle,
    'response.incomplete': lifecycle,
    // The Responses API ends a failed stream with response.failed: the error alone does not end it.
    error: (event, _json, at) => accumulateError(builder, FAMILY, event, at, false),
    keepalive() {},
    'response.output_item.added'(event, _json, at) {
      const response = builder.open(FAMILY, at);
      response.events++;
      const item = addedItem(response, event.output_index, event.item, at);
      adoptItem(item, event.item);
      // An image item may come whole in its `added` (Agent Framework's DevUI sends no `done` for it).
      itemDataUrlImages(response, item, event.item, at, 'output_item.added');
    },
    'response.output_item.done': itemDone,
    'response.content_part.added'(event, _json, at) {
      const { response, item } = itemEvent(event, at);
      partAdded(item, partKind(event.part), places.contentIndex(item, event.content_index));
      contentPartImage(response, item, event, at);
    },
    'response.content_part.done'(event, _json, at) {
      const { response, item } = itemEvent(event, at);
      contentPartImage(response, item, event, at);
      const kind = partKind(event.part);
      partDone(item, kind, places.contentIndex(item, event.content_index), kind === 'refusal' ? event.part.refusal : event.part.text);
    },
    'response.output_text.annotation.added'(event, _json, at) {
      const { response, item } = itemEvent(event, at);
      if (item.type === 'unknown') item.type = 'message';
      builder.annotation(response, item, event.annotation);
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
      if (event.command !== '') builder.delta(response, item, 'shell_command', event.index, event.command);
    },
    'response.image_generation_call.partial_image'(event, _json, at) {
      const { response, item } = itemEvent(event, at);
      if (item.type === 'unknown') item.type = 'image_generation_call';
      item.partialImages++;
      const id = item.id ?? (event.item_id || `item-${item.outputIndex}`);
      builder.image(
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
        },
        event.partial_image_b64,
      );
    },
    'response.audio.delta'(event, _json, at) {
      const response = builder.open(FAMILY, at);
      response.events++;
      const item = audioItem(response, at);
      item.audioChunks++;
      item.audioBytes += base64Bytes(event.delta);
    },
    'response.audio.done'(_event, _json, at) {
      const response = builder.open(FAMILY, at);
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
  };

  return {
    push(event, json, at) {
      (handlers[event.type] as (e: ResponsesEvent, j: JsonObject, at: Position) => void)(event, json, at);
    },
  };
}
