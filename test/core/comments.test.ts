import { describe, expect, test } from 'vitest';
import { createFramer } from '../../src/core/sse.js';
import { chunkings } from '../support/chunkings.js';

/** Every comment the framer reports for `chunks`, as `line:text`. */
function comments(chunks: readonly Uint8Array[]): string[] {
  const found: string[] = [];
  const framer = createFramer(() => {}, { onComment: (text, position) => found.push(`${position.line}:${text}`) });
  for (const chunk of chunks) framer.feed(chunk);
  framer.end();
  return found;
}

describe('the framer hands each SSE comment line to onComment (for `: respcat-ignore CODE`, issue 22)', () => {
  const input = new TextEncoder().encode(': respcat-ignore invalid-image\r\ndata: {"type":"a"}\n\n:keep-alive é\r: \n  : not a comment\ndata: {"type":"b"}\n:last');

  test('the text after the colon, at the comment\'s line; an indented colon is no comment; the same for every split', () => {
    const expected = ['1: respcat-ignore invalid-image', '4:keep-alive é', '5: ', '8:last'];
    expect(comments([input])).toEqual(expected);
    for (const { name, chunks } of chunkings(input, { random: 20 })) expect(comments(chunks), name).toEqual(expected);
  });

  test('a long comment line is cut to its first 256 bytes', () => {
    const long = new TextEncoder().encode(`:${'x'.repeat(100_000)}\ndata: {"type":"a"}\n`);
    const found = comments([long.subarray(0, 5000), long.subarray(5000)]);
    expect(found).toEqual([`1:${'x'.repeat(255)}`]);
  });
});
