import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { readChunks } from '../../src/input/read-input.js';
import { chunkings } from '../support/chunkings.js';

const preamble = 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-encoding: gzip\r\n\r\n';
const body = 'data: {"type":"response.output_text.delta","delta":"hi"}\n\n'.repeat(50);

async function read(chunks: readonly Uint8Array[]): Promise<string> {
  const parts: Uint8Array[] = [];
  const warnings: string[] = [];
  for await (const chunk of readChunks(Readable.from(chunks.map((c) => Buffer.from(c))), 'x.sse', (w) => warnings.push(w))) parts.push(chunk);
  expect(warnings).toEqual([]);
  return Buffer.concat(parts).toString('latin1');
}

describe('a curl -i preamble before a gzip body (a respcat record recording)', () => {
  const bytes = Buffer.concat([Buffer.from(preamble, 'latin1'), gzipSync(body)]);

  test('is read as the preamble, then the body inflated, however the bytes are split; plain bodies and bare preambles pass untouched', async () => {
    expect(await read([bytes])).toBe(preamble + body);
    for (const { name, chunks } of chunkings(bytes, { random: 40 })) expect(await read(chunks), name).toBe(preamble + body);
    expect(await read([Buffer.from(preamble + body)])).toBe(preamble + body);
    expect(await read([Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')])).toBe('HTTP/1.1 204 No Content\r\n\r\n');
    expect(await read([Buffer.from('HT'), Buffer.from('TP/1.1 200')])).toBe('HTTP/1.1 200');
  });
});
