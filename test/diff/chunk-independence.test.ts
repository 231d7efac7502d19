import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { captureInput } from '../../src/commands/diff-capture.js';
import { ignoredKinds, PNG_PIXELS } from '../../src/commands/diff.js';
import { compareSides } from '../../src/diff/compare.js';
import type { DiffSide } from '../../src/diff/model.js';
import { buildDiffJson } from '../../src/render/diff-json.js';
import { chunkings } from '../support/chunkings.js';
import { ROOT, SEED } from '../support/samples.js';

const read = async (chunks: readonly Uint8Array[]): Promise<DiffSide> =>
  (await captureInput({ kind: 'stream', stream: Readable.from(chunks.map((c) => Buffer.from(c))), name: 'B' })).side;

/** The comparison of the seed with B as the JSON report holds it (lines included). */
function report(a: DiffSide, b: DiffSide): unknown {
  const options = { ignore: new Set(ignoredKinds([], false)), strictIds: false, context: 3 };
  return buildDiffJson(a, b, compareSides(a, b, options, PNG_PIXELS), ignoredKinds([], false));
}

describe('respcat diff does not depend on chunk boundaries', () => {
  test.each(['samples/diff/seed-one-word.sse', 'samples/diff/tool-call-changed-value.sse', 'samples/seed-crlf.sse'])(
    '%s: whole, a byte at a time, two-way splits and random splits give the same differences and lines',
    async (sample) => {
      const bytes = readFileSync(join(ROOT, sample));
      const base = sample.includes('tool-call') ? join(ROOT, 'samples/diff/tool-call.sse') : SEED;
      const a = (await captureInput({ kind: 'file', path: base })).side;
      const whole = report(a, await read([bytes]));
      for (const { name, chunks } of chunkings(bytes, { maxTwoWay: 150, random: 20 })) {
        expect(report(a, await read(chunks)), name).toEqual(whole);
      }
    },
  );
});
