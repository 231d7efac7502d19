// What the families' describers share: setting facts, and naming calls.
import { wire, type JsonObject } from '../core/wire.js';
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
