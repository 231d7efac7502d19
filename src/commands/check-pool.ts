import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InputSource } from '../input/read-input.js';
import { checkInput, fromPosted, type CheckedInput, type PostedInput } from './check-input.js';

/** `--jobs` when not given: the cores this process may use. */
export function defaultJobs(): number {
  return availableParallelism();
}

const WORKER = new URL('./check-worker.js', import.meta.url);

/**
 * Checks every input, `jobs` files at a time (this thread and `jobs - 1` worker threads), and hands each result to `onChecked` in
 * input order, whatever order they finish in: the report is the same for any `jobs`. Stdin is read here,
 * in its place. One thread (or one file, or a build without the worker script: tests that run the
 * sources) checks in turn, here. Stops early, with no further result, when `signal` aborts.
 */
export async function checkInputs(
  sources: readonly InputSource[],
  options: { readonly jobs: number; readonly signal?: AbortSignal | undefined },
  onChecked: (checked: CheckedInput, source: InputSource, index: number) => void,
): Promise<void> {
  const files = sources.filter((source) => source.kind === 'file').length;
  const threads = Math.min(options.jobs, files);
  const signal = options.signal;
  if (threads < 2 || !existsSync(fileURLToPath(WORKER))) {
    for (const [index, source] of sources.entries()) {
      if (signal?.aborted === true) return;
      onChecked(await checkInput(source, signal !== undefined ? { signal } : {}), source, index);
    }
    return;
  }

  const done = new Map<number, CheckedInput>();
  let next = 0;
  const flush = (): void => {
    for (let ready = done.get(next); ready !== undefined; ready = done.get(next)) {
      done.delete(next);
      onChecked(ready, sources[next] as InputSource, next);
      next++;
    }
  };
  const queue = sources.map((source, index) => ({ source, index })).filter(({ source }) => source.kind === 'file');
  const workers: Worker[] = [];
  const stopAll = (): void => {
    for (const worker of workers) void worker.terminate();
  };
  await new Promise<void>((resolve, reject) => {
    let pending = sources.length;
    const finish = (index: number, checked: CheckedInput): void => {
      done.set(index, checked);
      flush();
      if (--pending === 0) resolve();
    };
    signal?.addEventListener('abort', () => resolve(), { once: true });
    // This thread is one of the jobs: N jobs start N - 1 workers, each of which loads respcat's modules again.
    const local = async (): Promise<void> => {
      for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
        if (signal?.aborted === true) return;
        finish(job.index, await checkInput(job.source, signal !== undefined ? { signal } : {}));
      }
    };
    void local().catch(reject);
    for (let i = 1; i < threads; i++) {
      const worker = new Worker(WORKER);
      workers.push(worker);
      const feed = (): void => {
        const job = queue.shift();
        if (job !== undefined && signal?.aborted !== true) worker.postMessage({ index: job.index, path: (job.source as { path: string }).path });
      };
      worker.on('message', (message: { index: number; checked?: PostedInput; error?: string }) => {
        if (message.checked === undefined) return reject(new Error(message.error ?? 'a check worker failed'));
        feed();
        finish(message.index, fromPosted(message.checked));
      });
      worker.on('error', reject);
      feed();
    }
    // Stdin cannot move to a worker: read here, beside the files this thread checks.
    void (async () => {
      for (const [index, source] of sources.entries()) {
        if (source.kind !== 'stream' || signal?.aborted === true) continue;
        finish(index, await checkInput(source, signal !== undefined ? { signal } : {}));
      }
    })().catch(reject);
  }).finally(stopAll);
}
