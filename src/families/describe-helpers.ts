// What the families' describers share: setting facts, and naming calls.
import { wire, type JsonObject } from '../core/wire.js';
import type { ItemState, TextStreamKind } from '../core/model.js';
import type { ItemFacts } from './family.js';

/** Sets an item's fact when it has a value (a describer's `facts` leave out what an item does not have). */
export function factSetter(facts: ItemFacts): <K extends keyof ItemFacts>(key: K, value: ItemFacts[K] | null | undefined) => void {
  return (key, value) => {
    if (value !== null && value !== undefined) facts[key] = value;
  };
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
