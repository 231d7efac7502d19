import { createLineSplitter as createLineEnds } from '../core/lines.js';

/** One line of the input: its bytes without the terminator, the terminator (LF, CRLF, CR or none at the end), where it starts. */
export interface SplitLine {
  readonly bytes: Uint8Array;
  readonly terminator: '\n' | '\r\n' | '\r' | '';
  /** Offset of the line's first byte in the input. */
  readonly offset: number;
}

/**
 * Splits bytes into lines at LF, CRLF and lone CR with the framer's splitter, wherever the chunks
 * break, holding only the line in progress. `push` and `end` return the lines they completed.
 */
export function createLineSplitter(): { push(chunk: Uint8Array): SplitLine[]; end(): SplitLine[] } {
  const ends = createLineEnds();
  let pending: Uint8Array[] = [];
  let offset = 0;
  // A CR ended the last chunk: its line is done, but an LF at the start of the next chunk belongs to it.
  let crLine: Uint8Array | null = null;
  let lines: SplitLine[] = [];

  const take = (tail: Uint8Array): Uint8Array => {
    if (pending.length === 0) return tail;
    const out = Buffer.concat([...pending, tail]);
    pending = [];
    return out;
  };
  const emit = (bytes: Uint8Array, terminator: SplitLine['terminator']): void => {
    lines.push({ bytes, terminator, offset });
    offset += bytes.length + terminator.length;
  };
  const sink = {
    line(chunk: Uint8Array, start: number, end: number, next: number): void {
      const bytes = take(chunk.subarray(start, end));
      if (next - end === 2) emit(bytes, '\r\n');
      else if (chunk[end] === 0x0a) emit(bytes, '\n');
      // A CR that ends the chunk: CR or CRLF, the next chunk tells.
      else if (next === chunk.length) crLine = bytes;
      else emit(bytes, '\r');
    },
    crlfTail(): void {
      emit(crLine as Uint8Array, '\r\n');
      crLine = null;
    },
  };

  return {
    push(chunk) {
      lines = [];
      if (chunk.length === 0) return lines;
      if (crLine !== null && chunk[0] !== 0x0a) {
        emit(crLine, '\r');
        crLine = null;
      }
      const rest = ends.split(chunk, sink);
      // A copy: the caller may reuse the chunk's memory.
      if (rest < chunk.length) pending.push(Buffer.from(chunk.subarray(rest)));
      return lines;
    },
    end() {
      lines = [];
      if (crLine !== null) emit(crLine, '\r');
      crLine = null;
      if (pending.length > 0) emit(take(new Uint8Array(0)), '');
      return lines;
    },
  };
}
