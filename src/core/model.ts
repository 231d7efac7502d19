import type { Position } from './diagnostics.js';
import type { JsonObject } from './wire.js';

/**
 * The role of a text-like value an item streams: an answer's text or refusal, a tool call's input
 * (function arguments, custom tool input, MCP arguments, code, a shell command, a patch), reasoning
 * (summary or full text), an audio transcript, a tool's output. Every family maps its wire onto these.
 */
export const TEXT_STREAM_KINDS = [
  'output_text',
  'refusal',
  'function_arguments',
  'custom_tool_input',
  'mcp_arguments',
  'reasoning_summary',
  'reasoning_text',
  'code',
  'audio_transcript',
  'apply_patch_diff',
  'shell_command',
  'shell_output',
] as const;

/** The name of one text-like stream (output text, refusal, function arguments, …). */
export type TextStreamKind = (typeof TEXT_STREAM_KINDS)[number];

/** Token usage in the common names (the Responses API's); families map theirs onto them. */
export interface Usage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly total_tokens: number;
  readonly cached_tokens: number;
  readonly reasoning_tokens: number;
}

/** How long a response took as its server measured it (Ollama's durations), in milliseconds; null where not given. */
export interface ResponseTiming {
  readonly totalMs: number | null;
  /** Loading the model. */
  readonly loadMs: number | null;
  /** Reading the prompt (`input_tokens` of them). */
  readonly promptMs: number | null;
  /** Generating the answer (`output_tokens` of them). */
  readonly outputMs: number | null;
}

/** One text-like value of an item (a content part's text, a summary, arguments, code …) as streamed. */
export interface TextStreamState {
  readonly kind: TextStreamKind;
  readonly index: number;
  /** The deltas joined. */
  readonly text: string;
  deltas: number;
  /** The final value the stream's family sent for it, once seen (null until then or when the server omitted it). */
  final: string | null;
}

/** How an item reached its end, in its family's words (inspect reports `source` as `ended`). */
export interface ItemEnd {
  readonly source: string;
  readonly position: Position;
}

/**
 * One output item. `outputIndex` is its place among the items of its answer (the Responses API's
 * `output_index`; in an alternative, 0 for its message and 1, 2, … for its tool calls), -1 for what has
 * no place (audio, events with neither index nor id).
 */
export interface ItemState {
  readonly outputIndex: number;
  /** The alternative (a chat choice, a Gemini candidate) the item belongs to; null in a response with one answer. */
  readonly alternative: number | null;
  id: string | null;
  type: string;
  status: string | null;
  /** The item object as last seen (added, then done), with any image `result` left out to bound memory. */
  item: JsonObject;
  /** The item object as its own end event gave it (without `result`), for comparison with the terminal response. */
  doneItem: JsonObject | null;
  donePosition: Position | null;
  readonly streams: Map<string, TextStreamState>;
  readonly annotations: JsonObject[];
  partialImages: number;
  hasFinalImage: boolean;
  /** Where the item ended; null while it is open. */
  end: ItemEnd | null;
  /** Events whose item id differed from the item's id (a proxy rotating ids); the item is still found by its place. */
  otherIds: number;
  /** Audio pieces and the bytes their base64 stands for (audio items only). */
  audioChunks: number;
  audioBytes: number;
  readonly position: Position;
}

/** Where an image came from and what was declared about it; the bytes travel in the `image` update only. */
export interface ImageRecord {
  readonly responseIndex: number;
  /** The item's id: the file name (`<itemId>.partial-<n>` or `<itemId>`, docs/spec.md §3) is made from it. */
  readonly itemId: string;
  readonly outputIndex: number;
  readonly kind: 'partial' | 'final';
  /** The partial's index; null for a final image. */
  readonly index: number | null;
  readonly declaredFormat: string | null;
  readonly declaredSize: string | null;
  readonly position: Position;
  /** Which event or object carried it, in its family's words (inspect reports it as `from`). */
  readonly source: string;
}

/** A response as accumulated so far. */
export interface ResponseState {
  readonly index: number;
  /** The name of the stream family its events come from (docs/spec.md §8). */
  readonly family: string;
  id: string | null;
  model: string | null;
  /** The API's status (`in_progress`, `completed`, `failed`, `incomplete`, `queued`, …). */
  status: string;
  usage: Usage | null;
  /** The server's own timing of the response, when its stream reports one. */
  timing: ResponseTiming | null;
  error: { readonly code: string | null; readonly message: string } | null;
  incompleteReason: string | null;
  /**
   * Every item, by key. A response with one answer keys its items by `outputIndex`; the items of
   * alternatives take the keys after those (`itemsInOrder` gives them in order).
   */
  readonly items: Map<number, ItemState>;
  readonly images: ImageRecord[];
  readonly position: Position;
  /** The event that ended the response (its family's terminal event, the last finish reason, an error), and where. */
  terminal: { readonly type: string; readonly position: Position } | null;
  /** The stream's end marker (`data: [DONE]`), once seen. */
  doneMarker: Position | null;
  /**
   * A response with alternative answers (chat choices, Gemini candidates): each alternative's finish reason
   * (null while it runs), in the order they first appeared. Empty for a response with one answer.
   */
  readonly alternatives: Map<number, string | null>;
  events: number;
}

/** Items of a response in output order: by alternative, then by place. */
export function itemsInOrder(response: ResponseState): ItemState[] {
  return [...response.items.values()].sort((a, b) => (a.alternative ?? -1) - (b.alternative ?? -1) || a.outputIndex - b.outputIndex);
}

/**
 * The concatenated message text of a response (all message items, all output_text parts, in order). Alternatives
 * are answers side by side, not parts of one: there it is the first alternative's text (`choices[0]`).
 */
export function messageText(response: ResponseState): string {
  const first = response.alternatives.size > 0 ? Math.min(...response.alternatives.keys()) : null;
  let text = '';
  for (const item of itemsInOrder(response)) {
    if (item.type === 'message' && item.alternative === first) text += partsValue(item, 'output_text') ?? '';
  }
  return text;
}

/** The value of one of an item's text streams (deltas joined, or the final value when no delta came). */
export function streamValue(item: ItemState, kind: TextStreamKind): string | null {
  const streams = streamsOf(item, kind);
  if (streams.length === 0) return null;
  return streams.map((s) => (s.deltas > 0 ? s.text : (s.final ?? ''))).join('');
}

/** An item's streams of one kind, by index. */
export function streamsOf(item: ItemState, kind: TextStreamKind): TextStreamState[] {
  return [...item.streams.values()].filter((s) => s.kind === kind).sort((a, b) => a.index - b.index);
}

/**
 * Where an item object keeps the final value of each part kind: the common item shape (the Responses
 * API's, which the other families' items are mapped onto) lists parts as `{type, text}` objects.
 */
const PART_FIELDS: Partial<Record<TextStreamKind, { readonly list: string; readonly type: string; readonly field: string }>> = {
  output_text: { list: 'content', type: 'output_text', field: 'text' },
  refusal: { list: 'content', type: 'refusal', field: 'refusal' },
  reasoning_text: { list: 'content', type: 'reasoning_text', field: 'text' },
  reasoning_summary: { list: 'summary', type: 'summary_text', field: 'text' },
};

/**
 * The parts of a message or reasoning item of one kind (text, refusal, reasoning text, summary), one string each:
 * streamed parts as streamed, and parts that only the item object holds (servers that send final values only,
 * items known only from their end event or the terminal response). Null when the item has none.
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
