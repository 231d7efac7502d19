import { createProcessor } from '../../src/core/processor.js';
import { messageText, itemsInOrder } from '../../src/core/model.js';
import { digest } from '../../src/core/accumulator.js';

/** Everything observable about parsing an input, as plain data that `toEqual` can compare across chunkings. */
export function parseChunks(chunks: readonly Uint8Array[]) {
  const events: string[] = [];
  const updates: string[] = [];
  const processor = createProcessor({
    onEvent: (e) => events.push(`${e.position.line}:${e.position.byte}:${e.rawType}`),
    onUpdate: (u) => {
      if (u.kind === 'delta') updates.push(`delta:${u.stream.kind}:${u.delta}`);
      else if (u.kind === 'image') updates.push(`image:${u.image.stem}:${u.image.position.line}:${u.b64.length}:${digest(u.b64)}`);
      else updates.push(u.kind);
    },
  });
  for (const chunk of chunks) processor.feed(chunk);
  processor.end();
  return {
    events,
    updates,
    diagnostics: processor.diagnostics.map((d) => `${d.position.line}:${d.code}:${d.message}`),
    responses: processor.responses.map((r) => ({
      id: r.id,
      status: r.status,
      text: messageText(r),
      items: itemsInOrder(r).map((i) => `${i.outputIndex}:${i.type}:${i.status}`),
      usage: r.usage,
    })),
    stats: { ...processor.stats },
  };
}

/** Parses one buffer whole. */
export function parseBytes(bytes: Uint8Array | string) {
  return parseChunks([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes]);
}
