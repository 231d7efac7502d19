import { digest } from '../digest.js';
import { wire, type JsonObject } from '../events.js';
import type { ItemState } from '../model.js';
import type { Rule } from './rule.js';

/** The `result` an item had in its `output_item.done`: length and digest, standing in for the string. */
interface DoneResult {
  readonly length: number;
  readonly digest: number;
}

/**
 * `output-mismatch`: an item in `output_item.done` differs from the terminal response's copy of it. Only the
 * Responses API sends both copies; chat and Images API streams are never checked.
 */
export function createOutputMismatchRule(): Rule {
  // Kept here, not in the accumulator: only this comparison needs them (and a replay does not run it).
  const doneResults = new WeakMap<ItemState, DoneResult>();
  return {
    codes: ['output-mismatch'],
    onEvent({ event, response, position }, report) {
      if (response === null || response.family !== 'responses') return;
      if (event.type === 'response.output_item.done') {
        // The item this event just ended (the accumulator ran first): the one it gave this position.
        const byPlace = findItem(response.items, event.output_index, wire.str(event.item.id));
        const item = byPlace?.donePosition === position ? byPlace : [...response.items.values()].find((candidate) => candidate.donePosition === position);
        const result = wire.str(event.item.result);
        if (item !== undefined && result !== null) doneResults.set(item, { length: result.length, digest: digest(result) });
        return;
      }
      if (event.type !== 'response.completed' && event.type !== 'response.incomplete' && event.type !== 'response.failed') return;
      const output = Array.isArray(event.response.output) ? event.response.output : [];
      output.forEach((entry, outputIndex) => {
        const final = wire.obj(entry);
        if (final === null) return;
        const item = findItem(response.items, outputIndex, wire.str(final.id));
        if (item === undefined || item.doneItem === null || item.donePosition === null) return;
        const difference = describeDifference(item, doneResults.get(item) ?? null, final);
        if (difference !== null) {
          report('output-mismatch', `Item ${item.id ?? outputIndex} in output_item.done differs from the terminal response: ${difference}`, item.donePosition);
        }
      });
    },
  };
}

function findItem(items: ReadonlyMap<number, ItemState>, outputIndex: number, id: string | null): ItemState | undefined {
  const byIndex = items.get(outputIndex);
  if (byIndex !== undefined && (id === null || byIndex.id === id)) return byIndex;
  return [...items.values()].find((item) => item.id === id) ?? byIndex;
}

function describeDifference(item: ItemState, done: DoneResult | null, final: JsonObject): string | null {
  const finalResult = wire.str(final.result);
  if (finalResult !== null || done !== null) {
    const doneLength = done?.length ?? 0;
    const finalLength = finalResult?.length ?? 0;
    if (doneLength !== finalLength || (done !== null && finalResult !== null && done.digest !== digest(finalResult))) {
      return `result has ${doneLength} characters there and ${finalLength} in the terminal response`;
    }
  }
  const doneItem = item.doneItem ?? {};
  const keys = new Set([...Object.keys(doneItem), ...Object.keys(final)]);
  keys.delete('result');
  // A reasoning item's encrypted_content is encrypted anew for each copy (a Fernet token carries a
  // timestamp and a random IV), so two copies never match even when the API behaved.
  keys.delete('encrypted_content');
  for (const key of keys) {
    const a = JSON.stringify(doneItem[key]);
    const b = JSON.stringify(final[key]);
    if (a !== b) return `${key} is ${showJson(a)} there and ${showJson(b)} in the terminal response`;
  }
  return null;
}

/** A JSON value as written on the wire (strings keep their quotes), cut like `quote` cuts; `absent` when missing. */
function showJson(json: string | undefined): string {
  if (json === undefined) return 'absent';
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}
