import { quote } from '../../core/diagnostics.js';
import { streamValue } from '../../core/model.js';
import type { Rule } from '../../core/rules/rule.js';
import { wire } from '../../core/wire.js';
import { FAMILY, inputStreamOf } from './accumulate.js';

const { str } = wire;

/**
 * `invalid-tool-input`: a tool call block's `input_json_delta`s do not join into JSON (the SDK parses them
 * into the call's `input`, and fails). Checked when the block ends; a call with no delta is `{}`, not checked.
 */
export function createToolInputRule(): Rule {
  return {
    codes: ['invalid-tool-input'],
    onUpdate(update, report) {
      if (update.kind !== 'item-done' || update.response.family !== FAMILY) return;
      const { item } = update;
      const kind = inputStreamOf(item.type);
      const input = kind === null ? null : streamValue(item, kind);
      if (input === null || input === '' || isJson(input)) return;
      const id = item.id ?? str(item.item.name) ?? `block ${item.outputIndex}`;
      report('invalid-tool-input', `Expected the input_json_delta pieces of ${str(item.item.type) ?? item.type} ${id} to join into JSON, found ${quote(input, 40)}`, update.position);
    },
  };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
