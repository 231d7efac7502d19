import type { Frame } from '../core/sse.js';
import { createFrameMapper, type FrameMapper } from './frame-mapper.js';

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

/**
 * Creates a reframer to the streamed JSON array (docs/spec.md §9: Gemini without `alt=sse`): each payload the
 * framer finds becomes one element, `[{…}` then `,\r\n{…}` for each further one, and `]` at the end; payloads
 * that are no JSON, `[DONE]`, a preamble and unrecognized lines are left out.
 */
export function createArrayReframer(): FrameMapper {
  let count = 0;
  return createFrameMapper(
    (frame: Frame) => {
      if (frame.kind !== 'payload') return null;
      let value: unknown;
      try {
        value = JSON.parse(utf8.decode(frame.bytes));
      } catch {
        return null;
      }
      const head = encoder.encode(count++ === 0 ? '[' : ',\r\n');
      // The original JSON text is kept (number spellings and all) unless it spans lines.
      const json = frame.bytes.includes(0x0a) || frame.bytes.includes(0x0d) ? encoder.encode(JSON.stringify(value)) : frame.bytes;
      const element = new Uint8Array(head.length + json.length);
      element.set(head);
      element.set(json, head.length);
      return element;
    },
    () => encoder.encode(count === 0 ? '[]' : ']'),
  );
}
