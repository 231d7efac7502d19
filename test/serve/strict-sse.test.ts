import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readBodyFraming } from '../../src/serve/strict-sse.js';
import { SAMPLES, SEED } from '../support/samples.js';

// serve reframes a capture only when a strict SSE client would not read its events as respcat does
// (docs/spec.md §9); every other capture goes out byte for byte.
const e = (n: number): string => JSON.stringify({ type: 'response.output_text.delta', sequence_number: n, delta: `d${n}` });

async function verdict(chunks: readonly (string | Uint8Array)[], skip = 0) {
  async function* source() {
    for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
  return readBodyFraming(source(), skip);
}

const cases: [string, string, boolean, string | null][] = [
  ['data: events, each ended by a blank line', `data: ${e(0)}\n\ndata: ${e(1)}\n\n`, true, null],
  ['event: and data: lines, CRLF', `event: a\r\ndata: ${e(0)}\r\n\r\nevent: b\r\ndata: ${e(1)}\r\n\r\n`, true, null],
  ['lone CR line ends', `data: ${e(0)}\r\rdata: ${e(1)}\r\r`, true, null],
  ['a BOM, comments, id: and retry: lines', `\ufeff: keep-alive\nid: 1\nretry: 10\ndata: ${e(0)}\n\n: ping\n\n`, true, null],
  ['one event over several data: lines', `data: {"type":"a",\ndata: "n":1}\n\n`, true, null],
  ['data: [DONE] at the end, ended by a blank line', `data: ${e(0)}\n\ndata: [DONE]\n\n`, true, null],
  ['data: without a space', `data:${e(0)}\n\n`, true, null],
  ['data lines without blank lines (the seed)', `data: ${e(0)}\ndata: ${e(1)}\n`, true, 'its events are not separated by blank lines'],
  ['JSON lines', `${e(0)}\n${e(1)}\n`, true, 'its events are JSON lines, not SSE'],
  ['one JSON line', `${e(0)}\n`, true, 'its events are JSON lines, not SSE'],
  ['a streamed JSON array (Gemini without alt=sse)', `[${e(0)},\r\n${e(1)}]`, true, 'its events are a streamed JSON array, not SSE'],
  ['a last event with no blank line after it', `data: ${e(0)}\n\ndata: ${e(1)}\n`, true, 'its last event has no blank line after it'],
  ['a last [DONE] with no line end', `data: ${e(0)}\n\ndata: [DONE]`, true, 'its last event has no blank line after it'],
  ['an event: block with no data (the openai SDK fails to parse it)', `event: ping\n\ndata: ${e(0)}\n\n`, true, 'a strict SSE client would read its events differently'],
  ['no event at all', 'hello\nworld\n', false, null],
  ['a JSON document over several lines (package.json): no event', '{\n  "name": "x",\n  "version": "1"\n}\n', false, 'its events are JSON lines, not SSE'],
  ['empty', '', false, null],
];

describe('readBodyFraming: does a strict SSE client read the events respcat reads?', () => {
  test.each(cases)('%s', async (_name, capture, hasEvents, notStrict) => {
    expect(await verdict([capture])).toEqual({ hasEvents, notStrict });
  });

  test.each(cases)('%s: the same verdict for every split into two chunks and into bytes', async (_name, capture, hasEvents, notStrict) => {
    const bytes = Buffer.from(capture);
    for (let at = 0; at <= bytes.length; at++) {
      expect(await verdict([bytes.subarray(0, at), bytes.subarray(at)]), `split at ${at}`).toEqual({ hasEvents, notStrict });
    }
    expect(await verdict([...bytes].map((byte) => Uint8Array.of(byte)))).toEqual({ hasEvents, notStrict });
  });

  test('the samples: the seed and the JSON-lines and lone-CR seeds need reframing, the proper SSE ones do not', async () => {
    const of = async (name: string) => (await verdict([readFileSync(join(SAMPLES, name))])).notStrict;
    expect(await of('seed-image-gen.sse')).toBe('its events are not separated by blank lines');
    expect(await of('seed-json-lines.jsonl')).toBe('its events are JSON lines, not SSE');
    expect(await of('seed-lone-cr.sse')).toBe('its last event has no blank line after it');
    expect(await of('seed-crlf.sse')).toBeNull();
    expect(await of('seed-multiline-data.sse')).toBeNull();
  });

  test('a curl -i preamble is skipped: only the body is what a client reads', async () => {
    const body = `data: ${e(0)}\n\n`;
    const preamble = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ndata: not a field of the body\r\n\r\n';
    expect(await verdict([preamble + body], preamble.length)).toEqual({ hasEvents: true, notStrict: null });
  });

  test('the seed is decided within its first events: memory does not grow with a capture that has no blank line', async () => {
    // 20,000 events of about 1 kB, never a blank line: read until the second, not to the end.
    const line = `data: ${JSON.stringify({ type: 'x', pad: 'p'.repeat(1000) })}\n`;
    let yielded = 0;
    async function* endless() {
      for (let i = 0; i < 20_000; i++, yielded++) yield Buffer.from(line);
    }
    expect((await readBodyFraming(endless(), 0)).notStrict).toBe('its events are not separated by blank lines');
    expect(yielded).toBeLessThan(3);
  });

  test('the seed itself', async () => {
    expect(await verdict([readFileSync(SEED)])).toEqual({ hasEvents: true, notStrict: 'its events are not separated by blank lines' });
  });
});
