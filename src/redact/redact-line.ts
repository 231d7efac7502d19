import { ACCOUNT_HEADERS, CREDENTIAL_HEADERS, REDACTED, redactSecrets, type SecretKind } from '../core/secrets.js';
import { shrinkImagesInLine, type ImageShrink } from './shrink-images.js';

/** One thing `redact` replaced: a secret shape, or the value of a credential header or JSON member. */
export interface Redaction {
  readonly line: number;
  /** A secret kind, or `header <name>` (lower-cased) for a header or JSON member of that name. */
  readonly kind: SecretKind | `header ${string}`;
}

/** What rewriting one line did. */
export interface LineResult {
  /** The line, rewritten (the same string when nothing changed). */
  readonly text: string;
  readonly redactions: readonly Redaction[];
  readonly images: readonly ImageShrink[];
}

/** Rewrites a capture line by line; it keeps the little state a `curl -i` header block needs. */
export interface LineRedactor {
  /** `text` is one line without its terminator, as latin1 (one character per byte, so any bytes survive). */
  line(text: string, line: number): LineResult;
}

const STATUS_LINE = /^HTTP\/[\d.]+[ \t]+\d{3}/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)([ \t]*:[ \t]*)(.*)$/;
const SENSITIVE = new Set([...CREDENTIAL_HEADERS, ...ACCOUNT_HEADERS]);
// A JSON member named like a credential header (a logged request's `"headers": {…}`), string value.
const MEMBER = new RegExp(`"(${[...SENSITIVE].join('|')})"([ \\t]*:[ \\t]*)"((?:[^"\\\\]|\\\\.)*)"`, 'gi');
const MEMBER_HINT = new RegExp([...SENSITIVE].join('|'), 'i');

/** Creates a redactor; `shrinkImages` also replaces every image by a small flat one of its format and size. */
export function createLineRedactor(options: { readonly shrinkImages: boolean }): LineRedactor {
  let inHeaders = false;
  return {
    line(text, line) {
      const redactions: Redaction[] = [];
      let images: readonly ImageShrink[] = [];
      let out = text;
      if (options.shrinkImages) {
        const shrunk = shrinkImagesInLine(out, line);
        out = shrunk.text;
        images = shrunk.images;
      }
      if (STATUS_LINE.test(out)) inHeaders = true;
      else if (out === '' || out === '\r') inHeaders = false;
      else if (inHeaders) {
        const header = HEADER_LINE.exec(out);
        const name = header?.[1]?.toLowerCase();
        if (header !== null && name !== undefined && SENSITIVE.has(name) && (header[3] ?? '').trim() !== REDACTED) {
          out = `${header[1] as string}${header[2] as string}${REDACTED}`;
          redactions.push({ line, kind: `header ${name}` });
        }
      }
      if (MEMBER_HINT.test(out)) {
        out = out.replace(MEMBER, (whole, name: string, colon: string, value: string) => {
          if (value === REDACTED) return whole;
          redactions.push({ line, kind: `header ${name.toLowerCase()}` });
          return `"${name}"${colon}"${REDACTED}"`;
        });
      }
      const secrets = redactSecrets(out);
      for (const match of secrets.matches) redactions.push({ line, kind: match.kind });
      return { text: secrets.text, redactions, images };
    },
  };
}
