import { ByteString } from '../byte-string.js';
import { findSecrets, jsonMayHoldSecret, SECRET_LABELS, type SecretKind } from '../secrets.js';
import type { Rule } from './rule.js';

const KINDS = Object.keys(SECRET_LABELS) as SecretKind[];

/**
 * `secret-in-capture`: an API key, access key id, bearer token or JWT in any string of an event (keys
 * included), one finding per kind and event. The message names the kind, never the value.
 */
export function createSecretRule(): Rule {
  return {
    codes: ['secret-in-capture'],
    onEvent({ json, position, text }, report) {
      if (text !== null && !jsonMayHoldSecret(text)) return;
      const found = new Map<SecretKind, number>();
      // An explicit stack: a hostile capture may nest deeper than the call stack goes.
      const stack: unknown[] = [json];
      while (stack.length > 0) {
        const value = stack.pop();
        if (typeof value === 'string' || value instanceof ByteString) {
          for (const match of findSecrets(value.toString())) found.set(match.kind, (found.get(match.kind) ?? 0) + 1);
        } else if (Array.isArray(value)) {
          for (const item of value) if (item !== null && typeof item !== 'number' && typeof item !== 'boolean') stack.push(item);
        } else if (value !== null && typeof value === 'object') {
          for (const key of Object.keys(value)) {
            stack.push(key);
            // A value still deferred (lazy-json: a family's deferredKeys, a Responses image `result`) is a repeated
            // image no one has read: reading it here would decode what replay skips; in check and inspect,
            // output-mismatch (which runs first) has read it.
            if (Object.getOwnPropertyDescriptor(value, key)?.get !== undefined) continue;
            const item = (value as Record<string, unknown>)[key];
            if (item !== null && typeof item !== 'number' && typeof item !== 'boolean') stack.push(item);
          }
        }
      }
      // In a fixed order of kinds, so the report does not depend on where in the event each sat.
      for (const kind of KINDS) {
        const count = found.get(kind);
        if (count === undefined) continue;
        const what = count === 1 ? SECRET_LABELS[kind] : `${count} × ${SECRET_LABELS[kind].replace(/^an? /, '')}`;
        report('secret-in-capture', `Found ${what} in this event (kind ${kind}); respcat redact replaces it with a marker`, position);
      }
    },
  };
}
