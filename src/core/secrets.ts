/**
 * The secret shapes respcat looks for in captures (`check`'s `secret-in-capture`, `respcat redact`):
 * API keys, access key ids, bearer tokens and JWTs, wherever they sit in the text. Pure: strings in,
 * matches out.
 */

/** What kind of secret a match is; reports name the kind, never the value. */
export type SecretKind =
  | 'openai-api-key'
  | 'openai-project-key'
  | 'anthropic-api-key'
  | 'google-api-key'
  | 'aws-access-key-id'
  | 'bearer-token'
  | 'jwt';

/** One secret found in a text: where its value starts and ends (what `redact` replaces), and its kind. */
export interface SecretMatch {
  readonly kind: SecretKind;
  /** Offset of the secret value in the text (after `Bearer ` for a bearer token). */
  readonly start: number;
  readonly end: number;
}

/** How each kind is spelled in a message. */
export const SECRET_LABELS: Readonly<Record<SecretKind, string>> = {
  'openai-api-key': 'an OpenAI API key (sk-…)',
  'openai-project-key': 'an OpenAI project key (sk-proj-…)',
  'anthropic-api-key': 'an Anthropic API key (sk-ant-…)',
  'google-api-key': 'a Google API key (AIza…)',
  'aws-access-key-id': 'an AWS access key id (AKIA…)',
  'bearer-token': 'a bearer token',
  jwt: 'a JSON Web Token (eyJ…)',
};

/**
 * The fixed marker each kind is replaced by: it keeps the shape's prefix, so code that looks at the
 * prefix still sees the same kind, and is too short to match any pattern again (redact is idempotent).
 */
export const SECRET_MARKERS: Readonly<Record<SecretKind, string>> = {
  'openai-api-key': 'sk-REDACTED',
  'openai-project-key': 'sk-proj-REDACTED',
  'anthropic-api-key': 'sk-ant-REDACTED',
  'google-api-key': 'AIzaREDACTED',
  'aws-access-key-id': 'AKIAREDACTED',
  'bearer-token': 'REDACTED',
  jwt: 'eyJREDACTED',
};

// Key characters; a secret must not be glued to more of them on either side (a base64 image that
// happens to hold "AKIA" is not a key). Alternatives are tried in order: the longer prefixes first.
const KEY = 'A-Za-z0-9_-';
const SECRET_PATTERN = new RegExp(
  [
    `(?<![${KEY}])sk-ant-[${KEY}]{20,}`,
    `(?<![${KEY}])sk-proj-[${KEY}]{20,}`,
    `(?<![${KEY}])sk-[${KEY}]{20,}`,
    `(?<![${KEY}])AIza[${KEY}]{35}(?![${KEY}])`,
    `(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])`,
    `(?<![${KEY}])eyJ[${KEY}]{8,}\\.eyJ[${KEY}]{8,}\\.[${KEY}]+`,
    // RFC 6750 token68 characters; 16 or more so that prose ("bearer of bad news") never matches.
    `(?<![A-Za-z0-9])[Bb]earer[ \\t]+[A-Za-z0-9._~+/-]{16,}=*`,
  ].join('|'),
  'g',
);

/** A cheap test that `text` might hold a secret: most strings (and every image's base64) fail it at once. */
const MAYBE = /sk-|AIza|A[KSBC][IC]A|eyJ|earer/;

/**
 * Whether any string of the JSON `json` may hold a secret once decoded. The shapes' prefixes are letters and
 * `-`, which JSON escapes only as `\uXXXX`: without one of those, a decoded string holds a prefix only where
 * the text does. A cheap test of the whole payload, so most events are never walked string by string.
 */
export function jsonMayHoldSecret(json: string): boolean {
  return MAYBE.test(json) || json.includes('\\u');
}

/** Every secret in `text`, in order, not overlapping. */
export function findSecrets(text: string): SecretMatch[] {
  if (!MAYBE.test(text)) return [];
  const matches: SecretMatch[] = [];
  SECRET_PATTERN.lastIndex = 0;
  for (let m = SECRET_PATTERN.exec(text); m !== null; m = SECRET_PATTERN.exec(text)) {
    const value = m[0];
    const start = m.index;
    if (/^[Bb]earer/.test(value)) {
      // The marker replaces the token only: `Authorization: Bearer REDACTED` stays a bearer header.
      const token = (/^[Bb]earer[ \t]+/.exec(value)?.[0] ?? '').length;
      matches.push({ kind: 'bearer-token', start: start + token, end: start + value.length });
    } else {
      matches.push({ kind: kindOf(value), start, end: start + value.length });
    }
  }
  return matches;
}

/** True when `text` holds at least one secret. */
export function hasSecret(text: string): boolean {
  return findSecrets(text).length > 0;
}

/** `text` with every secret replaced by its kind's marker, and what was replaced. */
export function redactSecrets(text: string): { readonly text: string; readonly matches: readonly SecretMatch[] } {
  const matches = findSecrets(text);
  if (matches.length === 0) return { text, matches };
  let out = '';
  let at = 0;
  for (const match of matches) {
    out += text.slice(at, match.start) + SECRET_MARKERS[match.kind];
    at = match.end;
  }
  return { text: out + text.slice(at), matches };
}

function kindOf(value: string): SecretKind {
  if (value.startsWith('sk-ant-')) return 'anthropic-api-key';
  if (value.startsWith('sk-proj-')) return 'openai-project-key';
  if (value.startsWith('sk-')) return 'openai-api-key';
  if (value.startsWith('AIza')) return 'google-api-key';
  if (value.startsWith('eyJ')) return 'jwt';
  return 'aws-access-key-id';
}

/**
 * Header names whose values are credentials: `respcat record` writes them as `[redacted]`, and
 * `respcat redact` replaces them in `curl -i` headers and in JSON members of the same name.
 */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'cookie',
  'set-cookie',
]);

/** Headers `redact` replaces too: they name the account, and a capture to commit should not. */
export const ACCOUNT_HEADERS: ReadonlySet<string> = new Set(['openai-organization', 'openai-project']);

/** Query-string parameters whose values are credentials (Gemini's `?key=`, Azure's `api-key=`, …). */
export const CREDENTIAL_QUERY_KEYS: ReadonlySet<string> = new Set([
  'key',
  'api-key',
  'api_key',
  'apikey',
  'x-api-key',
  'access_token',
  'token',
  'auth',
  'sig',
  'signature',
]);

/** What a credential value is written as. */
export const REDACTED = '[redacted]';
