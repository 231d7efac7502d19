/**
 * The `curl -i` framing of a capture that `respcat record` writes and every command reads: an HTTP
 * status line and headers, a blank line, then the body as it came (gzip stays gzip).
 */

/** A preamble found at the start of a capture. */
export interface HttpPreamble {
  readonly status: number;
  /** Header lines as written, in order (names as sent; values trimmed). */
  readonly headers: readonly (readonly [string, string])[];
  /** Bytes of the preamble, blank line included: where the body starts. */
  readonly length: number;
  /** The body starts with the gzip magic (1f 8b). */
  readonly gzipBody: boolean;
}

/** A preamble longer than this is not one (no server sends 64 KiB of headers): the bytes are read as they are. */
export const MAX_PREAMBLE = 64 * 1024;

const STATUS_LINE = /^HTTP\/[\d.]+[ \t]+(\d{3})/;

/** True when `bytes` begins like a status line (`HTTP/`), so reading on to the blank line is worth it. */
export function startsLikeStatusLine(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && bytes[0] === 0x48 && bytes[1] === 0x54 && bytes[2] === 0x54 && bytes[3] === 0x50 && bytes[4] === 0x2f;
}

/**
 * Reads the preamble at the start of `bytes`: null when `bytes` does not start with a status line, or
 * `'partial'` when it does but its blank line (and two body bytes, to see gzip) have not arrived yet.
 * `final`: no more bytes will come, so a preamble that ends the input is taken as it is.
 */
export function readPreamble(bytes: Uint8Array, final = false): HttpPreamble | 'partial' | null {
  if (!startsLikeStatusLine(bytes)) return bytes.length < 5 && !final && isPrefixOfHttp(bytes) ? 'partial' : null;
  const limit = Math.min(bytes.length, MAX_PREAMBLE);
  let lineStart = 0;
  const lines: string[] = [];
  for (let i = 0; i < limit; i++) {
    const c = bytes[i];
    if (c !== 0x0a && c !== 0x0d) continue;
    // A CR at the end of what has arrived may be the first half of a CRLF.
    if (c === 0x0d && i + 1 >= bytes.length && !final) return 'partial';
    const end = i;
    if (c === 0x0d && bytes[i + 1] === 0x0a) i++;
    const line = latin1(bytes.subarray(lineStart, end));
    lineStart = i + 1;
    if (line !== '') {
      lines.push(line);
      continue;
    }
    if (lines.length === 0) return null;
    // Two body bytes tell gzip apart; a body shorter than that is no gzip.
    if (bytes.length < lineStart + 2 && !final) return 'partial';
    return describe(lines, lineStart, bytes[lineStart] === 0x1f && bytes[lineStart + 1] === 0x8b);
  }
  if (bytes.length >= MAX_PREAMBLE) return null;
  return final ? null : 'partial';
}

function describe(lines: readonly string[], length: number, gzipBody: boolean): HttpPreamble | null {
  const status = STATUS_LINE.exec(lines[0] as string);
  if (status === null) return null;
  const headers = lines.slice(1).flatMap((line): [string, string][] => {
    const colon = line.indexOf(':');
    return colon <= 0 ? [] : [[line.slice(0, colon).trim(), line.slice(colon + 1).trim()]];
  });
  return { status: Number(status[1]), headers, length, gzipBody };
}

function isPrefixOfHttp(bytes: Uint8Array): boolean {
  const http = [0x48, 0x54, 0x54, 0x50, 0x2f];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== http[i]) return false;
  return true;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}
