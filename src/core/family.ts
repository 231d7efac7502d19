import type { DiagnosticCode, Position } from './diagnostics.js';
import type { ResponseBuilder } from './builder.js';
import type { ItemState, ResponseState, TextStreamKind } from './model.js';
import type { JsonObject } from './wire.js';

/** An event of some family: its decoder's typed value. `type` is its catalog name (`unknown` for one it does not know). */
export interface FamilyEvent {
  readonly type: string;
}

/** A `type` no decoder knows: kept, counted and passed through, never fatal. */
export interface UnknownEvent {
  readonly type: 'unknown';
  readonly rawType: string;
}

/**
 * How a family answers "is this payload mine?": `own` for its own shapes, `shared` for a shape several
 * families send (an error object, a ping), which goes to the current stream's family when that one shares
 * it, else to the family that owns it; null when it is not the family's at all.
 */
export type Claim = 'own' | 'shared' | null;

/** A finding a family reports through the outcome rule (`error-event`, `response-failed`, `response-incomplete`). */
export interface OutcomeFinding {
  readonly code: DiagnosticCode;
  readonly message: string;
}

/** One family's accumulation: its events in, calls on the builder out. */
export interface FamilyAccumulator<E extends FamilyEvent> {
  /** Accumulates one of the family's events (its decoder's output, never `unknown`). */
  push(event: E, json: JsonObject, at: Position): void;
  /** `data: [DONE]` ended the stream of `response` (one of this family's): what that means for it, before it ends. */
  done?(response: ResponseState, at: Position): void;
}

/**
 * A stream family as the family-neutral core sees it: how to recognize and decode its payloads, how they
 * accumulate into the common model, and the few words the generic rules need. The registry
 * (`src/families/index.ts`) lists them; each lives in its own folder.
 */
export interface StreamFamily<E extends FamilyEvent = FamilyEvent> {
  /** The name responses carry in `family` (`responses`, `chat`, `images`). */
  readonly name: string;
  /** How reports name it: `Responses API`. */
  readonly label: string;
  /** Whether a JSON payload is this family's; `type` is its string `type`, or null when it has none. */
  claim(json: JsonObject, type: string | null): Claim;
  /** The typed event of a payload the family claimed: the one place its wire JSON becomes types. Never throws. */
  decode(json: JsonObject, type: string | null): E | UnknownEvent;
  /** A fresh accumulator for one input, building through `builder`. */
  createAccumulator(builder: ResponseBuilder): FamilyAccumulator<E>;
  /** What would have ended one of its responses, in the words of `missing-terminal-event` ("Response … never finished: the input ends before …"). */
  readonly expectedEnd: string;
  /** The event that carries a text stream's final value, for `text-mismatch` (`output_text.done`); absent when it sends none. */
  finalValueEvent?(kind: TextStreamKind): string;
  /** The `missing-final-image` message for an item that ended without a final image, or null when it is no image item. */
  describeMissingImage?(response: ResponseState, item: ItemState): string | null;
  /** What its events say about how a response went: an error event, a failed or incomplete terminal event. */
  outcomeOf?(event: E | UnknownEvent, response: ResponseState | null): OutcomeFinding | null;
  /** For families with no terminal event that says so: the finding of a response that ended incomplete or failed. */
  outcomeAtEnd?(response: ResponseState): OutcomeFinding | null;
  /** Keys whose long string values may stay undecoded until read (see the processor's `deferResults`). */
  readonly deferredKeys?: readonly string[];
  /**
   * Keys of an event's own fields (`partial_image_b64`), or of the object at one of them (`item.result`), whose
   * long string values its decoder and accumulator take as a ByteString (see the processor's `byteStrings`).
   */
  readonly byteKeys?: readonly string[];
}
