import { isAscii, isUtf8, transcode } from 'node:buffer';
import { close, closeSync, open, openSync, read, readSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describeFsError } from './fs-errors.js';
import { readPreamble } from './http-preamble.js';
import { lazyZlib } from './lazy-builtins.js';
import { mayOpenEventStream } from '../core/event-stream.js';
import type { EventStreamMessage } from '../core/frames.js';

/** Where one input comes from: a named file, or a stream (stdin) with the name to show for it. */
export type InputSource = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stream'; readonly stream: Readable; readonly name: string };

/** An input that cannot be read (missing file, permission, a directory): exit 3. */
export class InputError extends Error {
  constructor(
    readonly inputName: string,
    message: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Why an input could not be read, as said after its name: the reason alone when nothing was read, else how far it got. */
export function describeReadFailure(error: InputError, bytesRead: number): string {
  return bytesRead === 0 ? error.message : `read failed after ${bytesRead} bytes: ${error.message}`;
}

/** File reads use ~1 MiB chunks: fewer, larger chunks keep per-chunk overhead low on multi-hundred-MB captures. */
export const FILE_CHUNK_SIZE = 1 << 20;

/**
 * Turns bytes that are all printable ASCII into a string, for the parser's long strings (base64):
 * Node's latin1 decoding copies large ones straight into an external string, several times faster
 * than TextDecoder (the two agree on ASCII).
 */
export function decodeAscii(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Node's byte primitives for the parser (`createProcessor({...nodeBytes})`): lines split across chunks
 * are joined into Buffers, whose `indexOf` is memchr (an order of magnitude faster on megabyte lines
 * than Uint8Array's), long ASCII strings are decoded by {@link decodeAscii}, and small payloads are sliced
 * from the text of a window of their chunk ({@link asciiText}); binary AWS event streams are read with the
 * AWS SDK's codec (src/input/event-stream-codec.ts, loaded when an input may be one).
 */
export const nodeBytes = {
  allocate: (length: number): Uint8Array => Buffer.allocUnsafe(length),
  decodeAscii,
  asciiText,
  utf8Text: { valid: utf8Valid, slice: utf8Slice },
  decodeEventStream,
} as const;

/**
 * The AWS codec, imported by {@link readChunks} before it hands on a first byte that may open a binary event
 * stream: the codec's package loads node:crypto and node:zlib, ~10 ms of start-up that text captures never need.
 */
let codec: typeof import('./event-stream-codec.js') | null = null;

async function loadCodecFor(firstByte: number | undefined): Promise<void> {
  if (codec === null && firstByte !== undefined && mayOpenEventStream(firstByte)) await loadEventStreamCodec();
}

/** Loads the codec {@link nodeBytes} decodes event streams with, for bytes that do not come through readChunks. */
export async function loadEventStreamCodec(): Promise<void> {
  codec ??= await import('./event-stream-codec.js');
}

function decodeEventStream(bytes: Uint8Array): EventStreamMessage {
  // The framer reads messages only from an input whose first byte readChunks saw; never null then.
  return codec === null ? { ok: false, problem: 'the event stream codec is not loaded (bytes not read by readChunks)' } : codec.decodeEventStreamMessage(bytes);
}

/** Whether bytes[start, end) are valid UTF-8 (checked with SIMD; the same verdict as a strict TextDecoder). */
export function utf8Valid(bytes: Uint8Array, start: number, end: number): boolean {
  return isUtf8(bytes.subarray(start, end));
}

/**
 * From this many bytes on, {@link utf8Slice} converts with ICU's transcoder to UTF-16 and copies that into
 * the string: on 1.4 MB of mixed text (a long answer's `.done` events) 6.3 ms against V8's UTF-8 decoding's
 * 13.1 ms; on 8 KiB 3.3–3.6 µs against 8.7–22.8 µs (mostly ASCII, mostly not). They meet near 1 KiB; on a
 * small payload (150 bytes) V8's is twice as fast.
 */
export const TRANSCODE_MIN = 4 * 1024;

/** The text of bytes[start, end), which are valid UTF-8 (no BOM is dropped). */
export function utf8Slice(bytes: Uint8Array, start: number, end: number): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Valid UTF-8 has one UTF-16 form, so the transcoder (which would replace invalid bytes) gives the same text.
  if (end - start >= TRANSCODE_MIN && typeof transcode === 'function') {
    const utf16 = transcode(buffer.subarray(start, end), 'utf8', 'utf16le');
    return utf16.toString('utf16le');
  }
  return buffer.toString('utf8', start, end);
}

/** The text of bytes[start, end) if every byte is ASCII (checked with SIMD), else null. */
export function asciiText(bytes: Uint8Array, start: number, end: number): string | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
  return isAscii(view) ? view.toString('latin1') : null;
}

/** The name to show for a source in messages. */
export function sourceName(source: InputSource): string {
  return source.kind === 'file' ? source.path : source.name;
}

/** Opens a source as a readable byte stream (the caller may destroy it to stop early). */
export function openSource(source: InputSource): Readable {
  if (source.kind === 'stream') return source.stream;
  const size = regularFileSize(source.path);
  return fileStream(source.path, size !== null && size > 0 ? Math.min(size, FILE_CHUNK_SIZE) : FILE_CHUNK_SIZE);
}

/**
 * A file as a stream of chunks of `chunkSize` bytes, each a buffer of its own. fs.createReadStream does the
 * same, but loading it loads node:fs/promises and node:readline, ~6 ms of start-up (issue 23).
 */
function fileStream(path: string, chunkSize: number): Readable {
  let fd: number | null = null;
  return new Readable({
    highWaterMark: chunkSize,
    construct(callback) {
      open(path, 'r', (error, opened) => {
        if (error !== null) return callback(error);
        fd = opened;
        callback();
      });
    },
    read() {
      const buffer = Buffer.allocUnsafeSlow(chunkSize);
      read(fd as number, buffer, 0, chunkSize, null, (error, bytes) => {
        if (error !== null) return this.destroy(error);
        // A short last read is copied out, so a few bytes do not keep a whole buffer alive.
        this.push(bytes === 0 ? null : bytes === chunkSize ? buffer : bytes > chunkSize / 4 ? buffer.subarray(0, bytes) : Buffer.from(buffer.subarray(0, bytes)));
      });
    },
    destroy(error, callback) {
      if (fd === null) return callback(error);
      const opened = fd;
      fd = null;
      close(opened, () => callback(error));
    },
  });
}

/**
 * A regular file no larger than one read buffer, read in one call: the same bytes and memory as one chunk,
 * without the thread-pool round trips of open, stat, read, read and close, or a stream's machinery, which
 * are most of the time of checking a small capture (`check`; a replay keeps the stream's pauses, in which
 * it notices a closed stdout before printing more). Null for anything else (larger, a pipe, an error to
 * report): {@link openSource} streams it and says why, with the file's name.
 */
export function readSmallFile(source: InputSource): readonly Uint8Array[] | null {
  if (source.kind === 'stream') return null;
  // Looked at before it is opened: opening a named pipe would let its writer start, and closing it again
  // could cost the writer its first write. Then read to the size the stat gave, as readFileSync would,
  // without the second stat it makes.
  const size = regularFileSize(source.path);
  if (size === null || size > FILE_CHUNK_SIZE) return null;
  let fd: number;
  try {
    fd = openSync(source.path, 'r');
  } catch {
    return null;
  }
  try {
    const bytes = Buffer.allocUnsafe(size);
    let length = 0;
    while (length < bytes.length) {
      const got = readSync(fd, bytes, length, bytes.length - length, length);
      if (got === 0) break;
      length += got;
    }
    return length === 0 ? [] : [length === bytes.length ? bytes : bytes.subarray(0, length)];
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function regularFileSize(path: string): number | null {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

/**
 * The chunks of a file read whole ({@link readSmallFile}) when readChunks would hand them on unchanged: not gzip,
 * no `curl -i` preamble before a gzip body, and no event stream codec to load first. Null otherwise, for
 * readChunks to take them. Checking many small files then costs no async generator per file.
 */
export function plainChunks(whole: readonly Uint8Array[]): readonly Uint8Array[] | null {
  if (whole.length === 0) return whole;
  const head = whole[0] as Uint8Array;
  if (whole.length > 1 || head.length < 2) return null;
  if (head[0] === 0x1f && head[1] === 0x8b) return null;
  const preamble = readPreamble(head, true);
  if (preamble !== null && preamble !== 'partial' && preamble.gzipBody) return null;
  if (codec === null && mayOpenEventStream(head[0] as number)) return null;
  return whole;
}

/**
 * Reads a source as byte chunks, inflating gzip (magic 1f 8b, at the start or after a `curl -i` preamble) on the fly. Read failures become
 * `InputError`; a corrupt or cut-off gzip ends the input early and is reported through `onWarning`.
 */
export async function* readChunks(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, name: string, onWarning: (message: string) => void = () => {}): AsyncGenerator<Uint8Array> {
  const iterator = Symbol.asyncIterator in stream ? (stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>) : stream[Symbol.iterator]();
  let head: Uint8Array = new Uint8Array(0);
  // Gather at least two bytes (stdin may deliver one at a time) to look for the gzip magic.
  while (head.length < 2) {
    const next = await nextChunk(iterator, name);
    if (next === null) {
      if (head.length > 0) yield head;
      return;
    }
    head = head.length === 0 ? next : Buffer.concat([head, next]);
  }
  // A recording's `curl -i` preamble may be followed by a gzip body (content-encoding: gzip, kept as sent).
  let preamble = readPreamble(head);
  while (preamble === 'partial') {
    const next = await nextChunk(iterator, name);
    head = next === null ? head : Buffer.concat([head, next]);
    preamble = readPreamble(head, next === null);
  }
  const rest = (async function* () {
    for (;;) {
      const next = await nextChunk(iterator, name);
      if (next === null) return;
      yield next;
    }
  })();
  if (preamble?.gzipBody === true) {
    yield head.subarray(0, preamble.length);
    head = head.subarray(preamble.length);
  } else if (head[0] !== 0x1f || head[1] !== 0x8b) {
    await loadCodecFor(head[0]);
    yield head;
    yield* rest;
    return;
  }
  const gunzip = lazyZlib().createGunzip();
  const first = head;
  const pump = (async () => {
    try {
      if (!gunzip.write(first)) await waitDrain(gunzip);
      for await (const chunk of rest) if (!gunzip.write(chunk)) await waitDrain(gunzip);
      gunzip.end();
    } catch (error) {
      gunzip.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  try {
    let first = preamble === null;
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) {
      if (first && chunk.length > 0) {
        first = false;
        await loadCodecFor(chunk[0]);
      }
      yield chunk;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    onWarning(`${name}: gzip data is cut off or corrupt (${error instanceof Error ? error.message : String(error)}); read what came before it`);
  }
  await pump.catch(() => {});
}

function waitDrain(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.once('drain', resolve));
}

async function nextChunk(iterator: AsyncIterator<Uint8Array> | Iterator<Uint8Array>, name: string): Promise<Uint8Array | null> {
  try {
    const next = await iterator.next();
    if (next.done === true) return null;
    return typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
  } catch (error) {
    throw new InputError(name, describeFsError(error, 'read'));
  }
}

