import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { FILE_CHUNK_SIZE, plainChunks, readChunks } from '../../src/input/read-input.js';
import { listCorpus, listSamples } from '../support/samples.js';

// plainChunks lets runInput skip readChunks for a file read whole: it may only say yes when readChunks would
// hand on exactly the same chunks, and must say no to everything readChunks changes (gzip, a preamble
// before a gzip body).
async function viaReadChunks(whole: readonly Uint8Array[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of readChunks(whole, 'test')) out.push(Buffer.from(chunk));
  return out;
}

async function expectSameAsReadChunks(bytes: Uint8Array): Promise<readonly Uint8Array[] | null> {
  const whole = bytes.length === 0 ? [] : [bytes];
  const plain = plainChunks(whole);
  const read = await viaReadChunks(whole);
  if (plain !== null) {
    expect(plain).toBe(whole);
    expect(read.length).toBe(plain.length);
    expect(Buffer.concat(read).equals(Buffer.from(bytes))).toBe(true);
  }
  return plain;
}

const small = [...listSamples(), ...listCorpus()].filter((path) => statSync(path).size <= FILE_CHUNK_SIZE);

describe('plainChunks', () => {
  test('every small sample and corpus capture: plain exactly when readChunks passes it on unchanged', async () => {
    let plain = 0;
    for (const path of small) if ((await expectSameAsReadChunks(readFileSync(path))) !== null) plain++;
    // Most captures are plain text: the fast path is taken for them.
    expect(plain).toBeGreaterThan(small.length / 2);
  });

  test('gzip, a curl -i preamble before a gzip body, and tiny files go through readChunks', async () => {
    const body = Buffer.from('data: {"type":"response.created"}\n\n');
    const gz = gzipSync(body);
    expect(plainChunks([gz])).toBeNull();
    const preamble = Buffer.from('HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\n\r\n');
    expect(plainChunks([Buffer.concat([preamble, gz])])).toBeNull();
    expect(plainChunks([Buffer.from('x')])).toBeNull();
    expect(plainChunks([body, body])).toBeNull();
    // A preamble before a plain body is passed on as it is.
    expect(await expectSameAsReadChunks(Buffer.concat([preamble.subarray(0, 17), Buffer.from('\r\n'), body]))).not.toBeNull();
    expect(await expectSameAsReadChunks(new Uint8Array(0))).toEqual([]);
  });
});
