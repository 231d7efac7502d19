import { describe, expect, test } from 'vitest';
import { createProcessor } from '../../../src/families/index.js';
import { ev, findings, jsonLines, type Finding } from '../../check/captures.js';

/** The framer's and decoder's findings alone (no stream rule runs). */
function framingFindings(capture: string | Uint8Array): Finding[] {
  const processor = createProcessor({ rules: [] });
  processor.feed(typeof capture === 'string' ? new TextEncoder().encode(capture) : capture);
  processor.end();
  return findings(processor.diagnostics);
}

const created = JSON.stringify(ev.created());
const withByte = (text: string, marker: string, byte: number): Uint8Array => {
  const bytes = Buffer.from(text, 'utf8');
  bytes[bytes.indexOf(marker)] = byte;
  return bytes;
};

describe('framing findings: each points at its own line', () => {
  test.each<[string, string | Uint8Array, Finding[]]>([
    ['SSE events', `event: response.created\ndata: ${created}\n\n`, []],
    ['JSON lines', jsonLines([ev.created(), ev.delta('a')]), []],
    ['comments, id: and retry: lines', `: hi\nid: 1\nretry: 10\ndata: ${created}\n\n`, []],

    ['invalid-json: a data payload that does not parse', `data: ${created}\n\ndata: {"type":"response.output_text.delta",}\n\n`, [
      { code: 'invalid-json', severity: 'error', line: 3 },
    ]],
    ['invalid-json: a JSON line that does not parse', `${created}\n{"type": nope}\n`, [{ code: 'invalid-json', severity: 'error', line: 2 }]],
    ['invalid-json: a multi-line payload points at its first data: line', `data: {"type":\ndata: "keepalive",\n\n`, [
      { code: 'invalid-json', severity: 'error', line: 1 },
    ]],
    ['invalid-json: the input cut inside an event', `${created}\n{"type":"response.output_text.delta","delta":"ab`, [{ code: 'invalid-json', severity: 'error', line: 2 }]],
    ['[DONE] is never parsed as JSON', `data: ${created}\n\ndata: [DONE]\n\ndata: DONE\n\n`, []],

    ['invalid-utf8: a byte that is not UTF-8', withByte(`${created}\n{"type":"keepalive","pad":"X"}\n`, 'X', 0xff), [{ code: 'invalid-utf8', severity: 'error', line: 2 }]],
    ['invalid-utf8: half of a two-byte character', withByte(`${created}\n{"type":"keepalive","pad":"X"}\n`, 'X', 0xc3), [{ code: 'invalid-utf8', severity: 'error', line: 2 }]],
    ['valid multi-byte UTF-8 is fine', jsonLines([ev.delta('héllo wörld — ✓ 😀')]), []],

    ['unrecognized-line: a line that is none of the framings', `${created}\nthis is not a capture\n`, [{ code: 'unrecognized-line', severity: 'warning', line: 2 }]],
    ['unrecognized-line: an unknown SSE field', `data: ${created}\nfoo: bar\n\n`, [{ code: 'unrecognized-line', severity: 'warning', line: 2 }]],

    ['missing-type: an object without type', `${created}\n{"object":"keepalive"}\n`, [{ code: 'missing-type', severity: 'error', line: 2 }]],
    ['missing-type: a type that is not a string', `${created}\n{"type":42}\n`, [{ code: 'missing-type', severity: 'error', line: 2 }]],
    ['missing-type: an array', `data: [1,2]\n\n`, [{ code: 'missing-type', severity: 'error', line: 1 }]],
    ['a chat chunk has no type and needs none', `data: {"id":"c","object":"chat.completion.chunk","choices":[]}\n\n`, []],

    ['unknown-event: a type respcat does not know', jsonLines([ev.created(), { type: 'response.brand_new.delta', delta: 'x' }]), [
      { code: 'unknown-event', severity: 'info', line: 2 },
    ]],
    ['legacy names are known', jsonLines([ev.created(), { type: 'response.output_text_annotation.added', item_id: 'm', output_index: 0, annotation: {} }]), []],
    ['keepalive is known', jsonLines([{ type: 'keepalive' }]), []],

    ['http-error: a non-2xx JSON error body, at its first line', 'HTTP/1.1 401 Unauthorized\ncontent-type: application/json\n\n{\n  "error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}\n}\n', [
      { code: 'http-error', severity: 'error', line: 4 },
    ]],
    ['http-error: a status line and headers only', 'HTTP/2 503\nserver: x\n\n', [{ code: 'http-error', severity: 'error', line: 4 }]],
    ['a 200 preamble before the stream', `HTTP/2 200\ncontent-type: text/event-stream\n\ndata: ${created}\n\n`, []],
    ['an interim 100 Continue before the 200', `HTTP/1.1 100 Continue\n\nHTTP/1.1 200 OK\n\ndata: ${created}\n\n`, []],
  ])('%s', (_name, capture, expected) => {
    expect(framingFindings(capture)).toEqual(expected);
  });

  test('messages quote the offending text, cut short', () => {
    const processor = createProcessor({ rules: [] });
    processor.feed(new TextEncoder().encode(`not a capture ${'x'.repeat(500)}\n{"type":42}\n{"type": nope}\n`));
    processor.end();
    const messages = processor.diagnostics.map((d) => d.message);
    expect(messages[0]).toMatch(/^Expected an SSE field, a JSON line or a blank line, found "not a capture x+…"$/);
    expect(messages[0]?.length).toBeLessThan(120);
    expect(messages[1]).toBe('Expected an event object with a string "type", found "{\\"type\\":42}"');
    expect(messages[2]).toMatch(/^Expected a JSON event, found "\{\\"type\\": nope\}" \(/);
  });

  test('http-error quotes the API error code and message', () => {
    const processor = createProcessor({ rules: [] });
    processor.feed(new TextEncoder().encode('HTTP/1.1 429 Too Many Requests\n\n{"error":{"message":"Slow down","code":"rate_limit_exceeded"}}\n'));
    processor.end();
    expect(processor.diagnostics.map((d) => d.message)).toEqual(['HTTP 429 instead of a stream: "rate_limit_exceeded: Slow down"']);
  });
});
