import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error: the benchmark's generator is plain JavaScript without types.
import { writeImageCapture } from '../../bench/generate.mjs';
import type { Io } from '../../src/terminal/io.js';
import { ensureBuilt } from '../support/binary.js';
import { createSink } from '../support/fake-io.js';
import { listCorpus, listSamples, ROOT, SEED } from '../support/samples.js';

// replay's image thread (src/images/image-offload.ts) against the in-thread path, on the built code (the
// thread runs dist/images/image-worker.js; the sources have no worker script): the same files, bytes,
// stdout, stderr and exit code, in the same order, on every sample and corpus capture.
type Main = (argv: readonly string[], io: Io) => Promise<number>;
let main: Main;
const scratch = mkdtempSync(join(tmpdir(), 'respcat-image-thread-'));
let serial = 0;

beforeAll(async () => {
  ensureBuilt();
  ({ main } = (await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'main.js')).href)) as { main: Main });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One replay in process: `thread` is RESPCAT_IMAGE_THREAD (off: this thread; always: the image thread from the first image). */
async function replay(file: string, thread: 'off' | 'always' | undefined, outDir = join(scratch, `out-${++serial}`)) {
  const stdout = createSink();
  const stderr = createSink();
  const stdin = createSink().stream;
  const io = { stdin, stdout: stdout.stream, stderr: stderr.stream, env: { NO_COLOR: '1', ...(thread === undefined ? {} : { RESPCAT_IMAGE_THREAD: thread }) } } as unknown as Io;
  const code = await main(['replay', file, '--out-dir', outDir], io);
  let files: [string, string][] = [];
  try {
    files = readdirSync(outDir).sort().map((name) => [name, readFileSync(join(outDir, name)).toString('base64')]);
  } catch {
    // No image: no folder.
  }
  // The out folder's name and the elapsed seconds differ from run to run; nothing else may.
  const stderrText = stderr.text().split(outDir).join('OUT').replace(/ · \d+\.\ds$/gm, ' · Ns');
  return { code, stdout: stdout.text(), stderr: stderrText, files };
}

const captures = [...listSamples().map((path) => join(ROOT, path)), ...listCorpus()];

describe('the image thread gives what the in-thread path gives', () => {
  test('the image thread is used (and only when asked): the comparison is not of one path with itself', async () => {
    let started = 0;
    const count = (): void => void started++;
    process.on('worker', count);
    try {
      const seed = await replay(SEED, 'always');
      expect(seed.files.length).toBeGreaterThan(0);
      expect(seed.code).toBe(0);
      expect(started).toBe(1);
      await replay(SEED, 'off');
      expect(started).toBe(1);
    } finally {
      process.off('worker', count);
    }
  });

  test('by default the image thread is not used, even for many MB of images on an idle machine (it measured slower)', async () => {
    const big = join(scratch, 'big-images.sse');
    writeImageCapture(big, { items: 2, partials: 2, deltas: 50 });
    expect(statSync(big).size).toBeGreaterThan(6 << 20);
    let started = 0;
    const count = (): void => void started++;
    process.on('worker', count);
    try {
      const run = await replay(big, undefined);
      expect(run.code).toBe(0);
      expect(run.files.length).toBe(6);
      expect(started).toBe(0);
    } finally {
      process.off('worker', count);
    }
  });

  test.each(captures)('%s', async (file) => {
    const here = await replay(file, 'off');
    const there = await replay(file, 'always');
    expect(there).toEqual(here);
  });

  test('a folder that cannot be made: the same message and exit code from both', async () => {
    const blocker = join(scratch, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const here = await replay(SEED, 'off', join(blocker, 'out'));
    const there = await replay(SEED, 'always', join(blocker, 'out'));
    expect(here.code).toBe(3);
    expect(there).toEqual(here);
  });
});
