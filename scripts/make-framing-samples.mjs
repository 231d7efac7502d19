// Re-frames the seed capture in the other framings of SPEC §2, so every framing has a sample whose
// expected stdout and image bytes are the seed's. Run once; the outputs are committed in samples/.
import { readFileSync, writeFileSync } from 'node:fs';

const seed = readFileSync(new URL('../samples/seed-image-gen.sse', import.meta.url), 'utf8');
const events = seed.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice('data: '.length));
const type = (json) => JSON.parse(json).type;
const out = (name, text) => writeFileSync(new URL(`../samples/${name}`, import.meta.url), text);

// Standard SSE with CRLF line endings: event + data + blank line.
out('seed-crlf.sse', events.map((e) => `event: ${type(e)}\r\ndata: ${e}\r\n\r\n`).join(''));

// `curl -i` output: HTTP preamble, keep-alive comments, data before event in some blocks, id/retry fields.
out(
  'seed-curl-i.sse',
  'HTTP/2 200 \r\ncontent-type: text/event-stream; charset=utf-8\r\nopenai-processing-ms: 112\r\n\r\n' +
    ': keep-alive\n\nretry: 3000\n\n' +
    events
      .map((e, i) => (i % 2 === 0 ? `event: ${type(e)}\nid: ${i}\ndata: ${e}\n\n` : `data:${e}\nevent: ${type(e)}\n\n`) + (i % 10 === 9 ? ': keep-alive\n\n' : ''))
      .join(''),
);

// Bare JSON lines, as SDKs log them.
out('seed-json-lines.jsonl', events.map((e) => `${e}\n`).join(''));

// Lone CR line endings, a UTF-8 BOM, `data:` with no space, `[DONE]`, and no line end after the last line.
out('seed-lone-cr.sse', '\ufeff' + events.map((e) => `data:${e}\r\r`).join('') + 'data: [DONE]');

// Multi-line data: each event's JSON split over several `data:` lines (SSE joins them with LF).
out(
  'seed-multiline-data.sse',
  events
    .map((e) => {
      const parts = e.split(/(?<=,)(?=")/);
      return `event: ${type(e)}\n${parts.map((p) => `data: ${p}`).join('\n')}\n\n`;
    })
    .join(''),
);
