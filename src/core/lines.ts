const LF = 0x0a;
const CR = 0x0d;

/** How many lines ended with each terminator. */
export interface LineEndings {
  lf: number;
  crlf: number;
  cr: number;
}

/** Where a splitter reports the line ends it finds in a chunk. */
export interface LineSink {
  /**
   * A line ends in `chunk`: its bytes in this chunk are [start, end) (more of it came in earlier chunks when the
   * one before ended mid-line), and its terminator is [end, next).
   */
  line(chunk: Uint8Array, start: number, end: number, next: number): void;
  /** `chunk` begins with the LF of a CRLF whose CR ended the chunk before: byte 0 ends a line already reported. */
  crlfTail?(chunk: Uint8Array): void;
}

/** Finds line ends in chunks, whatever their split: the one line splitter of the framer, the serve faults and redact. */
export interface LineSplitter {
  /** Reports every line end of `chunk` to `sink`, in order; returns where the chunk's unterminated rest begins (its length: none). */
  split(chunk: Uint8Array, sink: LineSink): number;
  /** The terminators counted so far (a CRLF split across chunks counts once, as a CRLF). */
  readonly endings: Readonly<LineEndings>;
}

/**
 * Creates a splitter for LF, CRLF and a lone CR (docs/spec.md §2). SSE: a CR that ends a chunk may be the first half
 * of a CRLF split across chunks, so its line ends there and an LF that starts the next chunk belongs to it.
 * `endings` is where the terminators are counted (a framer passes its stats).
 */
export function createLineSplitter(endings: LineEndings = { lf: 0, crlf: 0, cr: 0 }): LineSplitter {
  let afterCr = false;
  return {
    endings,
    split(chunk, sink) {
      const n = chunk.length;
      if (n === 0) return 0;
      let i = 0;
      if (afterCr) {
        afterCr = false;
        if (chunk[0] === LF) {
          i = 1;
          endings.cr--;
          endings.crlf++;
          sink.crlfTail?.(chunk);
        }
      }
      // Next LF / CR positions; -2 means "not searched yet", -1 "none left". Each is searched once per line
      // at most and never again once absent, so a chunk is scanned in linear time (indexOf is memchr).
      let nextLf = -2;
      let nextCr = -2;
      while (i < n) {
        if (nextLf !== -1 && nextLf < i) nextLf = chunk.indexOf(LF, i);
        if (nextCr !== -1 && nextCr < i) nextCr = chunk.indexOf(CR, i);
        if (nextLf === -1 && nextCr === -1) break;
        const end = nextLf === -1 ? nextCr : nextCr === -1 ? nextLf : Math.min(nextLf, nextCr);
        let terminatorLength = 1;
        if (end === nextCr) {
          if (end + 1 < n) {
            if (chunk[end + 1] === LF) {
              terminatorLength = 2;
              endings.crlf++;
            } else endings.cr++;
          } else {
            afterCr = true;
            endings.cr++;
          }
        } else endings.lf++;
        sink.line(chunk, i, end, end + terminatorLength);
        i = end + terminatorLength;
      }
      return i;
    },
  };
}
