import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { readFile, stat } from './fs-async.js';

/** One line of a timing sidecar: a chunk of `n` bytes that was read `t` ms after the first byte (docs/spec.md §9). */
export interface TimingEntry {
  readonly t: number;
  readonly n: number;
}

/** A sidecar that was found and checked, or why it cannot be used. */
export type LoadedTiming = { readonly ok: true; readonly entries: readonly TimingEntry[] } | { readonly ok: false; readonly problem: string };

/** The sidecar path of a capture: `FILE.timing`. */
export function timingPath(capturePath: string): string {
  return `${capturePath}.timing`;
}

/** Writes a capture and its sidecar as the chunks come, so whatever arrived before a stop is on disk. */
export interface CaptureRecorder {
  /** Appends one chunk to the capture and its line to the sidecar; never throws (the first failure is kept and reported once). */
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes and closes both files; resolves with the first write failure, or null. */
  close(): Promise<Error | null>;
  /** Bytes written to the capture so far. */
  readonly bytes: number;
}

/**
 * Creates `path` and `path.timing` (truncating them) and returns a recorder; rejects with the
 * system error when either cannot be created. `onError` hears the first failed write.
 */
export async function createCaptureRecorder(path: string, options: { onError?: (error: Error) => void; now?: () => number } = {}): Promise<CaptureRecorder> {
  const now = options.now ?? (() => performance.now());
  const capture = await openWritable(path);
  let sidecar: WriteStream;
  try {
    sidecar = await openWritable(timingPath(path));
  } catch (error) {
    capture.destroy();
    throw error;
  }
  let failure: Error | null = null;
  const fail = (error: Error): void => {
    if (failure !== null) return;
    failure = error;
    options.onError?.(error);
  };
  // A failed write also emits 'error'; without a listener that would crash the process.
  capture.on('error', fail);
  sidecar.on('error', fail);
  let first: number | null = null;
  let bytes = 0;
  return {
    async write(chunk) {
      if (failure !== null || chunk.length === 0) return;
      const at = now();
      first ??= at;
      const line = `${JSON.stringify({ t: Math.round(at - first), n: chunk.length })}\n`;
      bytes += chunk.length;
      // Waiting for both writes to reach the OS keeps memory flat and means a Ctrl-C (or a kill)
      // right after this chunk was parsed still finds it in the file.
      await Promise.all([writeAndWait(capture, chunk), writeAndWait(sidecar, line)]).catch((error: unknown) => fail(asError(error)));
    },
    async close() {
      await Promise.all([endAndWait(capture), endAndWait(sidecar)]).catch((error: unknown) => fail(asError(error)));
      return failure;
    },
    get bytes() {
      return bytes;
    },
  };
}

/**
 * Reads and checks the sidecar beside a capture: null when there is none; otherwise its entries, or
 * why they are unusable (a malformed line, or chunk sizes that do not add up to the capture's size).
 */
export async function loadTiming(capturePath: string): Promise<LoadedTiming | null> {
  const path = timingPath(capturePath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { ok: false, problem: `cannot read ${path}: ${asError(error).message}` };
  }
  const parsed = parseTiming(text);
  if (!parsed.ok) return { ok: false, problem: `${path}: ${parsed.problem}` };
  let size: number;
  try {
    size = (await stat(capturePath)).size;
  } catch {
    // The capture itself is unreadable: reading it reports that, with the usual message and exit code.
    return parsed;
  }
  const total = parsed.entries.reduce((sum, entry) => sum + entry.n, 0);
  if (total !== size) return { ok: false, problem: `${path}: its chunk sizes add up to ${total} bytes, but ${capturePath} has ${size}` };
  return parsed;
}

/** Parses sidecar text (JSON lines `{"t": ms, "n": bytes}`; blank lines ignored) into entries, or says which line is wrong. */
export function parseTiming(text: string): LoadedTiming {
  const entries: TimingEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = null;
    }
    const { t, n } = (value !== null && typeof value === 'object' ? value : {}) as { t?: unknown; n?: unknown };
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      return { ok: false, problem: `line ${i + 1}: expected {"t": ms ≥ 0, "n": bytes}, found ${JSON.stringify(line.slice(0, 40))}` };
    }
    entries.push({ t, n });
  }
  return { ok: true, entries };
}

/**
 * Re-chunks a byte stream to the recorded chunk sizes and yields chunk i at `t_i / speed` ms after
 * the start, so a reader sees the original boundaries and pauses. Bytes beyond the sidecar follow at
 * once; an abort ends the stream early.
 */
export async function* pacedChunks(chunks: AsyncIterable<Uint8Array>, entries: readonly TimingEntry[], speed: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const start = performance.now();
  const queue = createByteQueue();
  let next = 0;
  for await (const chunk of chunks) {
    queue.push(chunk);
    for (let entry = entries[next]; entry !== undefined && queue.length >= entry.n; entry = entries[next]) {
      next++;
      if (entry.n === 0) continue;
      const piece = queue.take(entry.n);
      // Deadlines are absolute, so time spent parsing and printing does not add up into drift.
      await sleepUntil(start + entry.t / speed, signal);
      if (signal?.aborted === true) return;
      yield piece;
    }
  }
  if (queue.length > 0 && signal?.aborted !== true) yield queue.take(queue.length);
}

/** Resolves after `ms` milliseconds, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Resolves at the `performance.now()` time `deadline`, or at once when `signal` aborts. */
export function sleepUntil(deadline: number, signal?: AbortSignal): Promise<void> {
  const wait = deadline - performance.now();
  // setTimeout cannot wait less than a millisecond; a shorter wait is not worth a trip round the event loop.
  return wait >= 1 ? sleep(wait, signal) : Promise.resolve();
}

/** A FIFO of byte chunks from which exact lengths are taken, copying only when a piece spans chunks. */
function createByteQueue() {
  const chunks: Uint8Array[] = [];
  let head = 0;
  let length = 0;
  return {
    get length() {
      return length;
    },
    push(chunk: Uint8Array) {
      if (chunk.length === 0) return;
      chunks.push(chunk);
      length += chunk.length;
    },
    take(n: number): Uint8Array {
      const first = chunks[0] as Uint8Array;
      if (first.length - head >= n) {
        const piece = first.subarray(head, head + n);
        head += n;
        if (head === first.length) {
          chunks.shift();
          head = 0;
        }
        length -= n;
        return piece;
      }
      const out = new Uint8Array(n);
      let at = 0;
      while (at < n) {
        const chunk = chunks[0] as Uint8Array;
        const count = Math.min(n - at, chunk.length - head);
        out.set(chunk.subarray(head, head + count), at);
        at += count;
        head += count;
        if (head === chunk.length) {
          chunks.shift();
          head = 0;
        }
      }
      length -= n;
      return out;
    },
  };
}

async function openWritable(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  // 'ready' or 'error', whichever comes first: open failures (no folder, permission) surface here.
  await once(stream, 'ready');
  return stream;
}

function writeAndWait(stream: WriteStream, data: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

function endAndWait(stream: WriteStream): Promise<void> {
  if (stream.destroyed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
