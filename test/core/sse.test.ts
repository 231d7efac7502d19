import { describe, expect, test } from 'vitest';
import { createFramer, type Frame } from '../../src/core/sse.js';
import { chunkings } from '../support/chunkings.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Frames as readable strings: `payload@line:byte <json>`, `done@line`, `diagnostic@line code`. */
function frame(chunks: readonly Uint8Array[]): string[] {
  const out: string[] = [];
  const framer = createFramer((f: Frame) => {
    switch (f.kind) {
      case 'payload':
        out.push(`payload@${f.position.line}:${f.position.byte}${f.eventName !== null ? `[${f.eventName}]` : ''}${f.unterminated ? '(cut)' : ''} ${decoder.decode(f.bytes)}`);
        break;
      case 'done':
        out.push(`done@${f.position.line}`);
        break;
      case 'diagnostic':
        out.push(`diagnostic@${f.diagnostic.position.line} ${f.diagnostic.code}`);
        break;
      case 'http-status':
        out.push(`http@${f.position.line} ${f.status}`);
        break;
      case 'http-error-body':
        out.push(`http-error@${f.position.line} ${f.status} ${f.body}`);
        break;
    }
  });
  for (const chunk of chunks) framer.feed(chunk);
  framer.end();
  return out;
}

const frameText = (text: string) => frame([encoder.encode(text)]);

describe('framings (docs/spec.md §2)', () => {
  test.each([
    ['SSE event + data, blank-line separated', 'event: a\ndata: {"type":"a"}\n\nevent: b\ndata: {"type":"b"}\n\n', ['payload@2:9[a] {"type":"a"}', 'payload@5:38[b] {"type":"b"}']],
    ['data before event (Bedrock)', 'data: {"type":"a"}\nevent: a\n\n', ['payload@1:0 {"type":"a"}']],
    ['data: without a space', 'data:{"type":"a"}\n\n', ['payload@1:0 {"type":"a"}']],
    ['data-only lines with no blank lines (the seed)', 'data: {"type":"a"}\ndata: {"type":"b"}\n', ['payload@1:0 {"type":"a"}', 'payload@2:19 {"type":"b"}']],
    ['bare JSON lines', '{"type":"a"}\n{"type":"b"}\n', ['payload@1:0 {"type":"a"}', 'payload@2:13 {"type":"b"}']],
    ['CRLF', 'data: {"type":"a"}\r\n\r\ndata: {"type":"b"}\r\n\r\n', ['payload@1:0 {"type":"a"}', 'payload@3:22 {"type":"b"}']],
    ['lone CR', 'data: {"type":"a"}\r\rdata: {"type":"b"}\r\r', ['payload@1:0 {"type":"a"}', 'payload@3:20 {"type":"b"}']],
    ['UTF-8 BOM', '\ufeffdata: {"type":"a"}\n', ['payload@1:0 {"type":"a"}']],
    ['comments, id and retry are skipped', ': keep-alive\nid: 7\nretry: 10\ndata: {"type":"a"}\n\n', ['payload@4:29 {"type":"a"}']],
    ['[DONE] and DONE end a stream, never parsed', 'data: {"type":"a"}\n\ndata: [DONE]\n\ndata: DONE\n', ['payload@1:0 {"type":"a"}', 'done@3', 'done@5']],
    ['a final event with no line end', 'data: {"type":"a"}', ['payload@1:0(cut) {"type":"a"}']],
    ['a cut-off final line', 'data: {"type":"a"}\ndata: {"type":"b","x":"unfini', ['payload@1:0 {"type":"a"}', 'payload@2:19(cut) {"type":"b","x":"unfini']],
    ['multi-line data joined with LF', 'data: {"type":\ndata: "a"}\n\n', ['payload@1:0 {"type":\n"a"}']],
    ['a whole data line is its own event even after an unfinished one', 'data: {"type":"a",\ndata: {"type":"b"}\n\n', ['payload@1:0 {"type":"a",', 'payload@2:19 {"type":"b"}']],
    ['an unrecognized line', 'hello\ndata: {"type":"a"}\n', ['diagnostic@1 unrecognized-line', 'payload@2:6 {"type":"a"}']],
    ['whitespace-only lines are blank', '  \ndata: {"type":"a"}\n \n', ['payload@2:3 {"type":"a"}']],
  ])('%s', (_name, input, expected) => {
    expect(frameText(input)).toEqual(expected);
  });

  test('a curl -i preamble is skipped for a 2xx stream', () => {
    expect(frameText('HTTP/2 200 \r\ncontent-type: text/event-stream\r\n\r\ndata: {"type":"a"}\n\n')).toEqual([
      'http@1 200',
      'payload@4:48 {"type":"a"}',
    ]);
  });

  test('a 100 Continue before the real status line', () => {
    expect(frameText('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{"type":"a"}\n')).toEqual(['http@1 100', 'http@3 200', 'payload@5:44 {"type":"a"}']);
  });

  test('a non-2xx JSON error body is collected whole, pretty-printed or not', () => {
    const body = '{\n  "error": {\n    "message": "Rate limit",\n    "code": "rate_limit_exceeded"\n  }\n}\n';
    expect(frameText(`HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\r\n${body}`)).toEqual([
      'http@1 429',
      `http-error@4 429 ${body.trimEnd()}`,
    ]);
  });

  test('a multi-megabyte line is one payload', () => {
    const big = 'x'.repeat(5_000_000);
    const frames = frame([encoder.encode(`data: {"type":"a","b":"${big}"}\n`)]);
    expect(frames).toHaveLength(1);
    expect(frames[0]?.length).toBe(`payload@1:0 {"type":"a","b":"${big}"}`.length);
  });

  test('stats count line endings, fields and framings', () => {
    const stats: unknown[] = [];
    const framer = createFramer(() => {});
    framer.feed(encoder.encode('\ufeff: c\r\nevent: a\r\ndata: {"type":"a"}\r\n\r\n{"type":"b"}\ndata: [DONE]\r'));
    framer.end();
    stats.push(framer.stats);
    expect(framer.stats).toMatchObject({ bom: true, crlf: 4, lf: 1, cr: 1, comments: 1, eventLines: 1, dataLines: 2, jsonLines: 1, done: 1, blankLines: 1 });
  });
});

describe('chunk boundaries never change the result', () => {
  const cases: [string, string | Uint8Array][] = [
    ['CRLF split between CR and LF', 'data: {"type":"a"}\r\n\r\ndata: {"type":"b"}\r\n\r\n'],
    ['lone CR endings', 'data: {"type":"a"}\rdata: {"type":"b"}\r'],
    ['mixed endings', 'event: a\r\ndata: {"type":"a"}\n\rdata: {"type":"b"}\r\n'],
    ['UTF-8 split mid-character', 'data: {"type":"a","delta":"héllo wörld 😀 日本語"}\n\n'],
    ['BOM split', '\ufeffdata: {"type":"a"}\n'],
    ['no final blank line', 'event: a\ndata: {"type":"a"}'],
    ['comments', ': keep-alive\n\ndata: {"type":"a"}\n\n: ping\n'],
    ['[DONE]', 'data: {"type":"a"}\n\ndata: [DONE]\n\n{"type":"b"}\n'],
    ['multi-line data', 'data: {"type":\ndata: "a"}\n\ndata: {\ndata: "type": "b"\ndata: }\n\n'],
    ['curl -i preamble', 'HTTP/1.1 200 OK\r\nx: y\r\n\r\ndata: {"type":"a"}\r\n\r\n'],
    ['an HTTP error body', 'HTTP/1.1 500 Oops\r\n\r\n{"error":\n{"message":"x"}}\n'],
    ['a cut-off line', 'data: {"type":"a"}\ndata: {"type":"b","x":"unfin'],
    ['garbage bytes', new Uint8Array([0xff, 0x0d, 0x0a, 0x0d, 0xfe, 0x0a, 0x7b, 0x7d, 0x0d])],
  ];
  test.each(cases)('%s', (_name, input) => {
    const bytes = typeof input === 'string' ? encoder.encode(input) : input;
    const expected = frame([bytes]);
    for (const { name, chunks } of chunkings(bytes, { random: 50 })) {
      expect(frame(chunks), name).toEqual(expected);
    }
  });
});
