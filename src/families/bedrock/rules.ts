import { quote } from '../../core/diagnostics.js';
import { streamValue } from '../../core/model.js';
import type { Rule } from '../../core/rules/rule.js';
import { wire } from '../../core/wire.js';
import { FAMILY } from './accumulate.js';

const { str } = wire;

/**
 * `invalid-tool-input`: a tool use block's `toolUse.input` deltas do not join into JSON (the SDK's callers parse
 * them into the call's input, and fail). Checked when the block ends; a call with no delta is `{}`, not checked.
 */
export function createBedrockToolInputRule(): Rule {
  return {
    codes: ['invalid-tool-input'],
    onUpdate(update, report) {
      if (update.kind !== 'item-done' || update.response.family !== FAMILY || update.item.type !== 'function_call') return;
      const input = streamValue(update.item, 'function_arguments');
      if (input === null || input === '' || isJson(input)) return;
      const id = update.item.id ?? str(update.item.item.name) ?? `block ${update.item.outputIndex}`;
      report('invalid-tool-input', `Expected the toolUse.input pieces of tool use ${id} to join into JSON, found ${quote(input, 40)}`, update.position);
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
