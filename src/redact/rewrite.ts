import { createGzip, type Gzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { createLineSplitter, type SplitLine } from './line-splitter.js';
import { createLineRedactor, type Redaction } from './redact-line.js';
import type { ImageShrink } from './shrink-images.js';

/** How the capture's bytes are packed: plain, gzip as a whole, or a `curl -i` preamble before a gzip body. */
export type Packing = { readonly kind: 'plain' } | { readonly kind: 'gzip' } | { readonly kind: 'gzip-body'; readonly preambleLength: number };

/** One line of the decoded input and where its rewritten bytes went: [inStart, inEnd) → [outStart, outEnd) of the decoded text. */
export interface Segment {
  readonly inStart: number;
  readonly inEnd: number;
  readonly outStart: number;
  readonly outEnd: number;
}

/** What rewriting one capture found and wrote. */
export interface RewriteResult {
  readonly redactions: readonly Redaction[];
  readonly images: readonly ImageShrink[];
  /** Bytes written to the sink (after gzip, when packed so). */
  readonly bytesOut: number;
  /** Decoded bytes read and written. */
  readonly decodedIn: number;
  readonly decodedOut: number;
}

/**
 * Reads decoded capture bytes (`readChunks` output: gzip already inflated), rewrites them line by line and
 * writes them to `sink` packed as `packing` says, waiting for the sink to drain. `onSegment` hears each
 * line's offsets (for the timing sidecar); memory holds one line at a time.
 */
export async function rewriteCapture(
  chunks: AsyncIterable<Uint8Array>,
  sink: Writable,
  options: { readonly packing: Packing; readonly shrinkImages: boolean; readonly onSegment?: (segment: Segment) => void },
): Promise<RewriteResult> {
  const redactor = createLineRedactor({ shrinkImages: options.shrinkImages });
  const splitter = createLineSplitter();
  const redactions: Redaction[] = [];
  const images: ImageShrink[] = [];
  let lineNumber = 0;
  let decodedIn = 0;
  let decodedOut = 0;
  let bytesOut = 0;
  const packing = options.packing;
  // Plain bytes go straight to the sink; gzip ones through one gzip stream that ends with the input.
  let gzip: Gzip | null = null;
  let gzipDone: Promise<void> | null = null;
  const plainUpTo = packing.kind === 'plain' ? Infinity : packing.kind === 'gzip' ? 0 : packing.preambleLength;

  const writeRaw = async (bytes: Uint8Array): Promise<void> => {
    bytesOut += bytes.length;
    if (!sink.write(bytes)) await drained(sink);
  };
  const openGzip = (): Gzip => {
    const stream = createGzip();
    stream.on('data', (chunk: Buffer) => {
      bytesOut += chunk.length;
      if (!sink.write(chunk)) {
        stream.pause();
        sink.once('drain', () => stream.resume());
      }
    });
    gzipDone = new Promise((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
    });
    return stream;
  };

  const handle = async (lines: readonly SplitLine[]): Promise<void> => {
    for (const line of lines) {
      lineNumber++;
      const result = redactor.line(Buffer.from(line.bytes.buffer, line.bytes.byteOffset, line.bytes.byteLength).toString('latin1'), lineNumber);
      redactions.push(...result.redactions);
      images.push(...result.images);
      const bytes = Buffer.from(result.text + line.terminator, 'latin1');
      const inLength = line.bytes.length + line.terminator.length;
      options.onSegment?.({ inStart: line.offset, inEnd: line.offset + inLength, outStart: decodedOut, outEnd: decodedOut + bytes.length });
      decodedIn += inLength;
      decodedOut += bytes.length;
      if (line.offset < plainUpTo) await writeRaw(bytes);
      else {
        gzip ??= openGzip();
        if (!gzip.write(bytes)) await drained(gzip);
      }
    }
  };

  for await (const chunk of chunks) await handle(splitter.push(chunk));
  await handle(splitter.end());
  if (packing.kind !== 'plain') {
    // An empty body still gets its (empty) gzip member, so the framing stays what it was.
    gzip ??= openGzip();
    gzip.end();
    await gzipDone;
  }
  return { redactions, images, bytesOut, decodedIn, decodedOut };
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      stream.off('error', fail);
      resolve();
    };
    const fail = (error: Error): void => {
      stream.off('drain', done);
      reject(error);
    };
    stream.once('drain', done);
    stream.once('error', fail);
  });
}
