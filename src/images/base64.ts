/** Decoded base64: the bytes, and whether the text was strict standard base64. */
export interface DecodedBase64 {
  readonly bytes: Buffer;
  readonly valid: boolean;
}

// One linear pass over the alphabet; padding only at the end. No whitespace: the API sends none.
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when `b64` is standard base64 (A–Z a–z 0–9 + /, no whitespace) with correct '=' padding or none at all. */
export function isStrictBase64(b64: string): boolean {
  if (!STRICT_BASE64.test(b64)) return false;
  const padded = b64.endsWith('=');
  // Padded text comes in whole quads; unpadded text may stop after 2 or 3 characters of a quad, never 1.
  return padded ? b64.length % 4 === 0 : b64.length % 4 !== 1;
}

/** Decodes `b64` leniently (Node's decoder skips what it cannot read) and says whether it was strict base64. */
export function decodeBase64(b64: string): DecodedBase64 {
  return { bytes: Buffer.from(b64, 'base64'), valid: isStrictBase64(b64) };
}
