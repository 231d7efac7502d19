import { isText, textOf } from '../../core/byte-string.js';
import { quote } from '../../core/diagnostics.js';
import { digest } from '../../core/digest.js';
import type { ItemState } from '../../core/model.js';
import type { EventRecord, Rule } from '../../core/rules/rule.js';
import { wire, type JsonObject } from '../../core/wire.js';
import type { DecodedResponsesEvent } from './catalog.js';
import { textStreamOf } from './decode.js';

const FAMILY = 'responses';

/** The record's event as the Responses family decoded it, or null for another family's. */
function responsesEvent(record: EventRecord): DecodedResponsesEvent | null {
  return record.family?.name === FAMILY ? (record.event as DecodedResponsesEvent) : null;
}

/**
 * `sequence-gap` and `sequence-order`: `sequence_number` per response (it restarts with each; old captures lack it).
 * Only the Responses API numbers its events: a number on a chat chunk or Images API event is not checked.
 */
export function createSequenceRule(): Rule {
  const last = new Map<number, number>();
  return {
    codes: ['sequence-gap', 'sequence-order'],
    onEvent({ json, position, response }, report) {
      const sequence = json.sequence_number;
      if (typeof sequence !== 'number' || response === null || response.family !== FAMILY) return;
      const previous = last.get(response.index);
      last.set(response.index, previous === undefined ? sequence : Math.max(previous, sequence));
      if (previous === undefined) return;
      if (sequence === previous + 1) return;
      if (sequence > previous + 1) {
        const missing = sequence - previous - 1;
        report('sequence-gap', `sequence_number jumps from ${previous} to ${sequence} (${missing} event${missing === 1 ? '' : 's'} missing)`, position);
      } else if (sequence === previous) {
        report('sequence-order', `sequence_number ${sequence} repeats`, position);
      } else {
        report('sequence-order', `sequence_number goes back from ${previous} to ${sequence}`, position);
      }
    },
  };
}

/**
 * `response-id-changed` (info): a response's events name it by other ids, with no `response.created` between (GitHub
 * Copilot renames the response, and every item, on every event). respcat reads them as one response; said once.
 */
export function createResponseIdRule(): Rule {
  const reported = new WeakSet<object>();
  return {
    codes: ['response-id-changed'],
    onEvent(record, report) {
      const { response, position } = record;
      const event = responsesEvent(record);
      if (event === null || response === null || reported.has(response) || !('response' in event)) return;
      const id = wire.str(event.response.id);
      if (id === null || response.id === null || id === response.id) return;
      reported.add(response);
      report(
        'response-id-changed',
        `Response ${response.id} is named ${quote(id)} here, with no response.created between: read as one response (its items found by output_index)`,
        position,
      );
    },
  };
}

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
  // Kept here, not in the model: only this comparison needs them (and a replay does not run it).
  const doneResults = new WeakMap<ItemState, DoneResult>();
  return {
    codes: ['output-mismatch'],
    onEvent(record, report) {
      const { response, position } = record;
      const event = responsesEvent(record);
      if (event === null || response === null || response.family !== FAMILY) return;
      if (event.type === 'response.output_item.done') {
        // The item this event just ended (the family accumulated it first): the one it gave this position.
        const byPlace = findItem(response.items, event.output_index, wire.str(event.item.id));
        const item = byPlace?.donePosition === position ? byPlace : [...response.items.values()].find((candidate) => candidate.donePosition === position);
        const value = event.item.result;
        // A ByteString (replay's byteStrings, which does not run this rule) is read as its text all the same.
        const result = isText(value) ? textOf(value) : null;
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
  // A server that renames items on every event (the item was found by its place) renames this copy too.
  if (item.otherIds > 0) keys.delete('id');
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

/**
 * `content-index-changed` (info): an item's text deltas move to a content_index no part event opened while the part
 * they were in, which no part event opened either, is still open (vLLM numbers every reasoning delta anew). The
 * accumulator reads them as one part; said once per response.
 */
export function createContentIndexRule(): Rule {
  const reported = new WeakSet<object>();
  // Per response: the indexes part events opened, and the open part that deltas opened, per item place and stream kind.
  const state = new WeakMap<object, { announced: Set<string>; open: Map<string, number> }>();
  let previous: { response: object; outputIndex: number; kind: string; index: number } | null = null;
  return {
    codes: ['content-index-changed'],
    onEvent(record, report) {
      const { response, position } = record;
      const event = responsesEvent(record);
      if (event === null || response === null || reported.has(response)) return;
      let seen = state.get(response);
      if (seen === undefined) state.set(response, (seen = { announced: new Set(), open: new Map() }));
      if (event.type === 'response.content_part.added') {
        seen.announced.add(`${event.output_index}:content:${event.content_index}`);
        return;
      }
      if (event.type === 'response.reasoning_summary_part.added') {
        seen.announced.add(`${event.output_index}:reasoning_summary:${event.summary_index}`);
        return;
      }
      const stream = 'index' in event && 'output_index' in event ? textStreamOf(event.type) : null;
      if (stream === null || !('index' in event) || !('output_index' in event)) return;
      // Consecutive deltas of one part change nothing here (and make no key strings).
      if (!stream.done && previous !== null && previous.response === response && previous.outputIndex === event.output_index && previous.kind === stream.kind && previous.index === event.index) return;
      previous = stream.done ? null : { response, outputIndex: event.output_index, kind: stream.kind, index: event.index };
      const group = stream.kind === 'reasoning_summary' ? 'reasoning_summary' : 'content';
      const key = `${event.output_index}:${stream.kind}`;
      const open = seen.open.get(key);
      const announced = seen.announced.has(`${event.output_index}:${group}:${event.index}`);
      if (open !== undefined && event.index > open && !announced) {
        if (stream.done) seen.open.delete(key);
        reported.add(response);
        report(
          'content-index-changed',
          `${stream.done ? 'The final text' : 'A delta'} of item ${event.item_id || event.output_index} names content_index ${event.index}, which no part event opened, while part ${open} is open: read as part ${open}`,
          position,
        );
        return;
      }
      if (stream.done) seen.open.delete(key);
      else if (open === undefined && !announced) seen.open.set(key, event.index);
    },
  };
}

/**
 * `output-index-changed` (info): an event names an output_index no item holds, and the accumulator read it as the
 * open item it belongs to (vLLM gives an item's last events the next index). Said once per response.
 */
export function createOutputIndexRule(): Rule {
  const reported = new WeakSet<object>();
  return {
    codes: ['output-index-changed'],
    onEvent(record, report) {
      const { response, position } = record;
      const event = responsesEvent(record);
      if (event === null || response === null || reported.has(response) || event.type === 'response.output_item.added') return;
      if (!('output_index' in event) || typeof event.output_index !== 'number' || event.output_index < 0) return;
      // The family ran first: an event at an empty place always gets an item there, unless it was read as another's.
      if (response.items.has(event.output_index)) return;
      const id = 'item_id' in event ? event.item_id : 'item' in event ? (wire.str(event.item.id) ?? '') : '';
      const item = [...response.items.values()].find((candidate) => candidate.end === null || candidate.end.position === position);
      reported.add(response);
      report(
        'output-index-changed',
        `${event.type} names output_index ${event.output_index}, where no item is${id !== '' ? `, for item ${id}` : ''}: read as the item at ${item?.outputIndex ?? '?'}`,
        position,
      );
    },
  };
}
