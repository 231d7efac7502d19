import { createFramer, type Frame } from '../core/sse.js';

/** What `serve` learns about the body of a capture whose wire is NDJSON (Ollama's). */
export interface JsonLinesFraming {
  /** respcat reads at least one event in it. */
  readonly hasEvents: boolean;
  /** Why an NDJSON client (the `ollama` client: one JSON value a line) could not read its events as they are; null when it could. */
  readonly notJsonLines: string | null;
}

/**
 * Reads a capture's body (after `skip` bytes of preamble) with respcat's framer: its events must be bare JSON lines,
 * not SSE `data:` events, for an NDJSON client to read them. Stops at the first `data:` line once an event was seen.
 */
export async function readJsonLinesFraming(chunks: AsyncIterable<Uint8Array>, skip: number): Promise<JsonLinesFraming> {
  let hasEvents = false;
  const framer = createFramer((frame: Frame) => {
    if (frame.kind === 'payload' || frame.kind === 'done') hasEvents = true;
  });
  let skipped = 0;
  const notJsonLines = (): string | null => (framer.stats.dataLines > 0 ? 'its events are SSE data: lines, not JSON lines' : null);
  for await (const chunk of chunks) {
    let body = chunk;
    if (skipped < skip) {
      const take = Math.min(skip - skipped, chunk.length);
      skipped += take;
      body = chunk.subarray(take);
    }
    framer.feed(body);
    if (hasEvents && notJsonLines() !== null) return { hasEvents, notJsonLines: notJsonLines() };
  }
  framer.end();
  return { hasEvents, notJsonLines: hasEvents ? notJsonLines() : null };
}
