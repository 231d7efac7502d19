import { describe, expect, test } from 'vitest';
import { nodeBytes } from '../../src/input/read-input.js';
import { createRandom, splitAt } from '../support/chunkings.js';
import { parseChunks } from '../support/parse.js';

// Small payloads are sliced from the text of a 64 KiB window of their chunk when the window is all ASCII
// (processor option asciiText); anything else is decoded on its own. Both must observe the same.
const { asciiText, ...withoutWindows } = nodeBytes;

/** Deltas, some non-ASCII, one with invalid UTF-8, some broken, over several windows; SSE with and without blank lines. */
function capture(): Buffer {
  const parts: (string | Buffer)[] = [];
  let seq = 0;
  parts.push(`data: {"type":"response.created","sequence_number":${seq++},"response":{"id":"r","status":"in_progress","output":[]}}\n\n`);
  parts.push(`data: {"type":"response.output_item.added","sequence_number":${seq++},"output_index":0,"item":{"id":"m","type":"message","status":"in_progress","content":[]}}\n\n`);
  const random = createRandom(3);
  for (let i = 0; i < 4000; i++) {
    const roll = random();
    const delta = roll < 0.03 ? 'café 😀' : roll < 0.05 ? 'tab\\tquote\\"' : `w${i} `;
    const line = `{"type":"response.output_text.delta","sequence_number":${seq++},"item_id":"m","output_index":0,"content_index":0,"delta":"${delta}"}`;
    if (roll > 0.995) parts.push(`data: ${line.slice(0, 40)}\n\n`);
    else if (i === 2500) parts.push(Buffer.concat([Buffer.from(`data: ${line.slice(0, 60)}`), Buffer.from([0xff]), Buffer.from(`${line.slice(60)}\n\n`)]));
    else parts.push(roll < 0.5 ? `event: response.output_text.delta\ndata: ${line}\n\n` : `data: ${line}\r\n`);
  }
  parts.push(`data: {"type":"response.completed","sequence_number":${seq++},"response":{"id":"r","status":"completed","output":[]}}\n\ndata: [DONE]\n`);
  return Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)));
}

describe('small payloads sliced from an ASCII window of their chunk', () => {
  const bytes = capture();

  test('observe exactly what decoding each payload on its own observes, whole and split anywhere', () => {
    expect(bytes.length).toBeGreaterThan(3 * 65536);
    const expected = parseChunks([bytes], withoutWindows);
    expect(expected.diagnostics.some((d) => d.includes(':invalid-utf8:'))).toBe(true);
    expect(expected.diagnostics.some((d) => d.includes(':invalid-json:'))).toBe(true);
    const random = createRandom(9);
    const splits: Uint8Array[][] = [
      [bytes],
      splitAt(bytes, Array.from({ length: Math.floor(bytes.length / 65536) }, (_, i) => (i + 1) * 65536)),
      splitAt(bytes, Array.from({ length: Math.floor(bytes.length / 997) }, (_, i) => (i + 1) * 997)),
      ...Array.from({ length: 5 }, () => splitAt(bytes, Array.from({ length: 20 }, () => Math.floor(random() * bytes.length)))),
    ];
    for (const chunks of splits) expect(parseChunks(chunks, nodeBytes), `${chunks.length} chunks`).toEqual(expected);
  });

  test('the window path is taken, a window at a time (not a payload at a time)', () => {
    let windows = 0;
    parseChunks([bytes], {
      ...withoutWindows,
      asciiText: (chunk, start, end) => {
        windows++;
        return asciiText(chunk, start, end);
      },
    });
    expect(windows).toBeGreaterThan(2);
    expect(windows).toBeLessThan(200);
  });

  test('asciiText gives latin1 text for ASCII bytes and null for anything else', () => {
    const ascii = Buffer.from('{"a":"b c"}');
    expect(asciiText(ascii, 0, ascii.length)).toBe('{"a":"b c"}');
    expect(asciiText(ascii, 1, 4)).toBe('"a"');
    expect(asciiText(Buffer.from('{"a":"é"}'), 0, 10)).toBeNull();
    expect(asciiText(new Uint8Array([0x7b, 0x80, 0x7d]), 0, 3)).toBeNull();
    expect(asciiText(new Uint8Array([0x7b, 0x7f, 0x7d]), 0, 3)).toBe('{\x7f}');
  });
});
