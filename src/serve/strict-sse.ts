import { concat } from '../core/bytes.js';
import { createLineSplitter } from '../core/lines.js';
import { createFramer, MAX_EVENT_BYTES, type Frame } from '../core/sse.js';

/** What `serve` learns about a capture's body before serving it. */
export interface BodyFraming {
  /** respcat reads at least one event in it: a `data:` event or JSON line that parses as JSON, a `[DONE]` marker. */
  readonly hasEvents: boolean;
  /**
   * Why a strict SSE client (the WHATWG algorithm, as the openai SDK implements it) would not read those
   * events as respcat does, or null when it would, event for event.
   */
  readonly notStrict: string | null;
}

const LF = 0x0a;
const COLON = 0x3a;
const SPACE = 0x20;
const DATA = new TextEncoder().encode('data');
const EVENT = new TextEncoder().encode('event');
const DONE = new TextEncoder().encode('[DONE]');
const BARE_DONE = new TextEncoder().encode('DONE');

/**
 * Reads a capture's body (after `skip` bytes of preamble) twice over at once: with respcat's framer and
 * with a strict SSE parser, comparing their events one by one. Stops at the first difference once an
 * event was seen, so memory stays near the largest event: a strict parser's event that grows past
 * respcat's is a difference already.
 */
export async function readBodyFraming(chunks: AsyncIterable<Uint8Array>, skip: number): Promise<BodyFraming> {
  /** respcat's events not yet matched by the strict parser's, as the bytes a strict client's `data` must hold. */
  const expected: Uint8Array[] = [];
  let hasEvents = false;
  const framer = createFramer((frame: Frame) => {
    if (frame.kind === 'payload') expected.push(frame.bytes);
    else if (frame.kind === 'done') expected.push(DONE);
    // Parsed only until one does: a file of lines that are no JSON (`{` alone, log text) holds no stream.
    if (!hasEvents && (frame.kind === 'done' || (frame.kind === 'payload' && parses(frame.bytes)))) hasEvents = true;
  });
  const strict = createStrictParser();
  let notStrict: string | null = null;
  const compare = (dispatched: readonly Uint8Array[]): void => {
    for (const data of dispatched) {
      const next = expected.shift();
      if (next === undefined || !(sameBytes(data, next) || (next === DONE && sameBytes(data, BARE_DONE)))) {
        notStrict ??= 'a strict SSE client would read its events differently';
        return;
      }
    }
    // Two of respcat's events while the strict parser has dispatched neither: it would join them into one.
    if (expected.length >= 2 || (expected.length === 1 && strict.pending > (expected[0] as Uint8Array).length + 1)) notStrict ??= strict.sawData ? 'its events are not separated by blank lines' : framer.stats.jsonArrayElements > 0 ? 'its events are a streamed JSON array, not SSE' : 'its events are JSON lines, not SSE';
    else if (strict.pending > MAX_EVENT_BYTES) notStrict ??= 'a strict SSE client would read one event over the event limit';
  };

  let skipped = 0;
  for await (const chunk of chunks) {
    framer.feed(chunk);
    let body = chunk;
    if (skipped < skip) {
      const take = Math.min(skip - skipped, chunk.length);
      skipped += take;
      body = chunk.subarray(take);
    }
    if (notStrict === null) compare(strict.feed(body));
    if (notStrict !== null && hasEvents) return { hasEvents, notStrict };
  }
  framer.end();
  if (notStrict === null) compare(strict.end());
  // An event respcat read that no blank line ended: a strict client drops it at the end of the body.
  if (notStrict === null && expected.length > 0) notStrict = strict.sawData ? 'its last event has no blank line after it' : 'its events are JSON lines, not SSE';
  return { hasEvents, notStrict };
}

/**
 * The event stream interpretation of the WHATWG HTML standard (section 9.2.6, "Parsing an event stream"), reduced to the `data` field:
 * a leading BOM is skipped; lines end at CRLF, LF or CR; `data` lines append their value (one leading
 * space dropped) and an LF; a blank line dispatches the data buffer (less its last LF) when it is not
 * empty, or, as the openai SDK does, when an `event` field came (an empty `data` it cannot parse).
 */
function createStrictParser() {
  let line: Uint8Array[] = [];
  let lineLength = 0;
  let data: Uint8Array[] = [];
  let pending = 0;
  // Line ends as the framer finds them (a CRLF split across chunks is one).
  const splitter = createLineSplitter();
  let sawData = false;
  let sawEvent = false;
  let atStart = true;

  const endLine = (out: Uint8Array[]): void => {
    const bytes = line.length === 1 ? (line[0] as Uint8Array) : concat(line, new Uint8Array(lineLength));
    line = [];
    lineLength = 0;
    if (bytes.length === 0) {
      if (pending > 0) out.push(concat(data, new Uint8Array(pending)).subarray(0, pending - 1));
      else if (sawEvent) out.push(new Uint8Array(0));
      data = [];
      pending = 0;
      sawEvent = false;
      return;
    }
    if (bytes[0] === COLON) return;
    const colon = bytes.indexOf(COLON);
    const name = colon === -1 ? bytes : bytes.subarray(0, colon);
    if (sameBytes(name, EVENT)) sawEvent = true;
    if (!sameBytes(name, DATA)) return;
    sawData = true;
    let value = colon === -1 ? bytes.subarray(bytes.length) : bytes.subarray(colon + 1);
    if (value[0] === SPACE) value = value.subarray(1);
    data.push(value, NEWLINE);
    pending += value.length + 1;
  };

  return {
    /** Bytes of the event being gathered (its data and their LFs). */
    get pending() {
      return pending + lineLength;
    },
    /** A `data` field was seen at all. */
    get sawData() {
      return sawData;
    },
    feed(input: Uint8Array): Uint8Array[] {
      const out: Uint8Array[] = [];
      let chunk = input;
      if (atStart && chunk.length > 0) {
        // A BOM split across chunks is not worth handling: a capture is not cut three bytes in.
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        atStart = false;
      }
      const from = splitter.split(chunk, {
        line(bytes, start, end) {
          if (end > start) {
            line.push(bytes.subarray(start, end));
            lineLength += end - start;
          }
          endLine(out);
        },
      });
      if (from < chunk.length) {
        // Copied: the chunk may be reused by its reader once this returns.
        line.push(chunk.slice(from));
        lineLength += chunk.length - from;
      }
      return out;
    },
    /** The end of the body: a line without a terminator still counts, an event no blank line ended does not. */
    end(): Uint8Array[] {
      const out: Uint8Array[] = [];
      if (lineLength > 0) {
        const last = concat(line, new Uint8Array(lineLength));
        line = [last];
        // Parsed for its field only; what it adds is never dispatched.
        endLine([]);
      }
      return out;
    },
  };
}

const NEWLINE = new Uint8Array([LF]);
const utf8 = new TextDecoder('utf-8');


function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(utf8.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
