import { describe, expect, test } from 'vitest';
import { LONG_STRING, parseLargeJson, UNCERTAIN } from '../../src/core/lazy-json.js';
import { nodeBytes } from '../../src/input/read-input.js';

const encoder = new TextEncoder();
const strict = new TextDecoder('utf-8', { fatal: true });
const decodeStrict = (bytes: Uint8Array): string => strict.decode(bytes);

/** Base64 of `n` pseudo-random bytes: what image payloads carry. */
function base64(n: number, seed = 1): string {
  const bytes = new Uint8Array(n);
  let a = seed;
  for (let i = 0; i < n; i++) {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    bytes[i] = a >>> 24;
  }
  return Buffer.from(bytes).toString('base64');
}

const B64 = base64(6000);
const B64B = base64(9000, 7);
const PLAIN = 'lorem ipsum dolor sit amet ~!@#$%^&*()_+`-={}[]|:;<>,.?/ '.repeat(100);

/** The full path: what every payload would give without the cheap one. */
function full(bytes: Uint8Array): unknown {
  return JSON.parse(decodeStrict(bytes));
}

/** The same bytes as a Node buffer, a plain Uint8Array, and views at every alignment (the word scan reads 4-byte words). */
function layouts(bytes: Uint8Array): [string, Uint8Array][] {
  const out: [string, Uint8Array][] = [
    ['buffer', Buffer.from(bytes)],
    ['uint8array', new Uint8Array(bytes)],
  ];
  for (const offset of [1, 2, 3]) {
    const backing = new Uint8Array(bytes.length + offset);
    backing.set(bytes, offset);
    out.push([`offset ${offset}`, backing.subarray(offset)]);
  }
  return out;
}

/** Asserts that the cheap path gives exactly the full path's value (key order included), or UNCERTAIN when asked. */
function expectSame(text: string | Uint8Array, outcome: 'lifted' | 'uncertain' = 'lifted', longString = LONG_STRING): void {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  for (const [layout, view] of layouts(bytes)) {
    for (const decodeAscii of [undefined, nodeBytes.decodeAscii]) {
      const lazy = parseLargeJson(view, decodeStrict, decodeAscii, longString);
      if (outcome === 'uncertain') {
        expect(lazy, layout).toBe(UNCERTAIN);
        continue;
      }
      expect(lazy, layout).not.toBe(UNCERTAIN);
      const expected = full(view);
      expect(lazy, layout).toEqual(expected);
      expect(JSON.stringify(lazy), layout).toBe(JSON.stringify(expected));
    }
  }
}

describe('parseLargeJson gives exactly what JSON.parse gives, or says it cannot be sure', () => {
  test.each<[string, string, ('lifted' | 'uncertain')?]>([
    [
      'a partial image event',
      `{"type":"response.image_generation_call.partial_image","sequence_number":5,"output_index":0,"item_id":"ig_1","partial_image_index":0,"partial_image_b64":"${B64}","size":"1024x1024","output_format":"png"}`,
    ],
    ['type and sequence_number last (Bedrock key order)', `{"partial_image_b64":"${B64}","item_id":"ig_1","sequence_number":7,"type":"response.image_generation_call.partial_image"}`],
    [
      'nested type keys before the top-level one',
      `{"item":{"type":"image_generation_call","id":"ig_1","result":"${B64}","content":[{"type":"output_text","text":"x"}]},"output_index":0,"type":"response.output_item.done","sequence_number":9}`,
    ],
    ['escapes in short strings around a long one', `{"type":"a\\"b","text":"line\\nbreak \\\\ tab\\t \\u00e9 \\ud83d\\ude00 \\/","b64":"${B64}","after":"\\"quoted\\""}`],
    ['escapes inside the long string keep it in the skeleton', `{"type":"a","text":"${PLAIN}\\n${PLAIN}\\"end","b64":"${B64}"}`],
    ['unicode escapes inside a long string', `{"type":"a","text":"${PLAIN}\\u00e9\\u4e2d\\ud83d\\ude00","b64":"${B64}"}`],
    ['raw UTF-8 inside a long string keeps it in the skeleton', `{"type":"a","text":"${PLAIN}é中😀","b64":"${B64}"}`],
    ['DEL (0x7F) is plain ASCII', `{"type":"a","b64":"${B64}\u007f"}`],
    ['several long strings in an array', `{"type":"a","list":["${B64}","${B64B}",{"x":"${B64}"},["${B64B}"]]}`],
    ['a terminal response repeating every result', `{"type":"response.completed","response":{"id":"r","output":[{"id":"ig_1","type":"image_generation_call","result":"${B64}"},{"id":"ig_2","type":"image_generation_call","result":"${B64B}"}],"usage":{"input_tokens":1}},"sequence_number":40}`],
    ['duplicate keys: the last one wins', `{"type":"a","b64":"${B64}","b64":"${B64B}","c":"short","c":"${B64}"}`],
    ['an own __proto__ key', `{"type":"a","__proto__":"${B64}","x":{"__proto__":"${B64B}"}}`],
    ['whitespace everywhere between tokens', ` \t{ "type" :\t"a" , "b64"\t:  "${B64}"  ,"n" : -0.5e+3 , "t":true,"f":false,"z":null } \t`],
    ['numbers of every shape', `{"type":"a","b64":"${B64}","n":[0,-0,1e308,-1.5E-7,123456789012345678901234567890,0.1]}`],
    ['long keys are never lifted', `{"type":"a","${PLAIN.replaceAll(' ', '_')}":"${B64}"}`],
    ['a UTF-8 BOM before the object', `\ufeff{"type":"a","b64":"${B64}"}`],
    ['deep nesting around a long string', `${'{"a":['.repeat(300)}"${B64}"${']}'.repeat(300)}`],
    ['a string exactly at the lifting threshold', `{"type":"a","b64":"${'A'.repeat(LONG_STRING)}","short":"${'A'.repeat(LONG_STRING - 1)}"}`],
  ])('%s', (_name, text, outcome) => {
    expectSame(text, outcome ?? 'lifted');
  });

  test.each<[string, string | Uint8Array]>([
    ['no long string at all', '{"type":"a","b":"short"}'],
    ['a raw control character in a long string (JSON.parse rejects it)', `{"type":"a","b64":"${B64}\t${B64}"}`],
    ['a \\u0000 escape anywhere (it could pose as a placeholder)', `{"type":"a","nul":"\\u00000","b64":"${B64}"}`],
    ['a trailing comma', `{"type":"a","b64":"${B64}",}`],
    ['a missing closing brace', `{"type":"a","b64":"${B64}"`],
    ['an unterminated long string (a cut-off line)', `{"type":"a","b64":"${B64}`],
    ['the whole payload is one long string', `"${B64}"`],
    ['invalid UTF-8 outside the long string', new Uint8Array([...encoder.encode(`{"type":"a","x":"`), 0xff, ...encoder.encode(`","b64":"${B64}"}`)])],
    ['a lone surrogate half of a UTF-8 sequence', new Uint8Array([...encoder.encode(`{"type":"a","x":"`), 0xe4, 0xb8, ...encoder.encode(`","b64":"${B64}"}`)])],
  ])('uncertain: %s', (_name, text) => {
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    expect(parseLargeJson(bytes, decodeStrict)).toBe(UNCERTAIN);
  });

  test('with every string lifted (threshold 1), real-looking events still parse the same', () => {
    const events = [
      `{"type":"response.output_text.delta","sequence_number":12,"item_id":"msg_1","output_index":1,"content_index":0,"delta":" word","logprobs":[]}`,
      `{"type":"response.output_text.done","text":"a \\"quoted\\" line\\nand more","item_id":"msg_1","output_index":1,"content_index":0}`,
      `{"type":"error","error":{"type":"invalid_request_error","code":"bad","message":"Nope","param":null}}`,
      `{"object":"chat.completion.chunk","id":"c","choices":[{"index":0,"delta":{"content":"hé"},"finish_reason":null}]}`,
      `{"type":"response.completed","response":{"id":"r","status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"Hi"}]}],"usage":{"input_tokens":3,"output_tokens":2}}}`,
      `{"type":"","x":"","y":["","z"],"w":{"":"v"}}`,
    ];
    for (const text of events) {
      const bytes = encoder.encode(text);
      const lazy = parseLargeJson(bytes, decodeStrict, undefined, 1);
      expect(lazy, text).not.toBe(UNCERTAIN);
      expect(JSON.stringify(lazy)).toBe(JSON.stringify(full(bytes)));
    }
  });

  test('a huge base64 field (20 MB) is lifted and read straight from the bytes', () => {
    const huge = 'QUJD'.repeat(5_000_000);
    const bytes = Buffer.from(`{"type":"response.image_generation_call.partial_image","sequence_number":3,"partial_image_b64":"${huge}","output_format":"png"}`);
    const value = parseLargeJson(bytes, decodeStrict, nodeBytes.decodeAscii) as Record<string, unknown>;
    expect(value).not.toBe(UNCERTAIN);
    expect(value.partial_image_b64).toBe(huge);
    expect(Object.keys(value)).toEqual(['type', 'sequence_number', 'partial_image_b64', 'output_format']);
  });
});

describe('deferred keys (decoded on first read)', () => {
  const text = `{"type":"response.completed","response":{"output":[{"id":"ig_1","result":"${B64}","revised_prompt":"${PLAIN}"},{"id":"ig_2","result":"${B64B}"},{"id":"ig_3","result":""}],"__proto__":{"result":"${B64}"}}}`;
  const bytes = encoder.encode(text);
  const deferred = new Set(['result']);
  type Output = { output: Record<string, unknown>[] };

  test('a deferred string is an accessor until read, then the same data property JSON.parse gives', () => {
    for (const [layout, view] of layouts(bytes)) {
      const lazy = parseLargeJson(view, decodeStrict, nodeBytes.decodeAscii, LONG_STRING, deferred) as { response: Output };
      const [first, second, third] = lazy.response.output as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
      // Lifted strings under other keys, and short results, are plain data from the start.
      expect(Object.getOwnPropertyDescriptor(first, 'revised_prompt')?.value, layout).toBe(PLAIN);
      expect(Object.getOwnPropertyDescriptor(third, 'result')?.value, layout).toBe('');
      expect(Object.getOwnPropertyDescriptor(first, 'result')?.get, layout).toBeTypeOf('function');
      expect(first.result, layout).toBe(B64);
      expect(Object.getOwnPropertyDescriptor(first, 'result'), layout).toEqual({ value: B64, writable: true, enumerable: true, configurable: true });
      // Key order is the wire's, before and after the read.
      expect(Object.keys(first), layout).toEqual(['id', 'result', 'revised_prompt']);
      // A write replaces it without decoding; everything else equals the full path, key order included.
      second.result = 'replaced';
      expect(second.result, layout).toBe('replaced');
      second.result = B64B;
      expect(JSON.stringify(lazy), layout).toBe(JSON.stringify(full(view)));
      expect(lazy, layout).toEqual(full(view));
    }
  });

  test('JSON.stringify and spreads read deferred strings like any other', () => {
    const lazy = parseLargeJson(bytes, decodeStrict, nodeBytes.decodeAscii, LONG_STRING, deferred) as { response: Output };
    expect(JSON.stringify(lazy)).toBe(JSON.stringify(full(bytes)));
    const again = parseLargeJson(bytes, decodeStrict, nodeBytes.decodeAscii, LONG_STRING, deferred) as { response: Output };
    expect({ ...again.response.output[1] }).toEqual({ id: 'ig_2', result: B64B });
  });

  test('pieces stay readable after parsing: a deferred string spanning pieces decodes right', () => {
    const cut = [1, 7000, 7001, 12_000, bytes.length - 3];
    const pieces = cut.map((at, i) => bytes.subarray(i === 0 ? 0 : (cut[i - 1] as number), at)).concat([bytes.subarray(cut[cut.length - 1] as number)]);
    const lazy = parseLargeJson(pieces, decodeStrict, nodeBytes.decodeAscii, LONG_STRING, deferred) as { response: Output };
    // Another parse in between reuses the scratch buffer of its own source, not this one's.
    parseLargeJson(pieces, decodeStrict, nodeBytes.decodeAscii, LONG_STRING, deferred);
    expect(lazy).toEqual(full(bytes));
  });
});

describe('strings with escapes end where JSON.parse says, split anywhere', () => {
  // Escape-heavy strings: runs of backslashes before quotes, escaped quotes, \u escapes (\u0000 among them).
  const ATOMS = ['\\\\', '\\"', '\\n', '\\u0041', '\\u0000', '\\u00e9', '\\/', 'a', ' ', '"', 'é', '\\\\\\"', '0000', 'u'];
  function randomString(random: () => number): string {
    let text = '';
    const length = 1 + Math.floor(random() * 12);
    // A raw quote is not allowed inside a JSON string: it ends it (the result is invalid JSON, also a case).
    for (let i = 0; i < length; i++) text += ATOMS[Math.floor(random() * ATOMS.length)] as string;
    return text;
  }

  test('300 random payloads, each whole and in pieces split at random places', () => {
    let seed = 11;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let run = 0; run < 300; run++) {
      const text = `{"type":"x","a":"${randomString(random)}","b64":"${B64}","b":["${randomString(random)}","${B64B}"],"c":"${randomString(random)}"}`;
      const bytes = encoder.encode(text);
      let expected: unknown;
      try {
        expected = full(bytes);
      } catch {
        expected = UNCERTAIN;
      }
      const cuts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => Math.floor(random() * bytes.length)).sort((x, y) => x - y);
      const pieces = [0, ...cuts].map((at, i) => bytes.subarray(at, cuts[i] ?? bytes.length)).filter((piece) => piece.length > 0);
      for (const [name, input] of [['whole', Buffer.from(bytes)], ['pieces', pieces.map((piece) => Buffer.from(piece))]] as const) {
        const lazy = parseLargeJson(input, decodeStrict, nodeBytes.decodeAscii);
        // The cheap path may always decline; when it answers, it is JSON.parse's answer.
        if (lazy !== UNCERTAIN) expect(JSON.stringify(lazy), `${name}: ${text.slice(0, 80)}`).toBe(JSON.stringify(expected));
        // A payload holding \u0000 in a string always declines (it could pose as a placeholder).
        if (expected !== UNCERTAIN && !text.includes('\\u0000')) expect(lazy, `${name}: ${text.slice(0, 80)}`).not.toBe(UNCERTAIN);
      }
    }
  });
});

describe('the printable-ASCII check of long strings (words four at a time, then the tail)', () => {
  test('one bad byte anywhere (start, middle, tail, every alignment) sends the payload to the full path', () => {
    const head = encoder.encode('{"type":"a","b64":"');
    const tail = encoder.encode('"}');
    const body = encoder.encode(B64);
    const positions = [...Array.from({ length: 70 }, (_, i) => i), 4001, 4002, 4003, ...Array.from({ length: 40 }, (_, i) => body.length - 40 + i)];
    for (const position of positions) {
      for (const [byte, lifted] of [[0x00, false], [0x09, false], [0x1f, false], [0x80, false], [0xff, false], [0x20, true], [0x7f, true]] as const) {
        const bytes = new Uint8Array(head.length + body.length + tail.length);
        bytes.set(head);
        bytes.set(body, head.length);
        bytes[head.length + position] = byte;
        bytes.set(tail, head.length + body.length);
        for (const [layout, view] of layouts(bytes)) {
          const lazy = parseLargeJson(view, decodeStrict);
          if (lifted) expect(lazy, `${layout}: 0x${byte.toString(16)} at ${position}`).toEqual(full(view));
          else expect(lazy, `${layout}: 0x${byte.toString(16)} at ${position}`).toBe(UNCERTAIN);
        }
      }
    }
  });
});
