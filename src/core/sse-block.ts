import { defineGetters } from './getters.js';
import { joinWithLf, utf8 } from './bytes.js';
import { createDiagnostic, type Position } from './diagnostics.js';
import type { Frame, FramingStats } from './frames.js';
import { isDone, looksWhole } from './sse-fields.js';

/** What the block assembler needs of its framer. */
export interface BlockOptions {
  readonly allocate: (length: number) => Uint8Array;
  /** The framer reuses its join buffer: a data value kept past its line must be copied. */
  readonly reuse: boolean;
  readonly maxEventBytes: number;
}

/**
 * Assembles SSE event records (docs/spec.md §2): the `data:` lines of one block, joined with LF, become one
 * payload at the blank line that ends the block — or sooner, once the joined value is a whole JSON value,
 * so a cut-off line cannot swallow the next event. `event:` names the block's payload.
 */
export interface BlockAssembler {
  /** A `data:` value [start, end) of `buf`; `lineLength` is the whole line's (a stand-in may be shorter). */
  data(buf: Uint8Array, start: number, end: number, unterminated: boolean, lineLength: number, here: () => Position): void;
  /** An `event:` value [start, end) of `buf`. */
  event(buf: Uint8Array, start: number, end: number): void;
  /** The block ends (a blank line): its data becomes a payload, its name is forgotten. */
  endBlock(): void;
  /** Whatever data is pending becomes a payload now (another kind of line came, or the input ended). */
  flush(unterminated: boolean): void;
  /** Reports an event over the size limit, skipped. */
  tooLarge(found: string, position: Position): void;
  /** The `event:` name of the block being read, if any. */
  readonly eventName: string | null;
}

/** Creates the assembler of one input; payloads and diagnostics go to `onFrame`, counts to `stats`. */
export function createBlockAssembler(onFrame: (frame: Frame) => void, stats: FramingStats, options: BlockOptions): BlockAssembler {
  const { allocate, reuse, maxEventBytes } = options;
  // The block being read: its data lines and where its first data line was.
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let pendingPosition: Position | null = null;
  // The block grew past maxEventBytes: reported, and its further lines dropped until it ends.
  let pendingTooLarge = false;
  let eventName: string | null = null;
  // The last `event:` value decoded, as bytes: names repeat, so most lines reuse the string.
  let eventNameBytes: Uint8Array | null = null;
  let eventNameText = '';

  function flush(unterminated: boolean): void {
    if (pendingPosition === null) return;
    if (!pendingTooLarge) {
      const bytes = pending.length === 1 ? (pending[0] as Uint8Array) : joinWithLf(pending, allocate);
      onFrame({ kind: 'payload', bytes, position: pendingPosition, eventName, unterminated });
    }
    pending = [];
    pendingLength = 0;
    pendingPosition = null;
    pendingTooLarge = false;
  }

  function tooLarge(found: string, position: Position): void {
    const message = `Expected an event of at most ${maxEventBytes} bytes, found ${found}; skipped`;
    onFrame({ kind: 'diagnostic', diagnostic: createDiagnostic('event-too-large', message, position) });
  }

  function data(buf: Uint8Array, start: number, end: number, unterminated: boolean, lineLength: number, here: () => Position): void {
    stats.dataLines++;
    if (end - start <= 8 && isDone(buf.subarray(start, end))) {
      flush(false);
      stats.done++;
      onFrame({ kind: 'done', position: here() });
      eventName = null;
      return;
    }
    if (lineLength > maxEventBytes) {
      flush(false);
      tooLarge(`a line of ${lineLength} bytes`, here());
      return;
    }
    // A data: line that is a whole JSON value on its own is an event of its own (docs/spec.md §2), even with
    // no blank line after it; this also keeps one cut-off line from swallowing the next event.
    if (looksWhole(buf, start, end, buf, start, end)) {
      flush(false);
      stats.dataEventsWithoutBlank++;
      onFrame({ kind: 'payload', bytes: buf.subarray(start, end), position: here(), eventName, unterminated });
      return;
    }
    if (pendingPosition === null) pendingPosition = here();
    if (pendingTooLarge) return;
    // Kept past this line: a copy when it may sit in the reused join buffer.
    const value = reuse ? new Uint8Array(buf.subarray(start, end)) : buf.subarray(start, end);
    pending.push(value);
    pendingLength += value.length + 1;
    if (pendingLength - 1 > maxEventBytes) {
      pendingTooLarge = true;
      pending = [];
      tooLarge(`a data: block of more than ${maxEventBytes} bytes`, pendingPosition);
      return;
    }
    // SSE joins multi-line data with LF; once the joined value is whole, it is an event.
    if (pending.length > 1) {
      const head = pending[0] as Uint8Array;
      if (looksWhole(head, 0, head.length, value, 0, value.length)) {
        stats.dataEventsWithoutBlank++;
        flush(unterminated);
      }
    }
  }

  function event(buf: Uint8Array, start: number, end: number): void {
    const length = end - start;
    const last = eventNameBytes;
    if (last !== null && last.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (last[i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) {
        eventName = eventNameText;
        return;
      }
    }
    // A copy (not a view: a Node buffer's slice is one), so the name keeps no chunk alive and survives reuse.
    eventNameBytes = new Uint8Array(buf.subarray(start, end));
    eventNameText = utf8.decode(eventNameBytes);
    eventName = eventNameText;
  }

  const methods: Omit<BlockAssembler, 'eventName'> = {
    data,
    event,
    endBlock() {
      flush(false);
      eventName = null;
    },
    flush,
    tooLarge,
  };
  return defineGetters(methods, { eventName: () => eventName });
}
