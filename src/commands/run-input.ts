import type { Update } from '../core/builder.js';
import { createDiagnosticLog, type Diagnostic, type OmittedDiagnostics, type Position } from '../core/diagnostics.js';
import type { PositionedEvent, Processor } from '../core/processor.js';
import { createProcessor } from '../families/index.js';
import type { LatencyRecorder } from '../core/latency.js';
import type { Rule } from '../core/rules/index.js';
import { createImageOffload } from '../images/image-offload.js';
import { createImageProcessor, garbageOfImage, type ImageOutcome } from '../images/image-processor.js';
import type { ImageWriter } from '../images/image-writer.js';
import { createCollector } from '../input/memory.js';
import { InputError, nodeBytes, openSource, plainChunks, readChunks, readSmallFile, sourceName, type InputSource } from '../input/read-input.js';
import { pacedChunks, type TimingEntry } from '../input/timing.js';

/** How one input is read and what listens to it. */
export interface RunInputOptions {
  readonly source: InputSource;
  readonly onUpdate?: (update: Update) => void;
  readonly onEvent?: (event: PositionedEvent) => void;
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** Image handling; null skips images entirely (no decoding). */
  readonly images: {
    readonly writer: ImageWriter | null;
    readonly quick?: boolean;
    readonly onOutcome?: (outcome: ImageOutcome) => void;
    readonly onWriteError?: (error: unknown) => void;
    /** Decode, check and write images on a second thread (replay), where one can run. */
    readonly offload?: boolean;
    /** With `offload`: outcomes carry the image's bytes (previews). */
    readonly wantBytes?: boolean;
    /** With `offload`: base64 characters handled on this thread before the image thread starts. */
    readonly offloadAfter?: number;
  } | null;
  /**
   * Keep peak memory near what is live (memory.ts): full collections paced by the bytes read and images
   * decoded, and a young generation that does not grow with the input. For replay; check and inspect
   * inflate every image, and their memory is that work in flight, not garbage.
   */
  readonly boundMemory?: boolean;
  /**
   * Long image lines' base64 stays in its chunks' bytes (ByteString) and is decoded from them (replay: see the
   * processor's `byteStrings`, whose thresholds an object sets); only for listeners that take an image update's
   * `b64` and events' fields as such.
   */
  readonly byteStrings?: boolean | { readonly min?: number; readonly piecesMin?: number };
  /** The stream rules to run (every one by default). */
  readonly rules?: readonly Rule[];
  /** Called with each raw chunk before it is parsed (`--save`). */
  readonly onChunk?: (chunk: Uint8Array) => void | Promise<void>;
  /** Wraps the input's chunks before anything else sees them (`--speed`: re-chunked and paced as recorded). */
  readonly pace?: (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;
  /** Called after each chunk is parsed: paced output and live printing happen here, before the next read. */
  readonly afterChunk?: () => void | Promise<void>;
  /** Called once the input has ended and its text is out, before waiting for the last images. */
  readonly afterEnd?: () => void;
  /** Called before waiting for the next chunk (the spinner). */
  readonly beforeWait?: () => void;
  /**
   * Latency figures and timelines: the recorder hears every chunk, update, event and diagnostic. With the
   * sidecar's entries (and no `pace`), the input is cut into the recorded chunks (at once, not paced), so
   * each event is timed by the chunk that completed it.
   */
  readonly latency?: { readonly recorder: LatencyRecorder; readonly entries: readonly TimingEntry[] | null };
  /** Stop reading (closed stdout, Ctrl-C). */
  readonly signal?: AbortSignal;
  readonly onWarning?: (message: string) => void;
  /** A small file is read in one call (`check`: see readSmallFile). */
  readonly readAtOnce?: boolean;
  /** Each SSE comment line's text and where it is (`: respcat-ignore CODE`). */
  readonly onComment?: (text: string, position: Position) => void;
}

/** What reading one input produced. */
export interface RunInputResult {
  readonly name: string;
  readonly processor: Processor;
  /** Stream and image diagnostics together, in the order found: the first KEPT_PER_CODE of each code. */
  readonly diagnostics: readonly Diagnostic[];
  /** Per code, the diagnostics beyond those kept, counted. */
  readonly omitted: readonly OmittedDiagnostics[];
  readonly images: readonly Omit<ImageOutcome, 'bytes'>[];
  /** The input could not be read at all, or failed part way (exit 3). */
  readonly inputError: InputError | null;
  readonly stopped: boolean;
}

/** Reads one input through the whole pipeline: bytes → events → responses, images decoded and written on the side. */
export async function runInput(options: RunInputOptions): Promise<RunInputResult> {
  const name = sourceName(options.source);
  const diagnostics = createDiagnosticLog();
  const latency = options.latency?.recorder ?? null;
  const recorded = options.latency?.entries ?? null;
  const pace = options.pace ?? (recorded !== null ? (chunks: AsyncIterable<Uint8Array>) => pacedChunks(chunks, recorded, Infinity) : undefined);
  /** While the input's end is parsed: its findings, told to `options.onDiagnostic` once every image is reported (below). */
  let atEnd: Diagnostic[] | null = null;
  const onDiagnostic = (diagnostic: Diagnostic): void => {
    latency?.onDiagnostic(diagnostic);
    diagnostics.add(diagnostic);
    if (atEnd !== null) atEnd.push(diagnostic);
    else options.onDiagnostic?.(diagnostic);
  };
  const offload = options.images?.offload === true ? createImageOffload() : null;
  const images =
    options.images === null
      ? null
      : createImageProcessor({
          writer: options.images.writer,
          quick: options.images.quick ?? false,
          offload,
          wantBytes: options.images.wantBytes === true,
          ...(options.images.offloadAfter !== undefined ? { offloadAfter: options.images.offloadAfter } : {}),
          onDiagnostic,
          ...(options.images.onOutcome !== undefined ? { onOutcome: options.images.onOutcome } : {}),
          ...(options.images.onWriteError !== undefined ? { onWriteError: options.images.onWriteError } : {}),
        });
  const collector = options.boundMemory === true ? createCollector() : null;
  const processor = createProcessor({
    ...nodeBytes,
    // Chunks come from Node streams, a new buffer per read, and are never written to: safe to keep.
    deferResults: true,
    ...(options.byteStrings !== undefined ? { byteStrings: options.byteStrings } : {}),
    ...(options.rules !== undefined ? { rules: options.rules } : {}),
    onDiagnostic,
    onUpdate(update) {
      if (update.kind === 'image' && images !== null) {
        images.add(update.image, update.b64);
        collector?.add(garbageOfImage(update.b64));
      }
      latency?.onUpdate(update);
      options.onUpdate?.(update);
    },
    ...(options.onEvent !== undefined || latency !== null
      ? {
          onEvent(event: PositionedEvent) {
            latency?.onEvent(event.position, event.response);
            options.onEvent?.(event);
          },
        }
      : {}),
    ...(options.onComment !== undefined ? { onComment: options.onComment } : {}),
  });

  let inputError: InputError | null = null;
  let stopped = false;
  let stream: ReturnType<typeof openSource> | null = null;
  // A stream is destroyed at once when the signal aborts (it may be waiting for a read); a file read whole
  // only checks the signal between chunks, with no listener to add and remove per file (check of many files).
  const stop = (): void => {
    stopped = true;
    stream?.destroy();
  };
  const halted = (): boolean => (stopped ||= options.signal?.aborted === true);
  try {
    if (options.signal?.aborted === true) stopped = true;
    else {
      const whole = options.readAtOnce === true ? readSmallFile(options.source) : null;
      // A file read whole that is neither gzip nor needs a codec loaded: its chunks as they are, without readChunks.
      const plain = whole !== null && pace === undefined ? plainChunks(whole) : null;
      const input = whole ?? (stream = openSource(options.source));
      if (stream !== null) options.signal?.addEventListener('abort', stop, { once: true });
      options.beforeWait?.();
      let chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | null = plain;
      if (chunks === null) {
        const read = readChunks(input, name, options.onWarning);
        chunks = pace?.(read) ?? read;
      }
      for await (const chunk of chunks) {
        if (halted()) break;
        await options.onChunk?.(chunk);
        latency?.onChunk(chunk.length);
        processor.feed(chunk);
        collector?.add(chunk.length);
        await options.afterChunk?.();
        if (images !== null) await images.room();
        collector?.collectIfDue(processor.pendingBytes);
        if (halted()) break;
        options.beforeWait?.();
      }
    }
  } catch (error) {
    if (!stopped) {
      if (error instanceof InputError) inputError = error;
      else throw error;
    }
  } finally {
    if (stream !== null) options.signal?.removeEventListener('abort', stop);
    if (stopped) stream?.destroy();
  }
  // What arrived before a cut, a read error or Ctrl-C is still parsed and written (nothing lost). What the
  // end of the input finds (a cut-off stream's missing-terminal-event, a last line cut short) is told after
  // every image of the events read: the last images' `saved` lines come when their writes end, and would
  // otherwise fall among these findings at a place that changes from run to run.
  const ending: Diagnostic[] = (atEnd = []);
  processor.end();
  atEnd = null;
  await options.afterChunk?.();
  options.afterEnd?.();
  try {
    if (images !== null) await images.drain();
  } finally {
    offload?.close();
    for (const diagnostic of ending) options.onDiagnostic?.(diagnostic);
  }
  return { name, processor, diagnostics: diagnostics.kept, omitted: diagnostics.omitted, images: images?.outcomes ?? [], inputError, stopped };
}
