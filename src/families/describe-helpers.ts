// What the families' describers share: setting facts, and naming calls.
import { wire, type JsonObject } from '../core/wire.js';
import { partsValue, streamValue, type ItemState, type TextStreamKind } from '../core/model.js';
import type { ItemFacts } from './family.js';

/** Sets an item's fact when it has a value (a describer's `facts` leave out what an item does not have). */
export function factSetter(facts: ItemFacts): <K extends keyof ItemFacts>(key: K, value: ItemFacts[K] | null | undefined) => void {
  return (key, value) => {
    if (value !== null && value !== undefined) facts[key] = value;
  };
}

/** A describer's fact setter (see {@link factSetter}). */
export type FactSetter = ReturnType<typeof factSetter>;

/**
 * The facts every family's message item has, in inspect's key order: why it ended (null: not said), its role
 * and its text. A family sets its own facts (refusal, annotations, queries) after these.
 */
export function setMessageFacts(set: FactSetter, item: ItemState, finishReason: string | null | undefined): void {
  set('finishReason', finishReason);
  set('role', wire.str(item.item.role));
  set('text', partsValue(item, 'output_text') ?? '');
}

/** The facts of a function call, in inspect's key order: its name, call id and arguments (streamed, unless given). */
export function setCallFacts(set: FactSetter, item: ItemState, args: string = streamValue(item, 'function_arguments') ?? ''): void {
  set('name', wire.str(item.item.name));
  set('callId', wire.str(item.item.call_id));
  set('arguments', args);
}

/** A call's title: `function call get_weather`, `mcp call deepwiki/ask_question` (its MCP server before the name). */
export function callTitle(what: string, body: JsonObject): string {
  const name = wire.str(body.name);
  if (name === null) return what;
  const server = wire.str(body.server_label);
  return `${what} ${server !== null ? `${server}/` : ''}${name}`;
}

/** A family's name for one stream kind's label: fixed, or made from its item. */
export type StreamLabelName = string | ((item: ItemState) => string);

/**
 * The label above a streamed text, for the families whose labels differ in a few kinds only: none for the answer,
 * the family's own names (`thinking`, `tool use get_weather`), else the kind's words (`reasoning text` → words).
 */
export function streamLabels(names: Partial<Record<TextStreamKind, StreamLabelName>>): (item: ItemState, kind: TextStreamKind) => string | null {
  return (item, kind) => {
    const name = names[kind];
    if (name !== undefined) return typeof name === 'function' ? name(item) : name;
    return kind === 'output_text' ? null : kind.replace(/_/g, ' ');
  };
}
