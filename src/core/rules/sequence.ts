import type { Rule } from './rule.js';

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
      if (typeof sequence !== 'number' || response === null || response.family !== 'responses') return;
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
