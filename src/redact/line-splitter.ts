/** One line of the input: its bytes without the terminator, the terminator (LF, CRLF, CR or none at the end), where it starts. */
export interface SplitLine {
  readonly bytes: Uint8Array;
  readonly terminator: '\n' | '\r\n' | '\r' | '';
  /** Offset of the line's first byte in the input. */
  readonly offset: number;
}

/**
 * Splits bytes into lines at LF, CRLF and lone CR (as respcat's framer does), wherever the chunks
 * break, holding only the line in progress. `push` and `end` return the lines they completed.
 */
export function createLineSplitter(): { push(chunk: Uint8Array): SplitLine[]; end(): SplitLine[] } {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let offset = 0;
  // A CR ended the last chunk: its line is done, but an LF at the start of the next chunk belongs to it.
  let crLine: Uint8Array | null = null;

  const take = (tail: Uint8Array): Uint8Array => {
    if (pending.length === 0) return tail;
    const out = Buffer.concat([...pending, tail]);
    pending = [];
    pendingLength = 0;
    return out;
  };
  const emit = (lines: SplitLine[], bytes: Uint8Array, terminator: SplitLine['terminator']): void => {
    lines.push({ bytes, terminator, offset });
    offset += bytes.length + terminator.length;
  };

  return {
    push(chunk) {
      const lines: SplitLine[] = [];
      let from = 0;
      if (crLine !== null) {
        const withLf = chunk[0] === 0x0a;
        emit(lines, crLine, withLf ? '\r\n' : '\r');
        crLine = null;
        if (withLf) from = 1;
      }
      for (let i = from; i < chunk.length; i++) {
        const c = chunk[i];
        if (c !== 0x0a && c !== 0x0d) continue;
        const bytes = take(chunk.subarray(from, i));
        if (c === 0x0d && i + 1 === chunk.length) {
          crLine = bytes;
          from = chunk.length;
          break;
        }
        if (c === 0x0d && chunk[i + 1] === 0x0a) {
          emit(lines, bytes, '\r\n');
          i++;
        } else emit(lines, bytes, c === 0x0a ? '\n' : '\r');
        from = i + 1;
      }
      if (from < chunk.length) {
        // A copy: the caller may reuse the chunk's memory.
        pending.push(Buffer.from(chunk.subarray(from)));
        pendingLength += chunk.length - from;
      }
      return lines;
    },
    end() {
      const lines: SplitLine[] = [];
      if (crLine !== null) emit(lines, crLine, '\r');
      crLine = null;
      if (pendingLength > 0) emit(lines, take(new Uint8Array(0)), '');
      return lines;
    },
  };
}
