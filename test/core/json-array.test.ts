import { describe, expect, test } from 'vitest';
import { createFramer, type Frame } from '../../src/core/sse.js';
import { chunkings } from '../support/chunkings.js';

const utf8 = new TextDecoder();

/** What the framer reports for `input` split into `chunks`: payloads as `line:byte:text` (with `!` when cut off), diagnostics as `line:code`. */
function frames(chunks: readonly Uint8Array[], maxEventBytes?: number): { frames: string[]; elements: number } {
  const out: string[] = [];
  const framer = createFramer(
    (frame: Frame) => {
      if (frame.kind === 'payload') out.push(`${frame.position.line}:${frame.position.byte}:${utf8.decode(frame.bytes)}${frame.unterminated ? '!' : ''}`);
      else if (frame.kind === 'diagnostic') out.push(`${frame.diagnostic.position.line}:${frame.diagnostic.code}`);
      else out.push(frame.kind);
    },
    { reuseJoinBuffer: true, ...(maxEventBytes !== undefined ? { maxEventBytes } : {}) },
  );
  for (const chunk of chunks) framer.feed(chunk);
  framer.end();
  return { frames: out, elements: framer.stats.jsonArrayElements };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('the streamed JSON array framing: each element is an event, however lines and chunks break', () => {
  test.each<[string, string, string[]]>([
    ['compact, CRLF between elements', '[{"a":1},\r\n{"b":2}]', ['1:1:{"a":1}', '2:11:{"b":2}']],
    ['pretty-printed, the comma on its own line', '[{\r\n  "a": 1\r\n}\r\n,\r\n{\r\n  "b": [2, {"c": 3}]\r\n}\r\n]\r\n', ['1:1:{\n  "a": 1\n}', '5:20:{\n  "b": [2, {"c": 3}]\n}']],
    ['brackets, quotes and backslashes inside strings', '[{"t":"}]\\"{["},{"u":"\\\\"},{"v":"\\\\\\"}"}]', ['1:1:{"t":"}]\\"{["}', '1:16:{"u":"\\\\"}', '1:27:{"v":"\\\\\\"}"}']],
    ['a UTF-8 BOM, lone CRs, no line end after ]', '\ufeff[{"a":"é"}\r,\r{"b":"日本"}]', ['1:4:{"a":"é"}', '3:17:{"b":"日本"}']],
    ['the `[` alone on the first line', '[\n{"a":1}\n]\n', ['2:2:{"a":1}']],
    ['an empty array has no events', '[]\n', []],
    ['cut off inside an element: the part that came, cut off', '[{"a":1},\r\n{"b":', ['1:1:{"a":1}', '2:11:{"b":!']],
    ['an element that is no object is skipped and reported', '[{"a":1}, 5, {"b":2}]', ['1:1:{"a":1}', '1:invalid-json', '1:13:{"b":2}']],
    ['anything after the closing ] is reported', '[{"a":1}]\ntrailing\n', ['1:1:{"a":1}', '2:unrecognized-line']],
  ])('%s', (_name, input, expected) => {
    const data = bytes(input);
    const whole = frames([data]);
    expect(whole.frames).toEqual(expected);
    expect(whole.elements).toBe(expected.filter((f) => /^\d+:\d+:/.test(f)).length);
    for (const { name, chunks } of chunkings(data, { random: 25 })) expect(frames(chunks), name).toEqual(whole);
  });

  test.each<[string, string, string[]]>([
    ['a JSON line that is an array stays one payload', '[1, 2]\n', ['1:0:[1, 2]']],
    ['after a JSON line, a `[` line is a JSON line', '{"a":1}\n[{"b":2}]\n', ['1:0:{"a":1}', '2:8:[{"b":2}]']],
    ['SSE data: blocks are not an array', 'data: [{"a":1}]\n\n', ['1:0:[{"a":1}]']],
  ])('only a body that opens with [ and an object is one: %s', (_name, input, expected) => {
    expect(frames([bytes(input)]).frames).toEqual(expected);
  });

  test('an element over the event limit is reported once and skipped, the next still read', () => {
    const big = `[{"a":"${'x'.repeat(300)}"},\r\n{"b":2}]`;
    const data = bytes(big);
    const whole = frames([data], 100);
    expect(whole.frames).toEqual(['1:event-too-large', '2:312:{"b":2}']);
    for (const { name, chunks } of chunkings(data, { maxTwoWay: 200, random: 10 })) expect(frames(chunks, 100), name).toEqual(whole);
  });

  test('a pretty-printed element over the limit across lines is reported once, the next still read', () => {
    const big = `[{\n"a":"${'x'.repeat(60)}",\n"b":"${'y'.repeat(60)}"\n}\n,\n{"c":3}\n]`;
    expect(frames([bytes(big)], 100).frames).toEqual(['1:event-too-large', '6:142:{"c":3}']);
  });

  test('a long base64 string in a pretty-printed element is kept whole (not cut to a line stand-in)', () => {
    const data = 'A'.repeat(20_000);
    const input = bytes(`[{\r\n  "inlineData": {\r\n    "data": "${data}"\r\n  }\r\n}\r\n]`);
    for (const { name, chunks } of chunkings(input, { maxTwoWay: 50, random: 5 })) {
      const { frames: found } = frames(chunks);
      expect(found, name).toHaveLength(1);
      expect((JSON.parse((found[0] as string).replace(/^\d+:\d+:/, '')) as { inlineData: { data: string } }).inlineData.data).toBe(data);
    }
  });
});
