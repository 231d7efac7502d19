import { createFramer, type Frame, type FramerOptions } from '../core/sse.js';

/** Rewrites bytes frame by frame: what each chunk completes, as soon as it is complete. */
export interface FrameMapper {
  push(chunk: Uint8Array): Uint8Array[];
  end(): Uint8Array[];
}

/**
 * Runs the framer over the bytes and sends on what `map` makes of each frame (nothing for null), then what
 * `closing` adds once the input ended: the one loop under serve's reframers.
 */
export function createFrameMapper(map: (frame: Frame) => Uint8Array | null, closing: () => Uint8Array | null = () => null, options: FramerOptions = {}): FrameMapper {
  let out: Uint8Array[] = [];
  const framer = createFramer((frame) => {
    const bytes = map(frame);
    if (bytes !== null) out.push(bytes);
  }, options);
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
      const last = closing();
      if (last !== null) out.push(last);
      return take();
    },
  };
}
