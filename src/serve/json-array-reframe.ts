import { createFramer, type Frame } from '../core/sse.js';

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8');

/**
 * Creates a reframer to the streamed JSON array (docs/spec.md §9: Gemini without `alt=sse`): each payload the
 * framer finds becomes one element, `[{…}` then `,\r\n{…}` for each further one, and `]` at the end; payloads
 * that are no JSON, `[DONE]`, a preamble and unrecognized lines are left out.
 */
export function createArrayReframer(): { push(chunk: Uint8Array): Uint8Array[]; end(): Uint8Array[] } {
  let out: Uint8Array[] = [];
  let count = 0;
  const framer = createFramer((frame: Frame) => {
    if (frame.kind !== 'payload') return;
    let value: unknown;
    try {
      value = JSON.parse(utf8.decode(frame.bytes));
    } catch {
      return;
    }
    const head = encoder.encode(count++ === 0 ? '[' : ',\r\n');
    // The original JSON text is kept (number spellings and all) unless it spans lines.
    const json = frame.bytes.includes(0x0a) || frame.bytes.includes(0x0d) ? encoder.encode(JSON.stringify(value)) : frame.bytes;
    const element = new Uint8Array(head.length + json.length);
    element.set(head);
    element.set(json, head.length);
    out.push(element);
  });
  const take = (): Uint8Array[] => {
    const taken = out;
    out = [];
    return taken;
  };
  return {
    push(chunk) {
      framer.feed(chunk);
      return take();
    },
    end() {
      framer.end();
      out.push(encoder.encode(count === 0 ? '[]' : ']'));
      return take();
    },
  };
}
