import { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { checkInput, toPosted } from '../../src/commands/check-input.js';
import { checkInputs, defaultJobs, type CheckBatch } from '../../src/commands/check-pool.js';
import type { InputSource } from '../../src/input/read-input.js';
import { listSamples } from '../support/samples.js';

/** A check worker in this thread: checks each batch it is posted, a turn of the event loop later, and records it. */
class FakeWorker extends EventEmitter {
  readonly batches: string[][] = [];
  ref(): void {}
  unref(): void {}
  terminate(): Promise<number> {
    return Promise.resolve(0);
  }
  postMessage(message: CheckBatch): void {
    this.batches.push(message.batch.map((job) => job.path));
    setTimeout(() => {
      void (async () => {
        const results = [];
        for (const { index, path } of message.batch) results.push({ index, checked: toPosted(await checkInput({ kind: 'file', path })) });
        this.emit('message', { results });
      })();
    }, 0);
  }
}

async function run(paths: readonly string[]): Promise<{ worker: FakeWorker; order: number[]; files: string[] }> {
  const worker = new FakeWorker();
  const order: number[] = [];
  const files: string[] = [];
  const sources: InputSource[] = paths.map((path) => ({ kind: 'file', path }));
  await checkInputs(sources, { jobs: 2, workers: { workers: [worker as unknown as Worker], stop: () => {} } }, (checked, _source, index) => {
    order.push(index);
    files.push(checked.file);
  });
  return { worker, order, files };
}

describe('checkInputs with a worker', () => {
  const samples = listSamples().filter((path) => path.endsWith('.sse'));

  test('two files: one to the worker, one checked here (not both sent to the worker)', async () => {
    const two = samples.slice(0, 2);
    const { worker, order, files } = await run(two);
    expect(worker.batches).toEqual([[two[0]]]);
    expect(order).toEqual([0, 1]);
    expect(files).toEqual(two);
  });

  test('many files: both threads check some, results in input order', async () => {
    const many = samples.slice(0, 40);
    const { worker, order, files } = await run(many);
    const sent = worker.batches.flat();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThan(many.length);
    expect(new Set(sent).size).toBe(sent.length);
    expect(order).toEqual(many.map((_, index) => index));
    expect(files).toEqual(many);
  });
});

describe('--jobs by default', () => {
  test('the cores less one (V8 compiles and collects on the other), at least one', () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultJobs(cores))).toEqual([1, 1, 2, 3, 15]);
  });
});
