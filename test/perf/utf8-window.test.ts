import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { nodeBytes, TRANSCODE_MIN, utf8Slice, utf8Valid } from '../../src/input/read-input.js';
import { createRandom, splitAt } from '../support/chunkings.js';
import { parseChunks } from '../support/parse.js';

// Payloads in a window of their chunk that is valid UTF-8 but not all ASCII are sliced with the host's UTF-8
// slice after one check of the window (processor option utf8Text) instead of a strict TextDecoder call each.
// Whatever the bytes and wherever the chunks split, the result must be TextDecoder's.
const strict = new TextDecoder('utf-8', { fatal: true });
const { asciiText, utf8Text, ...plain } = nodeBytes;

/** What a strict TextDecoder makes of bytes: their text, or null when they are not UTF-8. */
function decoded(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/** Byte sequences to mix: ASCII, 2-, 3- and 4-byte characters, a BOM, and what is not UTF-8. */
const PIECES: readonly number[][] = [
  [0x61], [0x20], [0x22], [0x5c, 0x6e], [0xc3, 0xa9], [0xc3, 0xbc], [0xe2, 0x80, 0x9c], [0xe2, 0x80, 0x94], [0xe6, 0x97, 0xa5], [0xf0, 0x9f, 0x99, 0x82],
  [0xef, 0xbb, 0xbf], // BOM
  [0xed, 0xa0, 0x80], // a lone high surrogate's encoding (U+D800)
  [0xed, 0xbf, 0xbf], // a lone low surrogate's encoding (U+DFFF)
  [0xc0, 0xaf], // overlong '/'
  [0xe0, 0x80, 0xaf], // overlong, three bytes
  [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
  [0xff], [0x80], [0xc3], [0xe2, 0x80], [0xf0, 0x9f, 0x99], // stray and cut-off bytes
  [0xef, 0xbf, 0xbe], // U+FFFE: a noncharacter, but UTF-8
];

function randomBytes(random: () => number, count: number, invalid: boolean): Buffer {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let piece = PIECES[Math.floor(random() * PIECES.length)] as number[];
    if (!invalid) while (decoded(Uint8Array.from(piece)) === null) piece = PIECES[Math.floor(random() * PIECES.length)] as number[];
    out.push(...piece);
  }
  return Buffer.from(out);
}

describe('the UTF-8 window: equal to a strict TextDecoder', () => {
  test('utf8Valid and utf8Slice agree with TextDecoder on random ranges of random bytes', () => {
    const random = createRandom(23);
    for (let run = 0; run < 3000; run++) {
      const bytes = randomBytes(random, 1 + Math.floor(random() * 40), random() < 0.4);
      const start = Math.floor(random() * bytes.length);
      const end = start + Math.floor(random() * (bytes.length - start + 1));
      const expected = decoded(bytes.subarray(start, end));
      expect(utf8Valid(bytes, start, end), `${bytes.toString('hex')} [${start}, ${end})`).toBe(expected !== null);
      // A slice never drops a BOM; the processor leaves payloads that start with one to TextDecoder.
      const bom = end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf;
      if (expected !== null) expect(utf8Slice(bytes, start, end)).toBe(bom ? `\ufeff${expected}` : expected);
    }
  });

  // Deltas of random text (valid, and some not: stray bytes, surrogates' encodings, overlongs), deltas that
  // start with a BOM, BOMs inside deltas, a data line whose value starts with a BOM, over several 64 KiB windows.
  function capture(seed: number): Buffer {
    const random = createRandom(seed);
    const parts: Buffer[] = [];
    let seq = 0;
    const add = (text: string | Buffer): number => parts.push(typeof text === 'string' ? Buffer.from(text) : text);
    add(`data: {"type":"response.created","sequence_number":${seq++},"response":{"id":"r","status":"in_progress","output":[]}}\n\n`);
    add(`data: {"type":"response.output_item.added","sequence_number":${seq++},"output_index":0,"item":{"id":"m","type":"message","status":"in_progress","content":[]}}\n\n`);
    for (let i = 0; i < 2500; i++) {
      const roll = random();
      // Bytes that are not UTF-8 in a few deltas of one stretch, so that most windows are valid UTF-8.
      const text = randomBytes(random, 1 + Math.floor(random() * 12), i >= 1200 && i < 1210);
      const head = Buffer.from(`{"type":"response.output_text.delta","sequence_number":${seq++},"item_id":"m","output_index":0,"content_index":0,"delta":"`);
      const body = Buffer.concat([head, text, Buffer.from('"}')]);
      if (roll > 0.995) add(Buffer.concat([Buffer.from('data: \ufeff'), body, Buffer.from('\n\n')]));
      else if (roll > 0.99) add(Buffer.concat([Buffer.from('data: '), body.subarray(0, 70), Buffer.from('\n\n')]));
      else add(Buffer.concat([Buffer.from(roll < 0.5 ? 'event: response.output_text.delta\ndata: ' : 'data: '), body, Buffer.from(roll < 0.7 ? '\n\n' : '\r\n')]));
    }
    add(`data: {"type":"response.completed","sequence_number":${seq++},"response":{"id":"r","status":"completed","output":[]}}\n\ndata: [DONE]\n`);
    return Buffer.concat(parts);
  }

  test.each([1, 2, 3])('a capture of mixed text (seed %i) parses as with TextDecoder alone, whole and split anywhere, multibyte characters included', (seed) => {
    const bytes = capture(seed);
    expect(bytes.length).toBeGreaterThan(2 * 65536);
    const expected = parseChunks([bytes], plain);
    expect(expected.diagnostics.some((d) => d.includes(':invalid-utf8:'))).toBe(true);
    expect(expected.diagnostics.some((d) => d.includes(':invalid-json:'))).toBe(true);
    const random = createRandom(seed * 7);
    // Cuts inside multibyte characters: every position that is not a character's first byte.
    const inside: number[] = [];
    for (let i = 1; i < bytes.length; i++) if (((bytes[i] as number) & 0xc0) === 0x80) inside.push(i);
    const splits: Uint8Array[][] = [
      [bytes],
      splitAt(bytes, Array.from({ length: Math.floor(bytes.length / 65536) }, (_, i) => (i + 1) * 65536)),
      splitAt(bytes, Array.from({ length: Math.floor(bytes.length / 1009) }, (_, i) => (i + 1) * 1009)),
      splitAt(bytes, inside.filter((_, k) => k % 97 === 0)),
      ...Array.from({ length: 6 }, () => splitAt(bytes, Array.from({ length: 25 }, () => Math.floor(random() * bytes.length)))),
      ...Array.from({ length: 6 }, () => splitAt(bytes, Array.from({ length: 25 }, () => inside[Math.floor(random() * inside.length)] as number))),
    ];
    for (const chunks of splits) expect(parseChunks(chunks, nodeBytes), `${chunks.length} chunks`).toEqual(expected);
  });

  test('the UTF-8 path is taken: windows checked once each, most payloads sliced', () => {
    const bytes = capture(1);
    let windows = 0;
    let slices = 0;
    parseChunks([bytes], {
      ...plain,
      asciiText,
      utf8Text: {
        valid: (chunk, start, end) => (windows++, utf8Text.valid(chunk, start, end)),
        slice: (chunk, start, end) => (slices++, utf8Text.slice(chunk, start, end)),
      },
    });
    expect(windows).toBeGreaterThan(2);
    expect(windows).toBeLessThan(200);
    expect(slices).toBeGreaterThan(1000);
  });
});

describe('payloads larger than a window', () => {
  // Checked whole with the SIMD check and sliced (processor.ts), not with a strict TextDecoder: the same
  // events, findings and texts, whether valid, invalid, cut inside a character or opening with a BOM.
  const mixed = (n: number): string => Array.from({ length: n }, (_, i) => ['é', '你好', '🙂', '“q”', 'a b ', '\\n', '\\"'][i % 7]).join('');
  const done = (text: string, n: number): Buffer =>
    Buffer.from(`data: {"type":"response.output_text.done","sequence_number":${n},"item_id":"msg_1","output_index":0,"content_index":0,"text":"${text}"}\n\n`);
  const bytes = Buffer.concat([
    Buffer.from('data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_1","status":"in_progress","model":"m","output":[]}}\n\n'),
    done(mixed(40_000), 1),
    // An invalid byte in the middle of a large payload.
    (() => {
      const line = done(mixed(30_000), 2);
      line[70_000] = 0xff;
      return line;
    })(),
    // A BOM before the JSON: TextDecoder drops it, a slice must not be taken.
    Buffer.concat([Buffer.from('data: '), Buffer.from([0xef, 0xbb, 0xbf]), done(mixed(30_000), 3).subarray(6)]),
    done(mixed(50_000), 4),
  ]);

  test('the same as TextDecoder alone, whole and split anywhere', () => {
    expect(bytes.length).toBeGreaterThan(4 * 65536);
    const expected = parseChunks([bytes], plain);
    expect(expected.diagnostics.some((d) => d.includes(':invalid-utf8:'))).toBe(true);
    const random = createRandom(5);
    const splits: Uint8Array[][] = [
      [bytes],
      splitAt(bytes, Array.from({ length: Math.floor(bytes.length / 65536) }, (_, i) => (i + 1) * 65536)),
      ...Array.from({ length: 8 }, () => splitAt(bytes, Array.from({ length: 5 }, () => Math.floor(random() * bytes.length)))),
    ];
    for (const chunks of splits) expect(parseChunks(chunks, nodeBytes), `${chunks.length} chunks`).toEqual(expected);
    // The whole-payload check read the three valid ones and turned down the invalid one (the BOM one is never
    // offered: TextDecoder drops a BOM, a slice would keep it).
    let whole = 0;
    parseChunks([bytes], { ...nodeBytes, utf8Text: { valid: (chunk, start, end) => (end - start > 65536 && whole++, utf8Text.valid(chunk, start, end)), slice: utf8Text.slice } });
    expect(whole).toBe(4);
  });
});

describe('utf8Slice of long text (ICU transcoder from TRANSCODE_MIN bytes on)', () => {
  // Valid UTF-8 only, as its callers check first; a BOM stays (ignoreBOM), as in a slice of a payload.
  const keeping = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const random = createRandom(23);

  test('the same text as TextDecoder, below, at and above the threshold, at any offset, Buffer or not', () => {
    let cases = 0;
    for (const size of [TRANSCODE_MIN - 5, TRANSCODE_MIN, TRANSCODE_MIN + 3, 3 * TRANSCODE_MIN + 7, 200_000]) {
      // Valid pieces only, a BOM first, 1- to 4-byte characters: `size` bytes or a few more.
      const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), randomBytes(random, Math.ceil(size / 2.2), false)]);
      const lead = Buffer.from('{"text":"');
      const bytes = Buffer.concat([lead, body, Buffer.from('"}')]);
      const start = lead.length;
      const end = start + body.length;
      const expected = keeping.decode(body);
      expect(expected.charCodeAt(0)).toBe(0xfeff);
      expect(utf8Slice(bytes, start, end)).toBe(expected);
      expect(utf8Slice(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), start, end)).toBe(expected);
      expect(utf8Slice(bytes.subarray(start, end), 0, body.length)).toBe(expected);
      cases++;
    }
    expect(cases).toBe(5);
  });
});
