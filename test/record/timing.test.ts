import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createCaptureRecorder, loadTiming, pacedChunks, parseTiming, timingPath } from '../../src/input/timing.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-timing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

async function* from(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(Buffer.from(chunk).toString('utf8'));
  return out;
}

describe('parseTiming', () => {
  test.each([
    ['{"t":0,"n":3}\n{"t":12.5,"n":7}\n', [{ t: 0, n: 3 }, { t: 12.5, n: 7 }]],
    ['{"t": 0, "n": 3}\r\n\n{"t": 5, "n": 0}', [{ t: 0, n: 3 }, { t: 5, n: 0 }]],
    ['', []],
  ])('%j → entries', (text, entries) => {
    expect(parseTiming(text)).toEqual({ ok: true, entries });
  });

  test.each([
    ['{"t":0,"n":3}\nnot json\n', 'line 2: expected {"t": ms ≥ 0, "n": bytes}, found "not json"'],
    ['{"t":-1,"n":3}', 'line 1: expected {"t": ms ≥ 0, "n": bytes}, found "{\\"t\\":-1,\\"n\\":3}"'],
    ['{"t":0,"n":2.5}', 'line 1: expected {"t": ms ≥ 0, "n": bytes}, found "{\\"t\\":0,\\"n\\":2.5}"'],
    ['{"t":"0","n":2}', 'line 1: expected {"t": ms ≥ 0, "n": bytes}, found "{\\"t\\":\\"0\\",\\"n\\":2}"'],
    ['[1,2]', 'line 1: expected {"t": ms ≥ 0, "n": bytes}, found "[1,2]"'],
  ])('%j → the line that is wrong', (text, problem) => {
    expect(parseTiming(text)).toEqual({ ok: false, problem });
  });
});

describe('loadTiming', () => {
  const capture = join(work, 'load.sse');
  writeFileSync(capture, 'abcdefghij');

  test('no sidecar: null', async () => {
    expect(await loadTiming(join(work, 'none.sse'))).toBeNull();
  });

  test('a sidecar whose sizes add up to the file: its entries', async () => {
    writeFileSync(timingPath(capture), '{"t":0,"n":4}\n{"t":10,"n":6}\n');
    expect(await loadTiming(capture)).toEqual({ ok: true, entries: [{ t: 0, n: 4 }, { t: 10, n: 6 }] });
  });

  test('sizes that do not add up: why', async () => {
    writeFileSync(timingPath(capture), '{"t":0,"n":4}\n');
    expect(await loadTiming(capture)).toEqual({ ok: false, problem: `${timingPath(capture)}: its chunk sizes add up to 4 bytes, but ${capture} has 10` });
  });
});

describe('pacedChunks', () => {
  test('re-chunks to the recorded sizes, across and within the chunks read', async () => {
    const chunks = [bytes('abcdefghij'), bytes('klmno')];
    const entries = [{ t: 0, n: 3 }, { t: 0, n: 9 }, { t: 0, n: 3 }];
    expect(await collect(pacedChunks(from(chunks), entries, 1))).toEqual(['abc', 'defghijkl', 'mno']);
  });

  test('bytes beyond the sidecar follow at once; a sidecar longer than the input ends with what there is', async () => {
    expect(await collect(pacedChunks(from([bytes('abcdef')]), [{ t: 0, n: 2 }], 1))).toEqual(['ab', 'cdef']);
    expect(await collect(pacedChunks(from([bytes('abc')]), [{ t: 0, n: 2 }, { t: 0, n: 5 }], 1))).toEqual(['ab', 'c']);
  });

  test('chunk i comes t_i / speed ms after the start', async () => {
    const entries = [{ t: 0, n: 1 }, { t: 150, n: 1 }, { t: 300, n: 1 }];
    for (const [speed, expected] of [
      [1, 300],
      [3, 100],
    ] as const) {
      const started = performance.now();
      const times: number[] = [];
      for await (const _ of pacedChunks(from([bytes('abc')]), entries, speed)) times.push(performance.now() - started);
      expect(times[0]).toBeLessThan(50);
      expect(times[2]).toBeGreaterThanOrEqual(expected - 5);
      expect(times[2]).toBeLessThan(expected + 250);
    }
  });

  test('an abort ends it without waiting', async () => {
    const controller = new AbortController();
    const started = performance.now();
    const seen: string[] = [];
    for await (const chunk of pacedChunks(from([bytes('ab')]), [{ t: 0, n: 1 }, { t: 10_000, n: 1 }], 1, controller.signal)) {
      seen.push(Buffer.from(chunk).toString());
      setTimeout(() => controller.abort(), 20);
    }
    expect(seen).toEqual(['a']);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('createCaptureRecorder', () => {
  test('writes the chunks unchanged and one {"t","n"} line per chunk, t counted from the first chunk', async () => {
    const path = join(work, 'rec.sse');
    let clock = 1000;
    const recorder = await createCaptureRecorder(path, { now: () => clock });
    for (const [text, advance] of [
      ['data: {"type":"a"}\n', 0],
      ['data: {"ty', 120.4],
      ['pe":"b"}\n', 300],
    ] as const) {
      clock += advance;
      await recorder.write(bytes(text));
    }
    await recorder.write(new Uint8Array(0));
    expect(recorder.bytes).toBe(38);
    expect(await recorder.close()).toBeNull();
    expect(readFileSync(path, 'utf8')).toBe('data: {"type":"a"}\ndata: {"type":"b"}\n');
    expect(readFileSync(timingPath(path), 'utf8')).toBe('{"t":0,"n":19}\n{"t":120,"n":10}\n{"t":420,"n":9}\n');
    expect(await loadTiming(path)).toMatchObject({ ok: true });
  });

  test('a folder that does not exist: rejects with the system error, naming the file', async () => {
    await expect(createCaptureRecorder(join(work, 'missing', 'x.sse'))).rejects.toMatchObject({ code: 'ENOENT', path: join(work, 'missing', 'x.sse') });
  });
});
