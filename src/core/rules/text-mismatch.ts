import { quote } from '../diagnostics.js';
import type { StreamFamily } from '../family.js';
import { familiesByName, type Rule } from './rule.js';

/**
 * `text-mismatch`: the deltas of a text-like stream do not add up to its final value (needs one delta at least).
 * Only families that send final values are checked (the Responses API's `.done` events); chat streams have nothing to compare with.
 */
export function createTextMismatchRule(families: readonly StreamFamily[]): Rule {
  const byName = familiesByName(families);
  return {
    codes: ['text-mismatch'],
    onUpdate(update, report) {
      if (update.kind !== 'stream-done') return;
      const { stream, position } = update;
      const done = byName.get(update.response.family)?.finalValueEvent?.(stream.kind);
      if (done === undefined || stream.deltas === 0 || stream.final === null || stream.final === stream.text) return;
      const at = firstDifference(stream.text, stream.final);
      report(
        'text-mismatch',
        `${stream.deltas === 1 ? '1 delta adds' : `${stream.deltas} deltas add`} up to ${stream.text.length} characters but ${done} has ${stream.final.length}; ` +
          `they differ at character ${at}: ${quote(stream.text.slice(at, at + 20))} vs ${quote(stream.final.slice(at, at + 20))}`,
        position,
      );
    },
  };
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}
