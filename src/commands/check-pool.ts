import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { InputSource } from '../input/read-input.js';
import { checkInput, fromPosted, type CheckedInput, type PostedInput } from './check-input.js';

/**
 * `--jobs` when not given: the cores this process may use, less one. V8 compiles hot code and collects on
 * background threads, and a run of many small files is mostly that warming up: on two cores a second
 * checking thread took the core those threads use, and 500 small captures took 0.70 s against 0.58 s on one
 * thread (with V8 kept to one thread, `--single-threaded`, two threads did win: 0.61 s against 0.70 s).
 */
export function defaultJobs(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

const WORKER = new URL('./check-worker.js', import.meta.url);

/** What the pool sends a worker: files to check, in order, each with its index among the inputs. */
export interface CheckBatch {
  readonly batch: readonly { readonly index: number; readonly path: string }[];
}

/** What a worker posts back for one batch: each file's result, in the batch's order. */
export interface CheckedBatch {
  readonly results: readonly { readonly index: number; readonly checked?: PostedInput; readonly error?: string }[];
}

/** Worker threads started ahead of time: loading respcat in a worker costs about as much as checking a few dozen small files. */
export interface CheckWorkers {
  readonly workers: readonly Worker[];
  /** Ends the workers (those not in use, or all once the check is done). */
  stop(): void;
}

/**
 * Starts `count` check workers now, so they load while this thread walks folders and expands globs. None
 * when `count` is below 1 or the worker script is absent (the sources run under vitest, not the build).
 */
export function startCheckWorkers(count: number): CheckWorkers {
  const workers = count >= 1 && existsSync(fileURLToPath(WORKER)) ? Array.from({ length: count }, () => new Worker(WORKER)) : [];
  // Not yet given work: a started worker must not keep the process alive if the check never uses it.
  for (const worker of workers) worker.unref();
  return { workers, stop: () => workers.forEach((worker) => void worker.terminate()) };
}

/**
 * How many files to hand a worker at once: a few per round trip while many are left, one each near the end,
 * so every thread finishes at about the same time.
 */
export function batchSize(remaining: number, threads: number): number {
  return Math.max(1, Math.min(16, Math.floor(remaining / (threads * 4))));
}

/**
 * Checks every input, `jobs` files at a time (this thread and up to `jobs - 1` worker threads: those given
 * in `workers`, started early, else started here), and hands each result to `onChecked` in input order,
 * whatever order they finish in: the report is the same for any `jobs`. Stdin is read here, in its place.
 * One thread (or one file, or no worker script) checks in turn, here. Workers beyond the files to share
 * are stopped unused. Stops early, with no further result, when `signal` aborts.
 */
export async function checkInputs(
  sources: readonly InputSource[],
  options: { readonly jobs: number; readonly signal?: AbortSignal | undefined; readonly workers?: CheckWorkers },
  onChecked: (checked: CheckedInput, source: InputSource, index: number) => void,
): Promise<void> {
  const files = sources.filter((source) => source.kind === 'file').length;
  // This thread is one of the jobs: a worker is worth its start-up only with a file for it as well.
  const wanted = Math.max(0, Math.min(options.jobs, files) - 1);
  const pool = options.workers ?? startCheckWorkers(wanted);
  const signal = options.signal;
  const workers = pool.workers.slice(0, wanted);
  for (const unused of pool.workers.slice(wanted)) void unused.terminate();
  if (workers.length === 0) {
    try {
      for (const [index, source] of sources.entries()) {
        if (signal?.aborted === true) return;
        onChecked(await checkInput(source, signal !== undefined ? { signal } : {}), source, index);
      }
    } finally {
      pool.stop();
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
  let head = 0;
  const threads = workers.length + 1;
  await new Promise<void>((resolve, reject) => {
    let pending = sources.length;
    const finish = (index: number, checked: CheckedInput): void => {
      done.set(index, checked);
      flush();
      if (--pending === 0) resolve();
    };
    signal?.addEventListener('abort', () => resolve(), { once: true });
    const local = async (): Promise<void> => {
      while (head < queue.length) {
        if (signal?.aborted === true) return;
        const job = queue[head++] as (typeof queue)[number];
        finish(job.index, await checkInput(job.source, signal !== undefined ? { signal } : {}));
        // A small file is read and checked without a turn of the event loop: let the workers' results in
        // (and hand them more) between files, or they wait until this thread is done with all of its own.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    for (const worker of workers) {
      worker.ref();
      const feed = (): void => {
        if (head >= queue.length || signal?.aborted === true) return;
        const size = batchSize(queue.length - head, threads);
        const batch = queue.slice(head, head + size).map((job) => ({ index: job.index, path: (job.source as { path: string }).path }));
        head += batch.length;
        worker.postMessage({ batch } satisfies CheckBatch);
      };
      worker.on('message', (message: CheckedBatch) => {
        const failed = message.results.find((result) => result.checked === undefined);
        if (failed !== undefined) return reject(new Error(failed.error ?? 'a check worker failed'));
        feed();
        for (const result of message.results) finish(result.index, fromPosted(result.checked as PostedInput));
      });
      worker.on('error', reject);
      // A second batch to begin with, so the next is there when one is done with no round trip between, only
      // while files enough are left for this thread too: two large files must go one to each thread.
      feed();
      if (queue.length - head >= 2 * threads) feed();
    }
    void local().catch(reject);
    // Stdin cannot move to a worker: read here, beside the files this thread checks.
    void (async () => {
      for (const [index, source] of sources.entries()) {
        if (source.kind !== 'stream' || signal?.aborted === true) continue;
        finish(index, await checkInput(source, signal !== undefined ? { signal } : {}));
      }
    })().catch(reject);
  }).finally(() => pool.stop());
}
