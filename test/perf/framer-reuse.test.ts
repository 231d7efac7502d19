import { describe, expect, test } from 'vitest';
import { createFramer, type Frame, type FramerOptions } from '../../src/core/sse.js';
import { chunkings } from '../support/chunkings.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Frames as strings, decoded inside the callback (all a reused join buffer promises). */
function frames(chunks: readonly Uint8Array[], options: FramerOptions): string[] {
  const out: string[] = [];
  const framer = createFramer((f: Frame) => {
    if (f.kind === 'payload') out.push(`payload@${f.position.line}:${f.position.byte}[${f.eventName ?? ''}]${f.unterminated ? '(cut)' : ''} ${decoder.decode(f.bytes)}`);
    else if (f.kind === 'diagnostic') out.push(`diagnostic@${f.diagnostic.position.line} ${f.diagnostic.message}`);
    else out.push(`${f.kind}@${f.position.line}`);
  }, options);
  for (const chunk of chunks) framer.feed(chunk);
  framer.end();
  return out;
}

function frameStats(chunks: readonly Uint8Array[]) {
  const framer = createFramer(() => {});
  for (const chunk of chunks) framer.feed(chunk);
  framer.end();
  return framer.stats;
}

describe('a reused join buffer frames exactly like fresh buffers, however the input is split', () => {
  const long = 'x'.repeat(300);
  test.each([
    ['event names and data lines split across chunks', `event: response.output_text.delta\ndata: {"type":"a","d":"${long}"}\n\nevent: response.output_text.delta\ndata: {"type":"b"}\n\nevent: other\ndata: {"type":"c"}\n\n`],
    ['multi-line data kept while later lines are joined', `data: {"type":\ndata: "${long}"}\n\ndata: {\ndata: "type": "b",\ndata: "x": "${long}"\ndata: }\n\n`],
    ['a long line, then short ones, then a longer one', `data: {"a":"${long.repeat(3)}"}\ndata: {"b":1}\ndata: {"c":"${long.repeat(5)}"}\n`],
    ['a cut-off last line', `data: {"type":"a"}\ndata: {"type":"b","x":"${long}`],
    ['an unrecognized long line between events', `data: {"type":"a"}\n${long}\ndata: {"type":"b"}\n`],
  ])('%s', (_name, text) => {
    const bytes = encoder.encode(text);
    const expected = frames([bytes], {});
    for (const { name, chunks } of chunkings(bytes, { maxTwoWay: 400, random: 30 })) {
      expect(frames(chunks, { reuseJoinBuffer: true }), name).toEqual(expected);
      expect(frames(chunks, { reuseJoinBuffer: true, allocate: (n) => Buffer.allocUnsafe(n) }), name).toEqual(expected);
    }
  });

  test('a very long payload line in many chunks comes in its pieces, and its bytes are the same line', () => {
    const big = 'z'.repeat(9 << 20);
    // Each line, and whether it comes in pieces (the others are not payloads of their own: joined as usual).
    const cases: [string, boolean][] = [
      [`event: e\ndata: {"a":"${big}"}\n\n`, true],
      [`event: e\ndata:{"a":"${big}"}  \n`, true],
      [`x: y\n  ["${big}"]\n`, true],
      [`event: e\ndata: {"cut":"${big}`, false],
      [`: ${big}\ndata: {"a":1}\n`, false],
      [`data: {"multi":\ndata: "${big}"}\n\n`, false],
      [`data: "${big}"\n`, false],
      [`${big}\n`, false],
      // A first line too, after a BOM or not (the bench's huge line is one): its BOM is dropped as handleLine drops it.
      [`{"first line":"${big}"}\n`, true],
      [`\uFEFFdata: {"first line":"${big}"}\n\n`, true],
      [`\uFEFF  {"first line":"${big}"}\n`, true],
    ];
    for (const [text, inPieces] of cases) {
      const bytes = encoder.encode(text);
      const expected = frames([bytes], {});
      let pieced = 0;
      for (const options of [{}, { reuseJoinBuffer: true }] as FramerOptions[]) {
        const out: string[] = [];
        const framer = createFramer((f: Frame) => {
          if (f.kind === 'payload') {
            if (f.pieces !== undefined) pieced++;
            out.push(`payload@${f.position.line}:${f.position.byte}[${f.eventName ?? ''}]${f.unterminated ? '(cut)' : ''} ${decoder.decode(f.bytes)}`);
          } else if (f.kind === 'diagnostic') out.push(`diagnostic@${f.diagnostic.position.line} ${f.diagnostic.message}`);
          else out.push(`${f.kind}@${f.position.line}`);
        }, options);
        for (let at = 0; at < bytes.length; at += 65536) framer.feed(bytes.subarray(at, at + 65536));
        framer.end();
        expect(out, text.slice(0, 30)).toEqual(expected);
        expect(framer.stats).toEqual(frameStats([bytes]));
      }
      expect(pieced > 0, text.slice(0, 30)).toBe(inPieces);
    }
  });

  test('a join buffer grown for a huge line is not kept for the rest of the input', () => {
    const allocations: number[] = [];
    const framer = createFramer(() => {}, {
      reuseJoinBuffer: true,
      allocate: (n) => {
        allocations.push(n);
        return new Uint8Array(n);
      },
    });
    // A JSON string, no object: joined (an object's line would come in its pieces).
    const huge = encoder.encode(`data: "${'y'.repeat(9 << 20)}"\n`);
    for (let at = 0; at < huge.length; at += 1 << 20) framer.feed(huge.subarray(at, at + (1 << 20)));
    const small = encoder.encode(`data: {"a":"${long}"}\n`);
    framer.feed(small.subarray(0, 100));
    framer.feed(small.subarray(100));
    framer.end();
    // The huge line got its own buffer; the next split line a small new one, not the huge one again.
    expect(allocations).toHaveLength(2);
    expect(allocations[0]).toBe(huge.length - 1);
    expect(allocations[1]).toBe(small.length - 1);
  });
});
