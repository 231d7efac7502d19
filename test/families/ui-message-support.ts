import { createProcessor } from '../../src/families/index.js';

/** Parses a capture whole with every family and returns the processor (its responses carry their family). */
export function parseWithFamilies(capture: string) {
  const processor = createProcessor({ rules: [] });
  processor.feed(new TextEncoder().encode(capture));
  processor.end();
  return { processor };
}
