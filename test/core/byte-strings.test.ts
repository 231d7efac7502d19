import { describe, expect, test } from 'vitest';
import { ByteString } from '../../src/core/byte-string.js';
import { createProcessor } from '../../src/families/index.js';
import { nodeBytes } from '../../src/input/read-input.js';
import { createRandom, splitAt } from '../support/chunkings.js';
import { cutsOf, imageLineInputs, imageTexts } from '../support/image-lines.js';
import { parseChunks } from '../support/parse.js';

// A huge partial image line's base64 may stay in its chunks' bytes (the processor's `byteStrings`, replay's path):
// everything a command observes (events, their JSON, updates with each image's text, responses, findings) must be
// what the usual path gives, on every split. The thresholds are lowered so that small inputs take the path.
const BYTES = { min: 64, piecesMin: 200 } as const;
/** The cheap path (lazy-json), which lifts the long strings, from 1 KiB payloads and 64-character strings on. */
const LAZY = { minPayload: 1024, longString: 64 } as const;

const random = createRandom(11);

/** The updates' image texts, and how many came as a ByteString. */
function imageUpdates(chunks: readonly Uint8Array[]): { texts: string[]; byteStrings: number } {
  const texts: string[] = [];
  let byteStrings = 0;
  const processor = createProcessor({
    ...nodeBytes,
    deferResults: true,
    byteStrings: BYTES,
    lazy: LAZY,
    onUpdate(update) {
      if (update.kind !== 'image') return;
      if (update.b64 instanceof ByteString) byteStrings++;
      texts.push(update.b64.toString());
    },
  });
  for (const chunk of chunks) processor.feed(chunk);
  processor.end();
  return { texts, byteStrings };
}

describe('a partial image line left as bytes is observed as the usual path observes it', () => {
  const cases = imageTexts().flatMap(({ name, text }) => imageLineInputs(text).map((input) => ({ name: `${name}, ${input.name}`, text, input: input.input })));
  test.each(cases)('$name', ({ text, input }) => {
    const bytes = new TextEncoder().encode(input);
    const expected = parseChunks([bytes], nodeBytes);
    const plain = !text.includes('\\');
    // The first image line: a cut inside it makes it come in pieces.
    const key = input.indexOf('partial_image_b64');
    const lineStart = input.lastIndexOf('\n', key) + 1;
    const lineEnd = input.includes('\n', key) ? input.indexOf('\n', key) : input.length;
    for (const cuts of [[], ...cutsOf(bytes, random, 25)]) {
      const chunks = splitAt(bytes, cuts);
      expect(parseChunks(chunks, { ...nodeBytes, deferResults: true, byteStrings: BYTES, lazy: LAZY }), `cuts ${cuts.join(',')}`).toEqual(expected);
      // The path is taken: an image line that came in pieces hands its plain base64 on as bytes.
      const images = imageUpdates(chunks);
      expect(images.texts).toEqual(expected.updates.filter((u) => u.startsWith('image:')).map(() => expect.any(String)));
      const inPieces = cuts.some((cut) => cut > lineStart && cut < lineEnd);
      if (inPieces && plain) expect(images.byteStrings, `cuts ${cuts.join(',')}`).toBeGreaterThan(0);
      if (!plain) expect(images.byteStrings).toBe(0);
    }
  });

  test('without the option, or below its thresholds, no ByteString is made', () => {
    const input = imageLineInputs(imageTexts()[0]?.text ?? '')[0]?.input ?? '';
    const bytes = new TextEncoder().encode(input);
    const chunks = splitAt(bytes, [10, 300, 700]);
    const seen: unknown[] = [];
    for (const byteStrings of [false, true, { min: 1 << 20, piecesMin: 200 }, { min: 64 }]) {
      const processor = createProcessor({ ...nodeBytes, byteStrings, lazy: LAZY, onUpdate: (u) => u.kind === 'image' && seen.push(u.b64) });
      for (const chunk of chunks) processor.feed(chunk);
      processor.end();
    }
    expect(seen.map((b64) => typeof b64)).toEqual(['string', 'string', 'string', 'string']);
  });
});
