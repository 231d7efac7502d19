import { textOf } from '../../src/core/byte-string.js';
import { digest } from '../../src/core/digest.js';
import { itemsInOrder, messageText } from '../../src/core/model.js';
import { createProcessor, type StreamProcessorOptions as ProcessorOptions } from '../../src/families/index.js';
import { decodeEventStreamMessage } from '../../src/input/event-stream-codec.js';

/**
 * Everything a command can observe about parsing an input (event JSON and image base64 included), as plain
 * data that `toEqual` can compare across chunkings and across the lazy and full decoding paths.
 */
export function parseChunks(chunks: readonly Uint8Array[], options: ProcessorOptions = {}) {
  const events: string[] = [];
  const updates: string[] = [];
  // Binary AWS event streams are read with the AWS SDK's codec, as the commands read them.
  const processor = createProcessor({
    decodeEventStream: decodeEventStreamMessage,
    ...options,
    onEvent: (e) => events.push(`${e.position.line}:${e.position.byte}:${e.rawType}:${e.event.type}:${JSON.stringify(e.json)}`),
    onUpdate: (u) => {
      if (u.kind === 'delta') updates.push(`delta:${u.stream.kind}:${u.delta}`);
      else if (u.kind === 'image') updates.push(`image:${u.image.itemId}:${u.image.index}:${u.image.kind}:${u.image.position.line}:${u.b64.length}:${digest(textOf(u.b64))}:${textOf(u.b64).slice(0, 16)}`);
      else updates.push(u.kind);
    },
  });
  for (const chunk of chunks) processor.feed(chunk);
  processor.end();
  return {
    events,
    updates,
    diagnostics: processor.diagnostics.map((d) => `${d.position.line}:${d.position.byte}:${d.code}:${d.message}`),
    responses: processor.responses.map((r) => ({
      id: r.id,
      status: r.status,
      model: r.model,
      text: messageText(r),
      items: itemsInOrder(r).map((i) => ({ index: i.outputIndex, id: i.id, type: i.type, status: i.status, item: JSON.stringify(i.item), doneItem: JSON.stringify(i.doneItem) })),
      images: r.images.map((image) => JSON.stringify(image)),
      usage: r.usage,
      timing: r.timing,
      error: r.error,
    })),
    stats: { ...processor.stats },
    eventTypes: [...processor.eventTypes],
  };
}

/** Parses one buffer whole. */
export function parseBytes(bytes: Uint8Array | string) {
  return parseChunks([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes]);
}
