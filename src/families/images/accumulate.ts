import type { ResponseBuilder } from '../../core/builder.js';
import type { Position } from '../../core/diagnostics.js';
import type { FamilyAccumulator } from '../../core/family.js';
import type { ResponseState } from '../../core/model.js';
import { wire, type JsonObject } from '../../core/wire.js';
import { accumulateError, decodeUsage } from '../openai-wire.js';
import type { ImagesApiEvent, ImagesEvent } from './catalog.js';

// Compile-time exhaustiveness: one handler per known event type, typed by that type's event.
type EventOf<T extends ImagesEvent['type']> = ImagesEvent extends infer E ? (E extends { type: infer U } ? (T extends U ? E : never) : never) : never;
type Handlers = { readonly [T in ImagesEvent['type']]: (event: EventOf<T>, json: JsonObject, at: Position) => void };

const { str } = wire;
const FAMILY = 'images';

/**
 * Accumulates Images API streams (docs/spec.md §8): one response per stream of partials in rising order and its
 * `.completed`, holding one `image` item (the API gives no id: respcat names the streams `image-1`, `image-2`, …).
 */
export function createImagesAccumulator(builder: ResponseBuilder): FamilyAccumulator<ImagesEvent> {
  let imageStreams = 0;
  /** Per response: which operation it streams and the last partial image index seen. */
  const streamState = new WeakMap<ResponseState, { readonly operation: string; lastPartial: number }>();

  function image(event: ImagesApiEvent, at: Position): void {
    const operation = event.type.slice(0, event.type.indexOf('.'));
    const completed = event.type === 'image_generation.completed' || event.type === 'image_edit.completed' ? event.type : null;
    let response = builder.current;
    let state = response !== null ? streamState.get(response) : undefined;
    // One image stream is partials in rising order, then `.completed`; anything else begins the next stream
    // (and leaves the one before cut off): another operation, or a partial index that does not rise.
    if (
      response === null ||
      state === undefined ||
      builder.hasEnded(response) ||
      response.terminal !== null ||
      state.operation !== operation ||
      (completed === null && event.partial_image_index !== null && event.partial_image_index <= state.lastPartial)
    ) {
      response = builder.start(FAMILY, at);
      imageStreams++;
      response.id = `image-${imageStreams}`;
      state = { operation, lastPartial: -1 };
      streamState.set(response, state);
    }
    response.events++;
    const id = response.id ?? `image-${imageStreams}`;
    const item = builder.item(response, { outputIndex: 0, alternative: null }, id, 'image', at);
    // What the request asked for, as each event restates it (the last word wins: `.completed` may name the real size).
    const declared = { size: event.size, quality: event.quality, background: event.background, output_format: event.output_format };
    item.item = { ...item.item, type: 'image', ...Object.fromEntries(Object.entries(declared).filter(([, v]) => v !== null)) };
    const common = {
      itemId: id,
      outputIndex: 0,
      declaredFormat: str(item.item.output_format),
      declaredSize: str(item.item.size),
      position: at,
      source: 'images-api',
    };
    if (completed === null) {
      const index = event.partial_image_index ?? state.lastPartial + 1;
      state.lastPartial = index;
      item.partialImages++;
      item.status = 'generating';
      builder.image(response, { ...common, kind: 'partial', index }, event.b64_json);
      return;
    }
    // An empty `b64_json` is no image at all: `missing-final-image` says so, as for an empty Responses `result`.
    if (event.b64_json !== '') {
      item.hasFinalImage = true;
      builder.image(response, { ...common, kind: 'final', index: null }, event.b64_json);
    }
    const usage = decodeUsage(event.usage);
    if (usage !== null) response.usage = usage;
    item.status = 'completed';
    builder.itemDone(response, item, { source: completed, position: at });
    response.status = 'completed';
    response.terminal = { type: event.type, position: at };
    builder.end(response);
  }

  const handlers: Handlers = {
    'image_generation.partial_image': (event, _json, at) => image(event, at),
    'image_generation.completed': (event, _json, at) => image(event, at),
    'image_edit.partial_image': (event, _json, at) => image(event, at),
    'image_edit.completed': (event, _json, at) => image(event, at),
    // The Images API has no failed event: the SDKs raise on the error and read no further.
    error: (event, _json, at) => accumulateError(builder, FAMILY, event, at, true),
  };

  return {
    push(event, json, at) {
      (handlers[event.type] as (e: ImagesEvent, j: JsonObject, at: Position) => void)(event, json, at);
    },
  };
}
