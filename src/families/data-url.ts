/**
 * Images that servers send as data URLs (`data:image/png;base64,…`) rather than as bare base64: OpenRouter's
 * `delta.images`, code interpreter `outputs` of type `image`. Only a base64 data URL of an image is one; other
 * URLs (an `https://` link, a data URL of text) are not image bytes respcat can check.
 */
export interface DataUrlImage {
  /** The format the media type names (`png` for `image/png`), as a declared format; null when it names none. */
  readonly declaredFormat: string | null;
  /** The base64 text after the comma. */
  readonly b64: string;
}

// RFC 2397: data:[<mediatype>][;base64],<data>; media type parameters (`;charset=…`) may come before `;base64`.
const DATA_URL = /^data:image\/([A-Za-z0-9.+-]+)((?:;[^;,]*)*?);base64,/i;

/** Reads a base64 image data URL, or null when the value is no such URL. */
export function decodeDataUrlImage(url: unknown): DataUrlImage | null {
  if (typeof url !== 'string') return null;
  // Only the head is matched: the payload may be megabytes long.
  const match = DATA_URL.exec(url.slice(0, 200));
  if (match === null) return null;
  const subtype = (match[1] as string).toLowerCase();
  return { declaredFormat: subtype === 'jpg' ? 'jpeg' : subtype, b64: url.slice(match[0].length) };
}
