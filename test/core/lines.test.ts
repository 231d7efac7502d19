import { describe, expect, test } from 'vitest';
import { createLineSplitter } from '../../src/core/lines.js';

// The line splitter finds line ends with indexOf (memchr), once per line and never again for a terminator
// that is absent: lines of every length, every terminator, split into chunks anywhere, must give the lines
// and terminator counts of splitting the whole input at once.
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

function makeInput(next: () => number): Uint8Array {
  const parts: number[] = [];
  const lines = 1 + Math.floor(next() * 40);
  for (let l = 0; l < lines; l++) {
    const kind = next();
    const length = kind < 0.3 ? Math.floor(next() * 8) : kind < 0.8 ? 100 + Math.floor(next() * 60) : Math.floor(next() * 600);
    for (let b = 0; b < length; b++) parts.push(0x61 + Math.floor(next() * 26));
    const terminator = next();
    if (terminator < 0.6) parts.push(0x0a);
    else if (terminator < 0.8) parts.push(0x0d, 0x0a);
    else if (terminator < 0.95) parts.push(0x0d);
  }
  return Uint8Array.from(parts);
}

function reference(input: Uint8Array): { lines: string[]; rest: string; endings: { lf: number; crlf: number; cr: number } } {
  const text = Buffer.from(input).toString('latin1');
  const lines: string[] = [];
  const endings = { lf: 0, crlf: 0, cr: 0 };
  const pattern = /\r\n|\r|\n/g;
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    lines.push(text.slice(last, match.index));
    if (match[0] === '\n') endings.lf++;
    else if (match[0] === '\r\n') endings.crlf++;
    else endings.cr++;
    last = match.index + match[0].length;
  }
  return { lines, rest: text.slice(last), endings };
}

function splitInChunks(input: Uint8Array, cuts: readonly number[]) {
  const splitter = createLineSplitter();
  const lines: string[] = [];
  let pending = '';
  let from = 0;
  for (const to of [...cuts, input.length]) {
    const chunk = Buffer.from(input.subarray(from, to));
    const rest = splitter.split(chunk, {
      line(bytes, start, end) {
        lines.push(pending + Buffer.from(bytes.subarray(start, end)).toString('latin1'));
        pending = '';
      },
    });
    pending += chunk.subarray(rest).toString('latin1');
    from = to;
  }
  return { lines, rest: pending, endings: { ...splitter.endings } };
}

describe('createLineSplitter', () => {
  test('random lines of 0–600 bytes with LF, CRLF and CR, whole and in random chunks', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const input = makeInput(next);
      const expected = reference(input);
      expect(splitInChunks(input, []), `seed ${seed}, whole`).toEqual(expected);
      const cuts = [...new Set(Array.from({ length: Math.floor(next() * 12) }, () => Math.floor(next() * input.length)))].sort((a, b) => a - b);
      expect(splitInChunks(input, cuts), `seed ${seed}, cut at ${cuts.join(',')}`).toEqual(expected);
      // Every byte a chunk of its own, where a CRLF is always split.
      if (seed % 30 === 0) expect(splitInChunks(input, Array.from({ length: input.length - 1 }, (_, i) => i + 1))).toEqual(expected);
    }
  });

  test('lines of lengths around 128 and 256 bytes, each terminator, whole and cut after the first', () => {
    for (const length of [126, 127, 128, 129, 130, 255, 256, 257]) {
      for (const terminator of ['\n', '\r\n', '\r']) {
        const input = Buffer.from(`${'x'.repeat(length)}${terminator}${'y'.repeat(length)}${terminator}z`, 'latin1');
        expect(splitInChunks(input, [])).toEqual(reference(input));
        expect(splitInChunks(input, [length + 1])).toEqual(reference(input));
      }
    }
  });
});
