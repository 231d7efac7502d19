import type { FamilyEvent, StreamFamily } from '../core/family.js';
import type { ItemState, ResponseState, TextStreamKind } from '../core/model.js';
import type { Rule } from '../core/rules/index.js';
import type { JsonObject } from '../core/wire.js';

/**
 * What a family says about an item for `inspect`: the facts that apply to its kind, as the inspect
 * report's item fields (docs/spec.md §4; keys in print order). Opaque or binary payloads appear only as sizes.
 */
export interface ItemFacts {
  name?: string;
  arguments?: string;
  input?: string;
  callId?: string;
  serverLabel?: string;
  /** The alternative (chat choice) the item belongs to. */
  choice?: number;
  /** An alternative's finish reason (on its message). */
  finishReason?: string;
  role?: string;
  phase?: string;
  text?: string;
  refusal?: string;
  annotations?: readonly JsonObject[];
  summary?: readonly string[];
  reasoningText?: string;
  encryptedContentLength?: number;
  action?: JsonObject;
  queries?: readonly string[];
  results?: number;
  sources?: number;
  code?: string;
  containerId?: string;
  outputs?: number;
  output?: string;
  error?: string;
  tools?: readonly string[];
  commands?: readonly string[];
  operation?: JsonObject;
  diff?: string;
  partialImages?: number;
  finalImage?: boolean;
  revisedPrompt?: string;
  size?: string;
  outputFormat?: string;
  transcript?: string;
  audioChunks?: number;
  audioBytes?: number;
  /** A source's or file's URL (never a `data:` URL: its bytes are written or counted). */
  url?: string;
  mediaType?: string;
  /** An app data part's value, as JSON text. */
  data?: string;
}

/**
 * Something replay prints once an item has ended: content that may never have streamed (final values only,
 * items known only whole). `title` null is plain answer text; `stream` is the text stream it stands for, which
 * makes the label and marks it printed.
 */
export interface ItemBlock {
  readonly title: string | null;
  readonly text: string;
  readonly stream?: TextStreamKind;
}

/**
 * A family's one describer of its items, read by the replay printer and by inspect alike: what each item
 * kind holds, how its streams are labelled, and what is printed when it ends.
 */
export interface ItemDescriber {
  /** How the family calls an alternative in labels (`choice`: `[choice 1]`). */
  readonly alternativeName: string;
  /** The item's place in inspect (`outputIndex`), or null where it has none in an `output` array. */
  placeOf(response: ResponseState, item: ItemState): number | null;
  /** Inspect: the facts of the item. */
  facts(response: ResponseState, item: ItemState): ItemFacts;
  /** Replay: the label of one of the item's streamed texts; null prints it as plain text (the answer). */
  label(item: ItemState, kind: TextStreamKind): string | null;
  /** Replay: what to print when the item ends; `printed` says which streams already were. */
  endBlocks(item: ItemState, printed: (kind: TextStreamKind) => boolean): readonly ItemBlock[];
}

/** How `respcat serve` sends a family's captures (docs/spec.md §9), for families whose wire is not plain `text/event-stream`. */
export interface ServeWire {
  /**
   * `ndjson`: one JSON event a line, sent as it is (`--reframe` writes JSON lines; no strict-SSE reading).
   * `eventstream`: binary AWS event stream messages, each event encoded anew (src/serve/event-stream-wire.ts).
   */
  readonly framing: 'sse' | 'ndjson' | 'eventstream';
  /** The response headers (`content-type` and the protocol's own). */
  readonly headers: Readonly<Record<string, string>>;
  /** The API's error body for a message, answered on the family's paths (absent: the OpenAI error shape). */
  errorBody?(message: string): unknown;
}

/** A stream family: the core's view of it, plus what the commands need (its describer, rules and serve paths). */
export interface Family<E extends FamilyEvent = FamilyEvent> extends StreamFamily<E> {
  /** Every event type its catalog knows, in catalog order. */
  readonly eventTypes: readonly string[];
  readonly describer: ItemDescriber;
  /** The family's own rules (fresh instances: rules keep per-input state). */
  createRules(): Rule[];
  /** The API paths `respcat serve` answers with its captures. */
  readonly servePaths: readonly string[];
  /**
   * The body its API sends with an HTTP error, for `respcat serve`'s errors on its paths (`message` undefined: the
   * API's usual words), and the message it carries; absent: the OpenAI shape.
   */
  errorBody?(status: number, message: string | undefined): { readonly message: string; readonly body: JsonObject };
  /** How serve sends its captures; absent: as `text/event-stream`, their bytes as they are. */
  readonly serveWire?: ServeWire;
}
