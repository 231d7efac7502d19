// A cheap fingerprint of long strings, for comparing two multi-MB image results without keeping either.

/** Characters of a long string hashed per piece: their UTF-8 always fits the scratch buffer. */
const DIGEST_PIECE = 16384;
const digestEncoder = new TextEncoder();
const digestScratch = new Uint8Array(DIGEST_PIECE * 3);
const digestWords = new Uint32Array(digestScratch.buffer);

/**
 * A 32-bit FNV-1a digest: a cheap stand-in for keeping multi-MB `result` strings around. Short strings are
 * hashed by UTF-16 code unit; long ones as UTF-8, a 4-byte word at a time (six times faster on base64).
 */
export function digest(value: string): number {
  let hash = 0x811c9dc5;
  if (value.length < 1024) {
    for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
    return hash >>> 0;
  }
  for (let at = 0; at < value.length; at += DIGEST_PIECE) {
    const { written } = digestEncoder.encodeInto(value.slice(at, at + DIGEST_PIECE), digestScratch);
    const words = written >>> 2;
    for (let w = 0; w < words; w++) hash = Math.imul(hash ^ (digestWords[w] as number), 0x01000193);
    for (let i = words * 4; i < written; i++) hash = Math.imul(hash ^ (digestScratch[i] as number), 0x01000193);
  }
  return hash >>> 0;
}
