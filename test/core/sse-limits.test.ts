import { describe, expect, test } from 'vitest';
import { createFramer, MAX_EVENT_BYTES, type Frame } from '../../src/core/sse.js';
import { createRandom, splitAt } from '../support/chunkings.js';

// docs/spec.md §10: a line that cannot be an event is dropped as it streams (told from its first 256 bytes), an
// event over the limit is reported and skipped, and neither holds more than that while it streams.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const LIMIT = 4096;

/** Frames as readable strings (payloads by length and head), and the most bytes the framer held between two chunks. */
function frame(chunks: readonly Uint8Array[], maxEventBytes = LIMIT): { frames: string[]; held: number } {
  const frames: string[] = [];
  const framer = createFramer(
    (f: Frame) => {
      switch (f.kind) {
        case 'payload': {
          const text = decoder.decode(f.bytes);
          frames.push(`payload@${f.position.line}:${f.position.byte}${f.eventName !== null ? `[${f.eventName.length > 20 ? `${f.eventName.length} chars` : f.eventName}]` : ''}${f.unterminated ? '(cut)' : ''} ${text.length > 40 ? `${text.length} bytes ${text.slice(0, 20)}` : text}`);
          break;
        }
        case 'diagnostic':
          frames.push(`${f.diagnostic.code}@${f.diagnostic.position.line}:${f.diagnostic.position.byte} ${f.diagnostic.message}`);
          break;
        case 'done':
          frames.push(`done@${f.position.line}`);
          break;
        case 'http-status':
          frames.push(`http@${f.position.line} ${f.status} ${f.statusLine.length}`);
          break;
        case 'http-error-body':
          frames.push(`http-error@${f.position.line} ${f.status} ${f.body.length} chars`);
          break;
      }
    },
    { maxEventBytes, reuseJoinBuffer: true },
  );
  let held = 0;
  for (const chunk of chunks) {
    framer.feed(chunk);
    held = Math.max(held, framer.pendingBytes);
  }
  framer.end();
  frames.push(`stats lines=${framer.stats.lines} blank=${framer.stats.blankLines} comments=${framer.stats.comments} unrecognized=${framer.stats.unrecognized} bytes=${framer.stats.bytes}`);
  return { frames, held };
}

/** Whole, in pieces of fixed sizes around the stand-in's 259 bytes, one byte at a time, and seeded random splits. */
function* splits(bytes: Uint8Array): Generator<[string, Uint8Array[]]> {
  yield ['whole', [bytes]];
  // (Byte by byte only where that is quick: a megabyte fed one byte at a time takes seconds.)
  for (const size of [...(bytes.length < 100_000 ? [1, 7] : []), 64, 255, 256, 257, 258, 259, 260, 1000, 4095, 4096, 4097]) {
    yield [`pieces of ${size}`, splitAt(bytes, Array.from({ length: Math.ceil(bytes.length / size) - 1 }, (_, i) => (i + 1) * size))];
  }
  const random = createRandom(11);
  for (let run = 0; run < 30; run++) {
    const cuts = Array.from({ length: 1 + Math.floor(random() * 10) }, () => Math.floor(random() * bytes.length));
    yield [`random ${cuts.join(',')}`, splitAt(bytes, cuts)];
  }
}

const ev = (type: string) => `data: {"type":"${type}"}\n`;
/** A JSON event of exactly `bytes` bytes. */
const json = (bytes: number) => `{"type":"big","x":"${'x'.repeat(bytes - 21)}"}`;
const junk = (bytes: number, fill = 'z') => fill.repeat(bytes);
const TOO_LARGE = `Expected an event of at most ${LIMIT} bytes, found`;

describe('long lines: dropped as they stream when they cannot be events, skipped when over the limit', () => {
  const cases: [string, string, string[], number][] = [
    [
      'a junk line of 20 kB between events',
      `${ev('a')}${junk(20_000)}\n${ev('b')}`,
      ['payload@1:0 {"type":"a"}', `unrecognized-line@2:19 Expected an SSE field, a JSON line or a blank line, found "${'z'.repeat(40)}…"`, 'payload@3:20020 {"type":"b"}', 'stats lines=3 blank=0 comments=0 unrecognized=1 bytes=20039'],
      259,
    ],
    [
      'a data: line one byte over the limit, then an event',
      `data: ${json(LIMIT - 5)}\n${ev('b')}`,
      [`event-too-large@1:0 ${TOO_LARGE} a line of ${LIMIT + 1} bytes; skipped`, `payload@2:${LIMIT + 2} {"type":"b"}`, 'stats lines=2 blank=0 comments=0 unrecognized=0 bytes=4117'],
      LIMIT,
    ],
    [
      'a data: line at the limit is an event, a byte more is too large',
      `data: ${json(LIMIT - 6)}\ndata: ${json(LIMIT - 5)}\n`,
      [`payload@1:0 ${LIMIT - 6} bytes {"type":"big","x":"x`, `event-too-large@2:${LIMIT + 1} ${TOO_LARGE} a line of ${LIMIT + 1} bytes; skipped`, 'stats lines=2 blank=0 comments=0 unrecognized=0 bytes=8195'],
      LIMIT,
    ],
    [
      'a JSON line over the limit, cut off by the end of the input',
      `${ev('a')}${json(50_000)}`,
      ['payload@1:0 {"type":"a"}', `event-too-large@2:19 ${TOO_LARGE} a line of 50000 bytes; skipped`, 'stats lines=2 blank=0 comments=0 unrecognized=0 bytes=50019'],
      LIMIT,
    ],
    [
      'a multi-line data: block over the limit, then a whole event',
      `data: {"type":\n${`data: "${'y'.repeat(1000)}",\n`.repeat(5)}data: "b"}\n${ev('c')}\n`,
      [`event-too-large@1:0 ${TOO_LARGE} a data: block of more than ${LIMIT} bytes; skipped`, 'payload@8:5076 {"type":"c"}', 'stats lines=9 blank=1 comments=0 unrecognized=0 bytes=5096'],
      1009,
    ],
    ['a comment of 20 kB is a comment', `: ${junk(20_000)}\n${ev('a')}`, ['payload@2:20003 {"type":"a"}', 'stats lines=2 blank=0 comments=1 unrecognized=0 bytes=20022'], 259],
    [
      'an event: line of 20 kB names the next event by its first 256 bytes',
      `event: ${junk(20_000, 'n')}\n${ev('a')}`,
      ['payload@2:20008[249 chars] {"type":"a"}', 'stats lines=2 blank=0 comments=0 unrecognized=0 bytes=20027'],
      259,
    ],
    ['a line of 20 kB of spaces is blank: it ends the block and its name', `event: x\n${' '.repeat(20_000)}\n${ev('a')}`, ['payload@3:20010 {"type":"a"}', 'stats lines=3 blank=1 comments=0 unrecognized=0 bytes=20029'], 259],
    [
      'JSON after 300 spaces is no JSON line: JSON starts within a line\'s first 256 bytes',
      `${' '.repeat(300)}{"type":"a"}\n${ev('b')}`,
      [`unrecognized-line@1:0 Expected an SSE field, a JSON line or a blank line, found "${' '.repeat(40)}…"`, 'payload@2:313 {"type":"b"}', 'stats lines=2 blank=0 comments=0 unrecognized=1 bytes=332'],
      259,
    ],
    [
      'JSON after 255 spaces is a JSON line, after 256 it is not',
      `${' '.repeat(255)}{"type":"a"}\n${' '.repeat(256)}{"type":"b"}\n`,
      [`payload@1:0 267 bytes ${' '.repeat(20)}`, `unrecognized-line@2:268 Expected an SSE field, a JSON line or a blank line, found "${' '.repeat(40)}…"`, 'stats lines=2 blank=0 comments=0 unrecognized=1 bytes=537'],
      268,
    ],
    [
      '20 kB of spaces, then junk',
      `${' '.repeat(20_000)}junk\n${ev('a')}`,
      [`unrecognized-line@1:0 Expected an SSE field, a JSON line or a blank line, found "${' '.repeat(40)}…"`, 'payload@2:20005 {"type":"a"}', 'stats lines=2 blank=0 comments=0 unrecognized=1 bytes=20024'],
      259,
    ],
    [
      'a BOM, then a junk first line of 20 kB',
      `\ufeff${junk(20_000)}\n${ev('a')}`,
      [`unrecognized-line@1:0 Expected an SSE field, a JSON line or a blank line, found "${'z'.repeat(40)}…"`, 'payload@2:20004 {"type":"a"}', 'stats lines=2 blank=0 comments=0 unrecognized=1 bytes=20023'],
      259,
    ],
    ['a BOM and 20 kB of spaces: a blank first line', `\ufeff${' '.repeat(20_000)}\n${ev('a')}`, ['payload@2:20004 {"type":"a"}', 'stats lines=2 blank=0 comments=0 unrecognized=0 bytes=20023'], 259],
    ['a status line of 20 kB', `HTTP/1.1 200 OK ${junk(20_000)}\r\n\r\n${ev('a')}`, ['http@1 200 200', 'payload@3:20020 {"type":"a"}', 'stats lines=3 blank=0 comments=0 unrecognized=0 bytes=20039'], 259],
    [
      'headers of 20 kB are skipped',
      `HTTP/1.1 200 OK\r\nx-junk: ${junk(20_000)}\r\n${' '.repeat(5000)}\r\n${ev('a')}`,
      ['http@1 200 15', 'payload@4:25029 {"type":"a"}', 'stats lines=4 blank=0 comments=0 unrecognized=0 bytes=25048'],
      259,
    ],
    ['an error body of 1.1 MB is kept to its first MiB', `HTTP/1.1 500 Oops\r\n\r\n{"error":"${junk(1_100_000)}"}\n`, ['http@1 500 17', 'http-error@3 500 1048576 chars', 'stats lines=3 blank=0 comments=0 unrecognized=0 bytes=1100034'], 1 << 20],
  ];

  test.each(cases)('%s', (_name, input, expected, maxHeld) => {
    const bytes = encoder.encode(input);
    for (const [name, chunks] of splits(bytes)) {
      const { frames, held } = frame(chunks);
      expect(frames, name).toEqual(expected);
      // The most an unfinished line held between chunks: its stand-in, or an event up to the limit.
      expect(held, name).toBeLessThanOrEqual(maxHeld);
    }
  });

  test('a megabyte of junk in 64 KiB pieces is never held, and is one finding', () => {
    const chunks = Array.from({ length: 16 }, () => encoder.encode(junk(65_536)));
    const { frames, held } = frame([...chunks, encoder.encode(`\n${ev('a')}`)]);
    expect(frames).toEqual(['unrecognized-line@1:0 Expected an SSE field, a JSON line or a blank line, found "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz…"', 'payload@2:1048577 {"type":"a"}', 'stats lines=2 blank=0 comments=0 unrecognized=1 bytes=1048596']);
    expect(held).toBe(0);
  });

  test('the limit is 256 MiB by default, and a host may lower it', () => {
    expect(MAX_EVENT_BYTES).toBe(256 * 1024 * 1024);
    const over = encoder.encode(`data: ${json(100)}\n`);
    expect(frame([over], 50).frames[0]).toBe('event-too-large@1:0 Expected an event of at most 50 bytes, found a line of 106 bytes; skipped');
    expect(frame([over], 2 ** 40).frames[0]).toMatch(/^payload@1:0 100 bytes/);
  });
});
