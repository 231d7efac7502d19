import { quote } from '../diagnostics.js';
import { TEXT_STREAMS } from '../events.js';
import type { Rule } from './rule.js';

/**
 * `text-mismatch`: the deltas of a text-like stream do not add up to its `.done` value (needs one delta at least).
 * Only the Responses API sends `.done` values: chat streams have nothing to compare with and are never checked.
 */
export function createTextMismatchRule(): Rule {
  return {
    codes: ['text-mismatch'],
    onUpdate(update, report) {
      if (update.kind !== 'stream-done' || update.response.family !== 'responses') return;
      const { stream, position } = update;
      if (stream.deltas === 0 || stream.final === null || stream.final === stream.text) return;
      const at = firstDifference(stream.text, stream.final);
      const done = TEXT_STREAMS[stream.kind].done.replace(/^response\./, '');
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
