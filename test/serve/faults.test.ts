import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createProcessor } from '../../src/families/index.js';
import { createShaper, type FaultOptions, type Step } from '../../src/serve/faults.js';
import { chunkings, splitAt } from '../support/chunkings.js';
import { listSamples, ROOT, SEED } from '../support/samples.js';

const NONE: FaultOptions = { rechunk: null, cutAfter: null, stripBlankLines: false, reframe: false, delay: 0 };
const encoder = new TextEncoder();
const seed = readFileSync(SEED);
const seedLines = seed.toString('utf8').split('\n').filter((line) => line !== '');

/** Runs the shaper over chunks; returns the bytes sent (up to a cut), where pauses fell, whether it cut, and the largest write. */
function shape(faults: Partial<FaultOptions>, chunks: readonly Uint8Array[]) {
  const shaper = createShaper({ ...NONE, ...faults });
  const steps: Step[] = [];
  for (const chunk of chunks) steps.push(...shaper.push(chunk));
  steps.push(...shaper.end());
  const parts: Uint8Array[] = [];
  const pausesAt: number[] = [];
  let length = 0;
  let cut = false;
  let writes = 0;
  let largestWrite = 0;
  for (const step of steps) {
    expect(cut, 'nothing follows a cut').toBe(false);
    if (step.kind === 'bytes') {
      parts.push(step.bytes);
      length += step.bytes.length;
      writes++;
      largestWrite = Math.max(largestWrite, step.bytes.length);
    } else if (step.kind === 'pause') pausesAt.push(length);
    else cut = true;
  }
  return { bytes: Buffer.concat(parts), pausesAt, cut, writes, largestWrite };
}

/** The decoded events of some bytes, as JSON text, and how many payloads did not decode. */
function eventsOf(bytes: Uint8Array) {
  const events: string[] = [];
  const processor = createProcessor({ rules: [], onEvent: (event) => events.push(JSON.stringify(event.json)) });
  processor.feed(bytes);
  processor.end();
  const undecodable = processor.diagnostics.filter((d) => d.code === 'invalid-json' || d.code === 'missing-type' || d.code === 'invalid-utf8').length;
  return { events, undecodable, done: processor.stats.done };
}

const samples = listSamples().map((file) => ({ file, bytes: readFileSync(join(ROOT, file)) }));

describe('no fault: the capture as it is', () => {
  test.each(samples)('$file passes through chunk for chunk, untouched', ({ bytes }) => {
    for (const { chunks } of [{ chunks: [bytes] }, { chunks: splitAt(bytes, [1, 100, 5000]) }]) {
      const shaper = createShaper(NONE);
      const steps = chunks.flatMap((chunk) => shaper.push(chunk));
      steps.push(...shaper.end());
      expect(steps).toEqual(chunks.filter((c) => c.length > 0).map((chunk) => ({ kind: 'bytes', bytes: chunk })));
    }
  });
});

describe('--rechunk N', () => {
  test.each([1, 7, 4096])('N = %i: the same bytes, in writes of at most N bytes', (n) => {
    const result = shape({ rechunk: n }, [seed]);
    expect(result.bytes.equals(seed)).toBe(true);
    expect(result.largestWrite).toBeLessThanOrEqual(n);
    expect(result.writes).toBe(Math.ceil(seed.length / n));
  });
});

describe('--reframe', () => {
  test('the seed becomes canonical SSE: event: <type>, data: <the original JSON text>, blank line', () => {
    const expected = seedLines
      .map((line) => {
        const json = line.slice('data: '.length);
        return `event: ${(JSON.parse(json) as { type: string }).type}\ndata: ${json}\n\n`;
      })
      .join('');
    expect(shape({ reframe: true }, [seed]).bytes.toString('utf8')).toBe(expected);
  });

  test.each(samples)('$file: the same events in the same order, whatever the chunking', ({ bytes }) => {
    const original = eventsOf(bytes);
    let first: Buffer | null = null;
    for (const { name, chunks } of chunkings(bytes, { maxTwoWay: 40, random: 10 })) {
      const out = shape({ reframe: true }, chunks).bytes;
      first ??= out;
      expect(out.equals(first), name).toBe(true);
    }
    const reframed = eventsOf(first as Buffer);
    expect(reframed.events).toEqual(original.events);
    expect(reframed.undecodable).toBe(original.undecodable);
    expect(reframed.done).toBe(original.done);
  });

  test('[DONE] stays where it was; a curl -i preamble and comments are left out; chat chunks get no event: line', () => {
    const capture = [
      'HTTP/1.1 200 OK',
      'content-type: text/event-stream',
      '',
      ': keep-alive',
      'data: {"object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"Hi"}}]}',
      '',
      'data: [DONE]',
      '',
      '',
    ].join('\r\n');
    expect(shape({ reframe: true }, [encoder.encode(capture)]).bytes.toString('utf8')).toBe(
      'data: {"object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: [DONE]\n\n',
    );
  });

  test('multi-line data becomes one data: line', () => {
    const capture = 'event: x\ndata: {"type":"a",\ndata: "n":1}\n\n';
    expect(shape({ reframe: true }, [encoder.encode(capture)]).bytes.toString('utf8')).toBe('event: a\ndata: {"type":"a","n":1}\n\n');
  });
});

describe('--strip-blank-lines', () => {
  test.each(['seed-crlf.sse', 'seed-lone-cr.sse', 'seed-multiline-data.sse'])('%s: no blank line left, the same events, whatever the chunking', (name) => {
    const bytes = readFileSync(join(ROOT, 'samples', name));
    let first: Buffer | null = null;
    for (const { name: how, chunks } of chunkings(bytes, { maxTwoWay: 40, random: 10 })) {
      const out = shape({ stripBlankLines: true }, chunks).bytes;
      first ??= out;
      expect(out.equals(first), how).toBe(true);
    }
    const lines = (first as Buffer).toString('latin1').split(/\r\n|\r|\n/);
    if (lines.at(-1) === '') lines.pop();
    expect(lines.filter((line) => line.trim() === '')).toEqual([]);
    expect(eventsOf(first as Buffer).events).toEqual(eventsOf(bytes).events);
  });

  test('a CRLF split across chunks goes with its line', () => {
    const out = shape({ stripBlankLines: true }, [encoder.encode('data: {"type":"a"}\r'), encoder.encode('\n\r'), encoder.encode('\ndata: {"type":"b"}\r\n')]);
    expect(out.bytes.toString('utf8')).toBe('data: {"type":"a"}\r\ndata: {"type":"b"}\r\n');
  });

  test('the reframed seed without blank lines is the seed with event: lines', () => {
    const out = shape({ reframe: true, stripBlankLines: true }, [seed]).bytes.toString('utf8');
    expect(out.split('\n').filter((line) => line.startsWith('data: '))).toEqual(seedLines);
    expect(out).not.toContain('\n\n');
  });
});

describe('--cut-after N', () => {
  test.each([0, 1, 5, 34])('the seed, N = %i: exactly the first N lines, then a cut', (n) => {
    const result = shape({ cutAfter: n }, [seed]);
    expect(result.cut).toBe(true);
    expect(result.bytes.toString('utf8')).toBe(seedLines.slice(0, n).map((line) => `${line}\n`).join(''));
  });

  test('a capture with no more than N events is sent whole, and still ends in a cut', () => {
    const result = shape({ cutAfter: 35 }, [seed]);
    expect(result.bytes.equals(seed)).toBe(true);
    expect(result.cut).toBe(true);
  });

  test.each(samples.filter(({ file }) => /seed-/.test(file)))('$file: N whole events (with the blank line that ends each), whatever the chunking', ({ bytes }) => {
    for (const faults of [{ cutAfter: 3 }, { cutAfter: 3, reframe: true }]) {
      let first: Buffer | null = null;
      for (const { name, chunks } of chunkings(bytes, { maxTwoWay: 40, random: 10 })) {
        const result = shape(faults, chunks);
        expect(result.cut, name).toBe(true);
        first ??= result.bytes;
        expect(result.bytes.equals(first), name).toBe(true);
      }
      const sent = first as Buffer;
      expect(eventsOf(sent).events).toEqual(eventsOf(bytes).events.slice(0, 3));
      // Whole for a strict SSE client too: a blank-line framing keeps the blank line after the third event.
      const text = sent.toString('latin1');
      if (/\n\n|\r\n\r\n|\r\r/.test(bytes.toString('latin1'))) expect(text).toMatch(/(\n\n|\r\n\r\n|\r\r)(event: [^\r\n]*(\r\n|\r|\n))?$/);
    }
  });
});

describe('--delay MS', () => {
  test('a pause between events, none before the first or after the last', () => {
    const result = shape({ delay: 10 }, [seed]);
    expect(result.bytes.equals(seed)).toBe(true);
    let at = 0;
    const lineEnds = seedLines.slice(0, -1).map((line) => (at += Buffer.byteLength(line) + 1));
    expect(result.pausesAt).toEqual(lineEnds);
  });

  test.each(samples.filter(({ file }) => /seed-/.test(file)))('$file: pauses fall at the same bytes whatever the chunking', ({ bytes }) => {
    let first: number[] | null = null;
    const events = eventsOf(bytes);
    for (const { name, chunks } of chunkings(bytes, { maxTwoWay: 40, random: 10 })) {
      const result = shape({ delay: 5 }, chunks);
      first ??= result.pausesAt;
      expect(result.pausesAt, name).toEqual(first);
    }
    expect((first as number[]).length).toBe(events.events.length + events.done - 1);
  });
});
