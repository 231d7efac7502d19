/**
 * Escapes text for HTML content and double-quoted attribute values: `& < > " '` become references, and
 * C0/C1 controls (bar tab and newline) and lone surrogates become U+FFFD, so nothing from a capture is markup.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A piece of HTML already escaped (so helpers never escape twice). */
export interface Html {
  readonly html: string;
}

/** Marks a string as HTML made here (never capture text). */
export function raw(html: string): Html {
  return { html };
}

/** Text or HTML pieces joined, text escaped. */
export function join(parts: readonly (string | Html | null | undefined | false)[]): string {
  return parts.map((part) => (part === null || part === undefined || part === false ? '' : typeof part === 'string' ? escapeHtml(part) : part.html)).join('');
}

/** `<tag attrs>children</tag>`; attribute values and text children are escaped. */
export function el(tag: string, attrs: Readonly<Record<string, string | number | null | undefined>>, ...children: (string | Html | null | undefined | false)[]): Html {
  const attributes = Object.entries(attrs)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join('');
  return raw(VOID.has(tag) ? `<${tag}${attributes}>` : `<${tag}${attributes}>${join(children)}</${tag}>`);
}

const VOID = new Set(['br', 'img', 'meta', 'hr']);

/** An id made from a number, for anchors (never from capture text). */
export function anchor(prefix: string, n: number): string {
  return `${prefix}-${n}`;
}
