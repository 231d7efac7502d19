import { createDiagnostic, type Diagnostic } from '../core/diagnostics.js';
import type { ImageRecord } from '../core/model.js';
import { decodeBase64 } from './base64.js';
import { createNameAllocator } from './file-names.js';
import type { ImageWriter } from './image-writer.js';
import { extensionFor, formatFromDeclared, readDimensions, sniffFormat } from './sniff.js';
import { validateImage, type ImageCheck } from './validate.js';

/** What became of one image of the stream. */
export interface ImageOutcome {
  readonly record: ImageRecord;
  readonly check: ImageCheck;
  readonly base64Valid: boolean;
  /** The file written, or null (images off, or the write failed). */
  readonly path: string | null;
  readonly extension: string;
  /** The decoded bytes, for previews; only kept while `onOutcome` runs. */
  readonly bytes: Uint8Array;
}

/** Options for an image processor. */
export interface ImageProcessorOptions {
  /** Where files go; null to validate only (inspect, check, `--no-images`). */
  readonly writer: ImageWriter | null;
  /** Skip full validation (format and header only). */
  readonly quick?: boolean;
  readonly onOutcome?: (outcome: ImageOutcome) => void;
  readonly onDiagnostic?: (diagnostic: Diagnostic) => void;
  /** A write failed: the folder cannot be written (exit 3); later images are not written. */
  readonly onWriteError?: (error: unknown) => void;
}

/** Decodes, validates and writes images as the stream yields them, several at once, off the parser's path. */
export interface ImageProcessor {
  add(record: ImageRecord, b64: string): void;
  /** Resolves once fewer than `limit` images are in flight (backpressure for the reader). */
  room(limit?: number): Promise<void>;
  /** Resolves when every image so far is done. */
  drain(): Promise<void>;
  readonly outcomes: readonly Omit<ImageOutcome, 'bytes'>[];
}

/** How many images may be decoded and validated at once: bounds memory to a few images' bytes. */
const DEFAULT_IN_FLIGHT = 8;

/** Creates an image processor for one input. */
export function createImageProcessor(options: ImageProcessorOptions): ImageProcessor {
  const allocate = createNameAllocator();
  const inFlight = new Set<Promise<void>>();
  const outcomes: Omit<ImageOutcome, 'bytes'>[] = [];
  let writer = options.writer;

  async function handle(record: ImageRecord, b64: string): Promise<ImageOutcome> {
    const { bytes, valid: base64Valid } = decodeBase64(b64);
    const check = options.quick === true ? headerCheck(bytes) : await validateImage(bytes);
    const extension = extensionFor(sniffFormat(bytes));
    for (const diagnostic of imageDiagnostics(record, check, base64Valid, b64.length)) options.onDiagnostic?.(diagnostic);
    let path: string | null = null;
    if (writer !== null) {
      const base = allocate(record.itemId);
      const name = record.kind === 'partial' ? `${base}.partial-${record.index ?? 0}` : base;
      try {
        path = await writer.write(`${name}.${extension}`, bytes);
      } catch (error) {
        writer = null;
        options.onWriteError?.(error);
      }
    }
    return { record, check, base64Valid, path, extension, bytes };
  }

  // Images are decoded and validated concurrently but reported in stream order, so output is deterministic.
  let reported: Promise<void> = Promise.resolve();
  return {
    add(record, b64) {
      const work = handle(record, b64);
      const job: Promise<void> = (reported = reported
        .then(() => work)
        .then((outcome) => {
          const { bytes: _bytes, ...kept } = outcome;
          outcomes.push(kept);
          options.onOutcome?.(outcome);
        })
        .finally(() => inFlight.delete(job)));
      inFlight.add(job);
    },
    async room(limit = DEFAULT_IN_FLIGHT) {
      while (inFlight.size >= limit) await Promise.race(inFlight);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    outcomes,
  };
}

/** Describes an image for messages: "partial 0 of ig_123" or "final image of ig_123". */
export function describeImage(record: ImageRecord): string {
  return record.kind === 'partial' ? `partial ${record.index ?? 0} of ${record.itemId}` : `final image of ${record.itemId}`;
}

/** The image rules of SPEC §5 for one image: `invalid-image`, `image-format-mismatch`, `image-size-mismatch`. */
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

/** Format and dimensions from the header alone, assumed valid: for callers that skip full validation. */
function headerCheck(bytes: Uint8Array): ImageCheck {
  const format = sniffFormat(bytes);
  const size = readDimensions(bytes);
  return {
    format,
    width: size?.width ?? null,
    height: size?.height ?? null,
    bytes: bytes.length,
    valid: format !== null && size !== null,
    problem: format === null ? 'not a PNG, JPEG, WebP or GIF' : size === null ? 'unreadable header' : null,
  };
}
