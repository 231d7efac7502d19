import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { chunkings } from '../support/chunkings.js';
import { parseChunks } from '../support/parse.js';
import { listCorpus, listSamples, loadCapture as load, ROOT } from '../support/samples.js';

describe('every sample parses the same however it is split', () => {
  test.each(listSamples())('%s', (sample) => {
    const bytes = load(join(ROOT, sample));
    const expected = parseChunks([bytes]);
    expect(expected.events.length + expected.diagnostics.length).toBeGreaterThan(0);
    // Every two-way split of small samples; an even spread of 2,000 splits for larger ones.
    for (const { name, chunks } of chunkings(bytes, { maxTwoWay: 2000, random: 25 })) {
      expect(parseChunks(chunks), `${sample}: ${name}`).toEqual(expected);
    }
  });
});

describe.runIf(listCorpus().length > 0)('every corpus capture parses the same however it is split', () => {
  test.each(listCorpus())('%s', (path) => {
    const bytes = load(path);
    const expected = parseChunks([bytes]);
    for (const { name, chunks } of chunkings(bytes, { maxTwoWay: 300, random: 10 })) {
      expect(parseChunks(chunks), `${path}: ${name}`).toEqual(expected);
    }
  });
});
