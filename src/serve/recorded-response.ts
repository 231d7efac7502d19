import type { Readable } from 'node:stream';
import { REDACTED } from '../core/secrets.js';
import type { HttpPreamble } from '../input/http-preamble.js';
import { describeFsError } from '../input/fs-errors.js';
import { InputError, readChunks } from '../input/read-input.js';
import type { FaultOptions } from './faults.js';

// Headers that describe one connection or the bytes as first sent, not the body served again.
const NOT_REPLAYED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'te', 'trailer', 'upgrade', 'x-request-id']);

/** How `serve` answers with a capture that starts with a `curl -i` preamble (a `respcat record` recording). */
export interface RecordedBody {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The capture's bytes: raw (a gzip body stays gzip), or inflated when a fault must read events. */
  chunks(file: Readable, path: string, warn: (message: string) => void): AsyncIterable<Uint8Array>;
  /** The same chunks without the preamble's bytes. */
  skipPreamble(chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
}

/** The answer for a capture with `preamble`: its status and headers (none `[redacted]`), then its body. */
export function recordedBody(preamble: HttpPreamble, faults: FaultOptions): RecordedBody {
  const readsEvents = faults.reframe || faults.stripBlankLines || faults.cutAfter !== null || faults.delay > 0;
  const inflate = preamble.gzipBody && readsEvents;
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of preamble.headers) {
    const key = name.toLowerCase();
    if (NOT_REPLAYED.has(key) || value === REDACTED || (inflate && key === 'content-encoding')) continue;
    const known = headers[key];
    headers[key] = known === undefined ? value : [...(Array.isArray(known) ? known : [known]), value];
  }
  return {
    status: preamble.status,
    headers,
    chunks: (file, path, warn) => (inflate ? readChunks(file, path, warn) : rawChunks(file, path)),
    async *skipPreamble(chunks) {
      let skip = preamble.length;
      for await (const chunk of chunks) {
        if (skip >= chunk.length) {
          skip -= chunk.length;
          continue;
        }
        yield skip === 0 ? chunk : chunk.subarray(skip);
        skip = 0;
      }
    },
  };
}

async function* rawChunks(file: Readable, path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of file as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    throw new InputError(path, describeFsError(error, 'read'));
  }
}
