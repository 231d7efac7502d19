import { defineGetters } from './getters.js';
import { concat } from './bytes.js';
import { createDiagnostic, quote, type DiagnosticCode, type Position } from './diagnostics.js';
import type { EventStreamDecoder, Frame, FramingStats } from './frames.js';

/** Total length and headers length, then the prelude's CRC32 (the AWS event stream encoding). */
const PRELUDE_BYTES = 12;
/** The prelude and the message CRC: the shortest message, one with no headers and no payload. */
const MIN_MESSAGE_BYTES = 16;

/** Whether an input whose first byte is this may be a binary AWS event stream: the high byte of a first message's length (under 16 MiB). */
export function mayOpenEventStream(firstByte: number): boolean {
  return firstByte === 0x00;
}

/** Whether a prelude's lengths are a message's: room for the prelude, some headers and the message CRC. */
function isPlausiblePrelude(view: DataView): boolean {
  const length = view.getUint32(0);
  const headers = view.getUint32(4);
  return length >= MIN_MESSAGE_BYTES && headers > 0 && headers <= length - MIN_MESSAGE_BYTES;
}

/**
 * The binary framer's part of a framer, fed from an input's first byte on. Until its first 12 bytes are in it only
 * holds them: a prelude with impossible lengths is no event stream, and `feed` (or `end`) then hands back every
 * byte held for the text framings to read. Otherwise it returns null and the input is binary from then on.
 */
export interface EventStreamFramer {
  feed(chunk: Uint8Array): Uint8Array | null;
  end(): Uint8Array | null;
  readonly pendingBytes: number;
}

/**
 * Creates the framer of a binary AWS event stream (docs/spec.md §2): it cuts messages out of chunks split
 * anywhere, by the total length of each prelude, and hands each whole message to the host's codec. Each
 * message becomes the JSON payload `{"<:event-type>": <payload>}` (an exception `{"<:exception-type>": …}`), the
 * shape the AWS SDK gives and SDK logs save, at the byte offset of its first byte (line 0: there are no lines).
 * A message over `maxEventBytes` is skipped as it streams, never held; one that fails its CRC is reported and
 * skipped by its length, so the messages after it are still read.
 */
export function createEventStreamFramer(
  onFrame: (frame: Frame) => void,
  stats: FramingStats,
  decode: EventStreamDecoder | undefined,
  maxEventBytes: number,
): EventStreamFramer {
  // The first bytes, held until they show a prelude (null once they did).
  let sniffed: Uint8Array[] | null = [];
  let sniffedLength = 0;
  const prelude = new Uint8Array(PRELUDE_BYTES);
  let preludeLength = 0;
  // The message being collected: its total length (0: reading a prelude), and its pieces so far.
  let total = 0;
  let parts: Uint8Array[] = [];
  let partsLength = 0;
  // Bytes of an oversized message still to pass over.
  let skip = 0;
  // Where the current message starts; the rest of the input once its lengths made no sense (null: reading).
  let start = 0;
  let unframeable: Position | null = null;
  let noDecoder = false;

  const report = (code: DiagnosticCode, message: string, at: Position): void => onFrame({ kind: 'diagnostic', diagnostic: createDiagnostic(code, message, at) });
  const here = (): Position => ({ line: 0, byte: start });

  /** The prelude is read: collect the message it announces, pass over it, or stop where lengths are impossible. */
  function onPrelude(): void {
    const view = new DataView(prelude.buffer);
    const length = view.getUint32(0);
    const headers = view.getUint32(4);
    if (length < MIN_MESSAGE_BYTES || headers > length - MIN_MESSAGE_BYTES) {
      unframeable = here();
      report(
        'invalid-frame',
        `Expected an event stream message prelude, found total length ${length} and headers length ${headers}: the rest of the input is not read`,
        unframeable,
      );
      return;
    }
    if (length > maxEventBytes) {
      report('event-too-large', `An event stream message of ${length} bytes is over the ${maxEventBytes}-byte limit; skipped`, here());
      skip = length - PRELUDE_BYTES;
      preludeLength = 0;
      return;
    }
    total = length;
    parts = [prelude.slice()];
    partsLength = PRELUDE_BYTES;
  }

  function onMessage(bytes: Uint8Array): void {
    stats.eventStreamMessages++;
    const at = here();
    if (decode === undefined) {
      if (!noDecoder) report('invalid-frame', 'This reader has no event stream decoder: the binary messages are not read', at);
      noDecoder = true;
      return;
    }
    const message = decode(bytes);
    if (!message.ok) {
      report('invalid-frame', `The event stream message of ${bytes.length} bytes here is corrupt: ${message.problem}`, at);
      return;
    }
    const { headers, body } = message;
    const messageType = headers[':message-type'] ?? 'event';
    let key: string | undefined;
    let payload = body;
    if (messageType === 'event') key = headers[':event-type'];
    else if (messageType === 'exception') key = headers[':exception-type'];
    else if (messageType === 'error') {
      // A generic error has no payload: its code and message are headers.
      key = 'eventStreamError';
      payload = encoder.encode(JSON.stringify({ errorCode: headers[':error-code'] ?? null, errorMessage: headers[':error-message'] ?? null }));
    }
    if (key === undefined) {
      report('invalid-frame', `Expected an event stream message with an :event-type or :exception-type header, found :message-type ${quote(messageType)}`, at);
      return;
    }
    onFrame({ kind: 'payload', bytes: wrap(key, payload), position: at, eventName: key.slice(0, 256), unterminated: false });
  }

  function feed(chunk: Uint8Array): Uint8Array | null {
    if (sniffed !== null) {
      sniffed.push(chunk);
      sniffedLength += chunk.length;
      if (sniffedLength < PRELUDE_BYTES) return null;
      const head = concat(sniffed, new Uint8Array(sniffedLength));
      sniffed = null;
      if (!isPlausiblePrelude(new DataView(head.buffer, 0, PRELUDE_BYTES))) return head;
      stats.binary = true;
      read(head);
      return null;
    }
    read(chunk);
    return null;
  }

  function read(chunk: Uint8Array): void {
    const n = chunk.length;
    stats.bytes += n;
    let i = 0;
    while (i < n && unframeable === null) {
      if (skip > 0) {
        const take = Math.min(skip, n - i);
        skip -= take;
        i += take;
        if (skip === 0) start = stats.bytes - n + i;
        continue;
      }
      if (total === 0) {
        const take = Math.min(PRELUDE_BYTES - preludeLength, n - i);
        prelude.set(chunk.subarray(i, i + take), preludeLength);
        preludeLength += take;
        i += take;
        if (preludeLength === PRELUDE_BYTES) onPrelude();
        continue;
      }
      const take = Math.min(total - partsLength, n - i);
      parts.push(chunk.subarray(i, i + take));
      partsLength += take;
      i += take;
      if (partsLength < total) continue;
      const whole = concat(parts, new Uint8Array(total));
      parts = [];
      partsLength = 0;
      total = 0;
      preludeLength = 0;
      onMessage(whole);
      start = stats.bytes - n + i;
    }
  }

  function end(): Uint8Array | null {
    // Fewer than 12 bytes: no prelude, so no event stream.
    if (sniffed !== null) return concat(sniffed, new Uint8Array(sniffedLength));
    if (unframeable !== null) return null;
    const missing = skip > 0 ? skip : total > 0 ? total - partsLength : preludeLength > 0 ? PRELUDE_BYTES - preludeLength : 0;
    if (missing > 0) report('invalid-frame', `The input ends inside the event stream message that starts here, ${missing} bytes short of its end`, here());
    parts = [];
    return null;
  }

  return defineGetters({ feed, end }, { pendingBytes: () => partsLength });
}

const encoder = new TextEncoder();
const CLOSE = encoder.encode('}');
const EMPTY_OBJECT = encoder.encode('{}');

/** `{"key": payload}` as bytes; an empty payload is `{}`. */
function wrap(key: string, payload: Uint8Array): Uint8Array {
  const head = encoder.encode(`{${JSON.stringify(key)}:`);
  const body = payload.length === 0 ? EMPTY_OBJECT : payload;
  return concat([head, body, CLOSE], new Uint8Array(head.length + body.length + CLOSE.length));
}
