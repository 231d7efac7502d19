import { firstNonWhitespace, latin1, utf8 } from './bytes.js';
import type { Position } from './diagnostics.js';
import type { Frame, FramingStats } from './frames.js';

/** Error bodies after a non-2xx status are kept up to this size; they are small JSON documents. */
export const MAX_ERROR_BODY = 1 << 20;

const HTTP_PREFIX = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

/** Whether bytes [start, end) are an HTTP status line (`HTTP/1.1 200 OK`, `HTTP/2 429`). */
export function isHttpStatusLine(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 10) return false;
  for (let i = 0; i < HTTP_PREFIX.length; i++) if (buf[start + i] !== HTTP_PREFIX[i]) return false;
  return /^HTTP\/[\d.]+\s+\d{3}/.test(latin1.decode(buf.subarray(start, Math.min(end, start + 32))));
}

/** Where the input is: before anything, in a `curl -i` preamble's headers, in the stream, or in an error body. */
export type PreambleMode = 'start' | 'headers' | 'body' | 'error-body';

/** The `curl -i` preamble of an input: its status line, headers, and the error body a non-2xx status brings. */
export interface Preamble {
  readonly mode: PreambleMode;
  /** A status line (at the start, or in the body: a further response): its headers follow. */
  status(line: Uint8Array, position: Position): void;
  /** A line while in the headers or an error body. */
  line(buf: Uint8Array, start: number, end: number, here: () => Position): void;
  /** The stream begins (the first line that is no status line). */
  enterBody(): void;
  /** The input ended: an error body (or a non-2xx status without one) becomes its frame; `at` is the input's end. */
  end(at: Position): void;
}

/** Creates the preamble reader of one input; frames go to `onFrame`, the status to `stats`. */
export function createPreamble(onFrame: (frame: Frame) => void, stats: FramingStats): Preamble {
  let httpStatus = 0;
  let errorBody: string[] = [];
  let errorBodyLength = 0;
  let errorBodyPosition: Position | null = null;
  // `mode` is a data property, not a getter: the framer reads it for every line (a getter was ~1 % of a replay).
  const preamble: Preamble & { mode: PreambleMode } = {
    mode: 'start',
    status(line, position) {
      const statusLine = latin1.decode(line).trim();
      const status = Number(/^HTTP\/[\d.]+\s+(\d{3})/.exec(statusLine)?.[1] ?? '0');
      httpStatus = status;
      stats.httpStatus = status;
      preamble.mode = 'headers';
      onFrame({ kind: 'http-status', status, statusLine: statusLine.slice(0, 200), position });
    },
    line(buf, start, end, here) {
      if (preamble.mode === 'headers') {
        if (firstNonWhitespace(buf, start, end) === -1) {
          // An interim 1xx response (100 Continue) is followed by the real status line.
          if (httpStatus >= 100 && httpStatus < 200) preamble.mode = 'start';
          else if (httpStatus >= 200 && httpStatus < 300) preamble.mode = 'body';
          else preamble.mode = 'error-body';
        }
        return;
      }
      if (errorBodyPosition === null) {
        if (firstNonWhitespace(buf, start, end) === -1) return;
        errorBodyPosition = here();
      }
      if (errorBodyLength < MAX_ERROR_BODY) {
        const text = utf8.decode(buf.subarray(start, Math.min(end, start + MAX_ERROR_BODY)));
        errorBody.push(text);
        errorBodyLength += text.length + 1;
      }
    },
    enterBody() {
      preamble.mode = 'body';
    },
    end(at) {
      if (preamble.mode !== 'error-body' && !(preamble.mode === 'headers' && httpStatus >= 300)) return;
      onFrame({ kind: 'http-error-body', status: httpStatus, body: errorBody.join('\n'), position: errorBodyPosition ?? at });
      errorBody = [];
    },
  };
  return preamble;
}
