import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ByteString } from '../../src/core/byte-string.js';
import { createProcessor } from '../../src/families/index.js';
import { createImageProcessor } from '../../src/images/image-processor.js';
import { createImageWriter } from '../../src/images/image-writer.js';
import { nodeBytes } from '../../src/input/read-input.js';
import { createRandom, splitAt } from '../support/chunkings.js';
import { cutsOf, imageLineInputs, imageTexts } from '../support/image-lines.js';

// Replay's path for a huge partial image line: its base64 stays in the chunks' bytes and is decoded piece by piece
// (core/byte-string.ts, images/base64-pieces.ts). The files written, each image's outcome and every finding must
// be those of the usual path (the line joined, its base64 one string), on every split, for strict and damaged
// base64 alike. The thresholds are lowered so that small inputs take the path.
const BYTE_STRINGS = { min: 64, piecesMin: 200 } as const;
const LAZY = { minPayload: 1024, longString: 64 } as const;

const scratch = mkdtempSync(join(tmpdir(), 'respcat-huge-line-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let runs = 0;

/** Images handed on as bytes, over all runs (the path under test is taken). */
let asBytes = 0;

/** What replay's image side leaves: the files (name → base64 of their bytes), each outcome and every finding. */
async function replayImages(chunks: readonly Uint8Array[], bytes: boolean) {
  const dir = join(scratch, String(runs++));
  const findings: string[] = [];
  const outcomes: unknown[] = [];
  const images = createImageProcessor({
    writer: createImageWriter(dir),
    quick: true,
    onDiagnostic: (d) => findings.push(`${d.position.line}:${d.code}:${d.message}`),
    onOutcome: ({ bytes: decoded, path, ...outcome }) => outcomes.push({ ...outcome, path: path === null ? null : basename(path), bytes: Buffer.from(decoded).toString('base64') }),
  });
  const processor = createProcessor({
    ...nodeBytes,
    deferResults: true,
    lazy: LAZY,
    ...(bytes ? { byteStrings: BYTE_STRINGS } : {}),
    onDiagnostic: (d) => findings.push(`${d.position.line}:${d.code}:${d.message}`),
    onUpdate(u) {
      if (u.kind !== 'image') return;
      if (u.b64 instanceof ByteString) asBytes++;
      images.add(u.image, u.b64);
    },
  });
  for (const chunk of chunks) processor.feed(chunk);
  processor.end();
  await images.drain();
  let names: string[] = [];
  try {
    names = readdirSync(dir).sort();
  } catch {
    // No image written: no folder.
  }
  const files = names.map((name) => [name, readFileSync(join(dir, name)).toString('base64')]);
  return { files, outcomes, findings };
}

describe('a huge image line decoded from its pieces writes what the joined line writes', () => {
  const random = createRandom(5);
  const cases = imageTexts().flatMap(({ name, text }) =>
    imageLineInputs(text)
      .filter((_, i) => i % 2 === 0 || name === 'strict base64')
      .map((input) => ({ name: `${name}, ${input.name}`, input: input.input, plain: !text.includes('\\') })),
  );
  test.each(cases)('$name', async ({ input, plain }) => {
    const bytes = new TextEncoder().encode(input);
    const before = asBytes;
    const expected = await replayImages([bytes], false);
    expect(expected.outcomes.length).toBeGreaterThan(0);
    for (const cuts of cutsOf(bytes, random, 6)) {
      expect(await replayImages(splitAt(bytes, cuts), true), `cuts ${cuts.join(',')}`).toEqual(expected);
    }
    // A plain string (no escape) went the bytes' way in some split; one with an escape never does.
    if (plain) expect(asBytes).toBeGreaterThan(before);
    else expect(asBytes).toBe(before);
  });
});
