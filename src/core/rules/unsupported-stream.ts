import { quote } from '../diagnostics.js';
import type { StreamFamily } from '../family.js';
import type { Rule } from './rule.js';

/**
 * `unsupported-stream`: the input's events belong to no family respcat reads (another provider's API), so
 * nothing in it was checked. Reported once, at the first such payload, with what the payloads look like.
 */
export function createUnsupportedStreamRule(families: readonly StreamFamily[]): Rule {
  const known = families.map((family) => family.label).join(', ');
  return {
    codes: ['unsupported-stream'],
    onEnd({ familyEvents, foreign }, report) {
      if (familyEvents > 0 || foreign === null) return;
      const found: string[] = [];
      const typed = foreign.count - foreign.untyped;
      if (typed > 0) {
        const types = [...foreign.types.map((type) => quote(type)), ...(foreign.moreTypes ? ['…'] : [])].join(', ');
        found.push(`${typed} event${typed === 1 ? '' : 's'} of type${foreign.types.length === 1 && !foreign.moreTypes ? '' : 's'} ${types}`);
      }
      if (foreign.untyped > 0) found.push(`${foreign.untyped} JSON object${foreign.untyped === 1 ? '' : 's'} without a "type"`);
      report('unsupported-stream', `Expected events of a stream family respcat reads (${known}), found ${found.join(' and ')}`, foreign.first);
    },
  };
}
