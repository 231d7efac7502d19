import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FILE_CHUNK_SIZE, openSource, readSmallFile } from '../../src/input/read-input.js';

// openSource reads a file with fs.read in chunks of its own (not fs.createReadStream, which loads
// node:fs/promises at start-up): the bytes must be the file's, in chunks no larger than a read buffer,
// each a buffer of its own, and a failure must say what failed.
const dir = mkdtempSync(join(tmpdir(), 'respcat-file-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function chunksOf(path: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of openSource({ kind: 'file', path })) chunks.push(chunk as Buffer);
  return chunks;
}

describe('openSource of a file', () => {
  test.each([0, 1, 100, FILE_CHUNK_SIZE - 1, FILE_CHUNK_SIZE, FILE_CHUNK_SIZE + 1, 2 * FILE_CHUNK_SIZE + 12345])('%i bytes: the same bytes, in chunks of at most one read buffer', async (size) => {
    const path = join(dir, `f${size}`);
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
    writeFileSync(path, bytes);
    const chunks = await chunksOf(path);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(FILE_CHUNK_SIZE);
    expect(chunks.every((chunk) => chunk.length > 0)).toBe(true);
    // A short last chunk is copied out: it does not hold a whole read buffer.
    const last = chunks.at(-1);
    if (last !== undefined && last.length < FILE_CHUNK_SIZE / 4) expect(last.buffer.byteLength).toBeLessThan(FILE_CHUNK_SIZE);
    // Chunks are kept by the processor: no two share memory.
    expect(new Set(chunks.map((chunk) => chunk.buffer)).size).toBe(chunks.length);
  });

  test('a missing file and a folder fail with the path and code', async () => {
    await expect(chunksOf(join(dir, 'missing.sse'))).rejects.toMatchObject({ code: 'ENOENT', path: join(dir, 'missing.sse') });
    await expect(chunksOf(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  test('destroyed early, it closes its file', async () => {
    const path = join(dir, 'big');
    writeFileSync(path, Buffer.alloc(3 * FILE_CHUNK_SIZE, 0x61));
    const stream = openSource({ kind: 'file', path });
    const closed = new Promise((resolve) => stream.once('close', resolve));
    for await (const _ of stream) break;
    await closed;
    expect(stream.destroyed).toBe(true);
  });
});

describe('readSmallFile', () => {
  test.each([0, 1, 100, 5000, FILE_CHUNK_SIZE])('%i bytes: the file in one chunk (none when empty)', (size) => {
    const path = join(dir, `small${size}`);
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 0xff;
    writeFileSync(path, bytes);
    const chunks = readSmallFile({ kind: 'file', path });
    expect(chunks?.length).toBe(size === 0 ? 0 : 1);
    expect(Buffer.concat(chunks ?? []).equals(bytes)).toBe(true);
  });

  test('a larger file, a folder, a missing file and a named pipe are left to openSource, without blocking', () => {
    const big = join(dir, 'over');
    writeFileSync(big, Buffer.alloc(FILE_CHUNK_SIZE + 1));
    expect(readSmallFile({ kind: 'file', path: big })).toBeNull();
    expect(readSmallFile({ kind: 'file', path: dir })).toBeNull();
    expect(readSmallFile({ kind: 'file', path: join(dir, 'missing.sse') })).toBeNull();
    const fifo = join(dir, 'fifo');
    // A pipe is never opened here (opening it to read would wait for a writer and hang the test).
    if (spawnSync('mkfifo', [fifo]).status === 0) expect(readSmallFile({ kind: 'file', path: fifo })).toBeNull();
  });
});
