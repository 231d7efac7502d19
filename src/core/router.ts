import type { Position } from './diagnostics.js';
import { createResponseBuilder, type ResponseBuilder, type Update } from './builder.js';
import type { FamilyAccumulator, FamilyEvent, StreamFamily, UnknownEvent } from './family.js';
import type { ResponseState } from './model.js';
import { wire, type JsonObject } from './wire.js';
import { familiesByName } from './rules/rule.js';

/** The result of decoding one JSON value: an event with the family it belongs to (null: none), or why it is no event. */
export type DecodeResult<E extends FamilyEvent = FamilyEvent> =
  | { readonly ok: true; readonly family: StreamFamily | null; readonly event: E; readonly json: JsonObject; readonly rawType: string }
  | { readonly ok: false; readonly problem: 'missing-type'; readonly json: unknown };

/**
 * Chooses the family of a JSON payload: the current stream's family when it claims the payload at all
 * (so an ambiguous `error` or `ping` stays in the stream it interrupts), else the first that owns it,
 * else the first that shares it; null when none claims it.
 */
export function familyOf(families: readonly StreamFamily[], json: JsonObject, type: string | null, current: StreamFamily | null): StreamFamily | null {
  if (current !== null && current.claim(json, type) !== null) return current;
  let shared: StreamFamily | null = null;
  for (const family of families) {
    if (family === current) continue;
    const claim = family.claim(json, type);
    if (claim === 'own') return family;
    if (claim === 'shared') shared ??= family;
  }
  return shared;
}

/** Decodes a JSON value with the family `familyOf` chooses; a typed object no family claims is an unknown event. */
export function decodeWith(families: readonly StreamFamily[], value: unknown, current: StreamFamily | null = null): DecodeResult {
  const json = wire.obj(value);
  if (json === null) return { ok: false, problem: 'missing-type', json: value };
  const type = typeof json.type === 'string' ? json.type : null;
  const family = familyOf(families, json, type, current);
  return decoded(family, json, type, value);
}

function decoded(family: StreamFamily | null, json: JsonObject, type: string | null, value: unknown): DecodeResult {
  if (family === null) {
    if (type === null) return { ok: false, problem: 'missing-type', json: value };
    const unknown: UnknownEvent = { type: 'unknown', rawType: type };
    return { ok: true, family: null, event: unknown, json, rawType: type };
  }
  const event = family.decode(json, type);
  return { ok: true, family, event, json, rawType: type ?? event.type };
}

/** Decoded events in, responses out: each event goes to its family's accumulator, every family builds through one builder. */
export interface Router {
  /** Decodes one JSON value, the current stream's family first. */
  decode(value: unknown): DecodeResult;
  /** Accumulates a decoded event; an unknown one only counts as an event of the current response. */
  push(family: StreamFamily | null, event: FamilyEvent, json: JsonObject, at: Position): void;
  /** The family `decode` would choose for a payload now. */
  familyFor(json: JsonObject): StreamFamily | null;
  /** `data: [DONE]`: the current stream ends; what follows is a further stream. */
  done(at: Position): void;
  /** The input ended: finish every open response. */
  end(): void;
  readonly responses: readonly ResponseState[];
  /** Its `current` is the response the last event went to. */
  readonly builder: ResponseBuilder;
}

/** Creates the router over `families` (in registry order) for one input; `onUpdate` hears every change as it happens. */
export function createRouter(families: readonly StreamFamily[], onUpdate?: (update: Update) => void): Router {
  const builder = createResponseBuilder(onUpdate);
  const byName = familiesByName(families);
  const accumulators = new Map<StreamFamily, FamilyAccumulator<FamilyEvent>>();
  const accumulatorOf = (family: StreamFamily): FamilyAccumulator<FamilyEvent> => {
    let accumulator = accumulators.get(family);
    if (accumulator === undefined) accumulators.set(family, (accumulator = family.createAccumulator(builder)));
    return accumulator;
  };
  const currentFamily = (): StreamFamily | null => {
    const response = builder.current;
    return response === null ? null : (byName.get(response.family) ?? null);
  };

  // Most events have the type of the one before (a run of deltas): the family of the last type a single
  // family claimed is reused after one string compare. Types several families claim are routed each time.
  let lastType: string | null = null;
  let lastFamily: StreamFamily | null = null;

  function familyFor(json: JsonObject): StreamFamily | null {
    const type = typeof json.type === 'string' ? json.type : null;
    return familyOf(families, json, type, currentFamily());
  }

  return {
    decode(value) {
      const json = wire.obj(value);
      if (json === null) return { ok: false, problem: 'missing-type', json: value };
      const type = typeof json.type === 'string' ? json.type : null;
      if (type !== null && type === lastType) return decoded(lastFamily, json, type, value);
      const family = familyOf(families, json, type, currentFamily());
      if (type !== null) {
        const claims = families.filter((f) => f.claim(json, type) !== null).length;
        lastType = claims <= 1 ? type : null;
        lastFamily = family;
      }
      return decoded(family, json, type, value);
    },
    push(family, event, json, at) {
      if (family === null || event.type === 'unknown') {
        const response = builder.current;
        if (response !== null) response.events++;
        return;
      }
      accumulatorOf(family).push(event, json, at);
    },
    familyFor,
    done(at) {
      const response = builder.current;
      if (response === null) return;
      response.doneMarker ??= at;
      const family = byName.get(response.family);
      if (family !== undefined) accumulatorOf(family).done?.(response, at);
      builder.end(response);
    },
    end() {
      builder.endAll();
    },
    responses: builder.responses,
    builder,
  };
}
