import type { ByteString, Text } from '../core/byte-string.js';
import { createDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import type { ImageRecord } from '../core/model.js';
import { isStrictBase64, type DecodedBase64 } from './base64.js';
import { decodeBase64Pieces } from './base64-pieces.js';
import { createImageNamer } from './file-names.js';
import type { ImageOffload } from './image-offload.js';
import { OutputError, type ImageWriter, type OpenImageFile } from './image-writer.js';
import { extensionFor, formatFromDeclared, sniffFormat } from './sniff.js';
import { validateImage, type ImageCheck } from './validate.js';

/** What became of one image of the stream. */
export interface ImageOutcome {
  readonly record: ImageRecord;
  readonly check: ImageCheck;
  readonly base64Valid: boolean;
  /** The file written, or null (images off, or the write failed). */
  readonly path: string | null;
  readonly extension: string;
  /** The decoded bytes, for previews; only kept while `onOutcome` runs (empty from the image thread unless `wantBytes`). */
  readonly bytes: Uint8Array;
}

/** Options for an image processor. */
export interface ImageProcessorOptions {
  /** Where files go; null to validate only (inspect, check, `--no-images`). */
  readonly writer: ImageWriter | null;
  /**
   * Check structure without inflating image data: every format's layout, PNG chunk CRCs and header
   * claims, but not the compressed pixels (replay's bounded check; `check` and `inspect` inflate too).
   */
  readonly quick?: boolean;
  readonly onOutcome?: (outcome: ImageOutcome) => void;
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** A write failed: the folder cannot be written (exit 3); later images are not written. */
  readonly onWriteError?: (error: unknown) => void;
  /**
   * Decode, check and write on the image thread (image-offload.ts) instead of this one: the same files,
   * outcomes and order. Null or absent: here.
   */
  readonly offload?: ImageOffload | null;
  /** With `offload`: outcomes carry the image's bytes (replay's previews); else their `bytes` are empty. */
  readonly wantBytes?: boolean;
  /** With `offload`: base64 characters handled here before the thread takes over (default OFFLOAD_AFTER). */
  readonly offloadAfter?: number;
}

/** Decodes, validates and writes images as the stream yields them, a few at once, off the parser's path. */
export interface ImageProcessor {
  /**
   * Queues one image (decoded now, in stream order); it starts once one of the IMAGE_CONCURRENCY slots is free.
   * A ByteString is decoded from its bytes here, on this thread; the text is not kept either way.
   */
  add(record: ImageRecord, b64: Text): void;
  /** Resolves once no image waits for a slot (backpressure for the reader: read on while the last few run). */
  room(): Promise<void>;
  /** Resolves when every image so far is done and reported. */
  drain(): Promise<void>;
  readonly outcomes: readonly Omit<ImageOutcome, 'bytes'>[];
}

/**
 * How many images are decoded, validated and written at once, at most: bounds memory to a few images'
 * bytes and open files to a few (each write holds one file open), whatever the number of images. Four is
 * libuv's default thread pool, where inflating and file writes run.
 */
export const IMAGE_CONCURRENCY = 4;
/** The same with an image thread: it handles one image at a time, so two keep it busy (one waiting in its queue). */
export const OFFLOAD_CONCURRENCY = 2;

/**
 * One image waiting for a slot: its bytes are decoded already, so the base64 text is not kept; or, for the
 * image thread, its base64 text (`decoded` null), which that thread decodes.
 */
interface QueuedImage {
  readonly record: ImageRecord;
  readonly decoded: DecodedBase64 | null;
  /** Dropped once sent to the image thread. */
  b64: string | null;
  readonly b64Length: number;
  /** Its file name, given when it was added (stream order); null when nothing is written. */
  readonly name: string | null;
}

/** An image's outcome and its findings, reported together. */
type HandledImage = ImageOutcome & { readonly diagnostics: readonly Diagnostic[] };

/** Creates an image processor for one input. */
export function createImageProcessor(options: ImageProcessorOptions): ImageProcessor {
  const nameFor = options.writer === null ? null : createImageNamer();
  const outcomes: Omit<ImageOutcome, 'bytes'>[] = [];
  let writer = options.writer;

  const offload = options.offload ?? null;
  const quick = options.quick === true;
  const wantBytes = options.wantBytes === true;
  const offloadAfter = options.offloadAfter ?? OFFLOAD_AFTER;
  let seen = 0;
  let offloading = false;
  const buffers = createDecodeBuffers();

  /** The image thread's path: the file is opened here, written there, closed and renamed here. */
  async function handleOffloaded(job: QueuedImage): Promise<HandledImage> {
    const target = writer;
    let file: OpenImageFile | null = null;
    let path: string | null = null;
    let failure: unknown = null;
    if (target !== null && job.name !== null) {
      try {
        file = await target.open(job.name);
      } catch (error) {
        failure = error;
      }
    }
    const sent = (offload as ImageOffload).run({ b64: job.b64 as string, quick, fd: file?.fd ?? null, wantBytes });
    job.b64 = null;
    const result = await sent;
    if (file !== null && target !== null) {
      try {
        if (result.writeError !== null) target.discard(file, Object.assign(new Error(result.writeError.message), { code: result.writeError.code ?? undefined }));
        path = await target.commit(file);
      } catch (error) {
        failure = error;
      }
    }
    if (failure !== null && writer === target) {
      writer = null;
      options.onWriteError?.(failure instanceof OutputError ? failure : new OutputError(file?.path ?? '', String(failure)));
    }
    const { record, b64Length } = job;
    const diagnostics = imageDiagnostics(record, result.check, result.base64Valid, b64Length);
    return { record, check: result.check, base64Valid: result.base64Valid, path, extension: result.extension, bytes: result.bytes ?? EMPTY, diagnostics };
  }

  // Takes the decoded bytes, not the base64: an async function keeps its arguments until it returns, and
  // the text (a third larger) would stay alive while the image is checked and written.
  async function handle(job: QueuedImage): Promise<HandledImage> {
    if (job.decoded === null) return handleOffloaded(job);
    const { record, decoded, b64Length, name } = job;
    const { bytes, valid: base64Valid } = decoded;
    const check = await validateImage(bytes, { inflate: !quick });
    const extension = extensionFor(sniffFormat(bytes));
    const diagnostics = imageDiagnostics(record, check, base64Valid, b64Length);
    let path: string | null = null;
    const target = writer;
    if (target !== null && name !== null) {
      try {
        path = await target.write(name, bytes);
      } catch (error) {
        // Writes run concurrently: the first failure is reported and stops later images; the others in
        // flight at that moment end quietly (a bounded check finishes at once, so several may be).
        if (writer === target) {
          writer = null;
          options.onWriteError?.(error);
        }
      }
    }
    return { record, check, base64Valid, path, extension, bytes, diagnostics };
  }

  // A FIFO with a moving head: shift() on thousands of queued images would be quadratic.
  let queue: (QueuedImage | undefined)[] = [];
  let head = 0;
  let running = 0;
  // Images start in stream order and are reported in it (output is deterministic); a slot is freed only
  // once its image is reported, so images done early never pile up behind a slow one.
  let reported: Promise<void> = Promise.resolve();
  // One promise each for "queue empty" and "all done", made only while someone waits: O(1) per image.
  let roomWaiter: { promise: Promise<void>; resolve: () => void } | null = null;
  let idleWaiter: { promise: Promise<void>; resolve: () => void } | null = null;

  // An image's findings are reported with it, in stream order, whichever thread checked it.
  const report = ({ diagnostics, ...outcome }: HandledImage): void => {
    for (const diagnostic of diagnostics) options.onDiagnostic?.(diagnostic);
    const { bytes: _bytes, ...kept } = outcome;
    outcomes.push(kept);
    options.onOutcome?.(outcome);
    // Its bytes were lent to onOutcome only while it ran: the next image may be decoded into them.
    buffers.giveBack(outcome.bytes);
  };
  const release = (): void => {
    running--;
    pump();
  };
  function pump(): void {
    while (running < (offloading ? OFFLOAD_CONCURRENCY : IMAGE_CONCURRENCY) && head < queue.length) {
      const job = queue[head] as QueuedImage;
      queue[head++] = undefined;
      running++;
      const work = handle(job);
      // The chain subscribes to `work` only in its turn; until then a failure must not count as unhandled.
      work.catch(() => {});
      reported = reported.then(() => work).then(report).finally(release);
    }
    if (head === queue.length && head > 0) {
      queue = [];
      head = 0;
    }
    if (queue.length === 0) {
      roomWaiter?.resolve();
      roomWaiter = null;
      if (running === 0) {
        idleWaiter?.resolve();
        idleWaiter = null;
      }
    }
  }

  return {
    add(record, b64) {
      // The thread starts only once the capture has shown enough images to be worth its start-up.
      if (offload !== null && typeof b64 === 'string' && b64.length <= OFFLOAD_MAX && (offloading || (seen += b64.length) > offloadAfter)) {
        offloading = true;
        // Named here, in stream order, from the first bytes alone; the image thread decodes the rest.
        const name = nameFor?.(record, extensionFor(sniffFormat(leadingBytes(b64)))) ?? null;
        queue.push({ record, decoded: null, b64, b64Length: b64.length, name });
        return pump();
      }
      const decoded = buffers.decode(b64);
      // Named here, in stream order: names given as checks finish would depend on which finished first.
      const name = nameFor?.(record, extensionFor(sniffFormat(decoded.bytes))) ?? null;
      queue.push({ record, decoded, b64: null, b64Length: b64.length, name });
      pump();
    },
    room() {
      if (queue.length === 0) return Promise.resolve();
      roomWaiter ??= deferred();
      return roomWaiter.promise;
    },
    async drain() {
      if (queue.length > 0 || running > 0) {
        idleWaiter ??= deferred();
        await idleWaiter.promise;
      }
      // Rethrows a failure of the pipeline itself (not of an image: those are outcomes).
      await reported;
    },
    outcomes,
  };
}

const EMPTY = new Uint8Array(0);
/**
 * Base64 longer than this is handled on this thread even with an image thread: sending text to a thread copies
 * it, and a huge image (one line of hundreds of MB) must not be held twice.
 */
export const OFFLOAD_MAX = 8 << 20;
/** Base64 handled on this thread before the image thread is started: a few images (about 4 MB) are quicker here. */
export const OFFLOAD_AFTER = 4 << 20;
/** Base64 digits that decode to the 12 bytes every format's magic lies in. */
const SNIFF_DIGITS = 16;
const PLAIN_DIGITS = /^[A-Za-z0-9+/]*$/;

/**
 * The first bytes of what `b64` decodes to, for sniffing its format: when its first 16 characters are
 * plain base64 digits, they decode to the same 12 bytes as the whole text does; any other text is decoded
 * whole (the lenient decoder skips what is not a digit, so only then do its first bytes come from further on).
 */
export function leadingBytes(b64: string): Uint8Array {
  const head = b64.slice(0, SNIFF_DIGITS);
  if (head.length === SNIFF_DIGITS && PLAIN_DIGITS.test(head)) return Buffer.from(head, 'base64');
  return decodeImageBase64(b64).bytes;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/**
 * `decodeBase64`, with the same verdict found without a pass of JavaScript over the text in the usual case.
 * Node's decoder turns exactly the characters A–Z a–z 0–9 + / - _ into six bits each and skips any other,
 * so when the text is ASCII, has no - or _, '=' only as its padding, and decodes to every byte its length
 * promises, each character was a standard base64 digit: that is strict base64. Anything else (or any doubt)
 * gets the exact check. About a fifth of the regular expression's time on a 1.3 MB image, and no copy.
 */
export function decodeImageBase64(b64: string, into?: (size: number) => Buffer): DecodedBase64 {
  let bytes: Buffer;
  if (into === undefined) bytes = Buffer.from(b64, 'base64');
  else {
    // Node's decoder writes at most one byte per 6 bits of the text's characters, whatever they are.
    const buffer = into(Math.floor((b64.length * 3) / 4));
    bytes = buffer.subarray(0, buffer.write(b64, 'base64'));
  }
  return { bytes, valid: isPlainStrictBase64(b64, bytes.length) || isStrictBase64(b64) };
}

/** Base64 shorter than this is decoded into a buffer of its own (Node's allocator serves small ones quickly). */
const REUSED_MIN = 256 << 10;
/** Buffers kept for reuse: the images in flight (IMAGE_CONCURRENCY) and a few queued behind them. */
const REUSED_KEPT = 8;

/**
 * The memory decoding an image leaves as garbage, for replay's collector (input/memory.ts): its base64 text
 * once decoded, unless it stayed in the chunks' bytes (a ByteString: the chunks were counted as read), and the
 * bytes it decodes to once written, unless decoded into a reused buffer (a large image, createDecodeBuffers).
 */
export function garbageOfImage(b64: Text): number {
  const text = typeof b64 === 'string' ? b64.length : 0;
  return text + (b64.length >= REUSED_MIN ? 0 : b64.length);
}

/**
 * Decodes images into buffers that are reused once their image is reported. A new buffer for every large
 * image is memory the system hands out afresh, page by page: on the benchmark machine, 40 images of 1 MB
 * took 5–70 ms to decode into new buffers against ~2.5 ms into reused ones (docs/benchmarks.md).
 */
function createDecodeBuffers(): { decode(b64: Text): DecodedBase64; giveBack(bytes: Uint8Array): void } {
  const free: Buffer[] = [];
  /** The buffers lent out, by their memory (what an outcome's bytes are a view of). */
  const lent = new Map<ArrayBufferLike, Buffer>();
  /** A free buffer of at least `size` bytes (the smallest such), or a new one. */
  const take = (size: number): Buffer => {
    let at = -1;
    for (let k = 0; k < free.length; k++) if ((free[k] as Buffer).length >= size && (at === -1 || (free[k] as Buffer).length < (free[at] as Buffer).length)) at = k;
    return at === -1 ? Buffer.allocUnsafeSlow(size) : (free.splice(at, 1)[0] as Buffer);
  };
  return {
    decode(b64) {
      // One buffer per large image: a ByteString that is not strict base64 is decoded again from its text, into the same one.
      let taken: Buffer | null = null;
      const into = b64.length < REUSED_MIN ? undefined : (size: number): Buffer => (taken = taken !== null && taken.length >= size ? taken : take(size));
      const decoded = typeof b64 === 'string' ? decodeImageBase64(b64, into) : decodeImageBytes(b64, into);
      if (taken !== null) lent.set((taken as Buffer).buffer, taken);
      return decoded;
    },
    giveBack(bytes) {
      const buffer = lent.get(bytes.buffer);
      if (buffer === undefined) return;
      lent.delete(bytes.buffer);
      if (free.length >= REUSED_KEPT) free.shift();
      free.push(buffer);
    },
  };
}

/** {@link decodeImageBase64} of the text a ByteString holds: from its pieces when strict base64, else from its text; `into` as there. */
export function decodeImageBytes(b64: ByteString, into?: (size: number) => Buffer): DecodedBase64 {
  return decodeBase64Pieces(b64, into) ?? decodeImageBase64(b64.toString(), into);
}

function isPlainStrictBase64(b64: string, decodedLength: number): boolean {
  const length = b64.length;
  // Non-ASCII characters take more than one UTF-8 byte; the decoder must not be trusted with them.
  if (Buffer.byteLength(b64, 'utf8') !== length) return false;
  if (b64.includes('-') || b64.includes('_')) return false;
  const pad = b64.indexOf('=');
  let digits = length;
  if (pad !== -1) {
    if (length % 4 !== 0 || pad < length - 2 || (pad === length - 2 && b64.charCodeAt(length - 1) !== 0x3d)) return false;
    digits = pad;
  } else if (length % 4 === 1) return false;
  return decodedLength === Math.floor((digits * 3) / 4);
}

/** Describes an image for messages: "partial 0 of ig_123" or "final image of ig_123". */
export function describeImage(record: ImageRecord): string {
  return record.kind === 'partial' ? `partial ${record.index ?? 0} of ${record.itemId}` : `final image of ${record.itemId}`;
}

/** The image rules of docs/spec.md §5 for one image: `invalid-image`, `image-format-mismatch`, `image-size-mismatch`. */
export function imageDiagnostics(record: ImageRecord, check: ImageCheck, base64Valid: boolean, b64Length: number): Diagnostic[] {
  const found: Diagnostic[] = [];
  const what = describeImage(record);
  if (b64Length === 0) {
    found.push(createDiagnostic('invalid-image', `The ${what} is empty`, record.position));
    return found;
  }
  if (!base64Valid) {
    found.push(createDiagnostic('invalid-image', `The ${what} is not valid base64 (${b64Length} characters); its decodable bytes were kept`, record.position));
  } else if (!check.valid) {
    found.push(createDiagnostic('invalid-image', `The ${what} is not a whole, valid image: ${check.problem ?? 'unknown problem'}`, record.position));
  }
  const declared = formatFromDeclared(record.declaredFormat);
  if (declared !== null && check.format !== null && declared !== check.format) {
    found.push(createDiagnostic('image-format-mismatch', `The ${what} is ${check.format.toUpperCase()} but output_format says ${record.declaredFormat}`, record.position));
  }
  const size = /^(\d+)x(\d+)$/.exec(record.declaredSize ?? '');
  if (size !== null && check.width !== null && check.height !== null) {
    const [w, h] = [Number(size[1]), Number(size[2])];
    if (w !== check.width || h !== check.height) {
      found.push(
        createDiagnostic('image-size-mismatch', `The ${what} is ${check.width}×${check.height} but size says ${record.declaredSize}`, record.position),
      );
    }
  }
  return found;
}
