import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { lazyWorkerThreads } from '../input/lazy-builtins.js';
import type { ImageCheck } from './validate.js';

/** One image for the image thread: its base64, how to check it, and the open file to write its bytes to. */
export interface ImageJob {
  readonly id: number;
  readonly b64: string;
  readonly quick: boolean;
  /** The temporary file's descriptor (the main thread opened it, and closes it); null: not written. */
  readonly fd: number | null;
  /** Send the decoded bytes back (a preview is drawn from them). */
  readonly wantBytes: boolean;
}

/** What the image thread found: the same facts the in-thread path gathers. */
export interface ImageJobResult {
  readonly id: number;
  readonly check: ImageCheck;
  readonly base64Valid: boolean;
  readonly extension: string;
  /** The write to `fd` failed: the error's code and message (the main thread turns it into an OutputError). */
  readonly writeError: { readonly code: string | null; readonly message: string } | null;
  readonly bytes: Uint8Array | null;
}

/** Image work on a second thread, so decoding, checking and writing images overlaps parsing. */
export interface ImageOffload {
  run(job: Omit<ImageJob, 'id'>): Promise<ImageJobResult>;
  /** Stops the thread (nothing in flight is waited for). */
  close(): void;
}

const WORKER = new URL('./image-worker.js', import.meta.url);

/**
 * The image thread, or null where it cannot run (the sources run by tests, before a build: there is no
 * image-worker.js beside this module). The thread starts at the first image, and keeps the process alive
 * only while an image is in it.
 */
export function createImageOffload(): ImageOffload | null {
  if (!existsSync(fileURLToPath(WORKER))) return null;
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (result: ImageJobResult) => void; reject: (error: unknown) => void }>();
  const fail = (error: unknown): void => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
    worker = null;
  };
  const start = (): Worker => {
    const started = new (lazyWorkerThreads().Worker)(WORKER);
    started.on('message', (result: ImageJobResult) => {
      const job = pending.get(result.id);
      pending.delete(result.id);
      if (pending.size === 0) started.unref();
      job?.resolve(result);
    });
    started.on('error', fail);
    started.on('exit', (code) => {
      if (pending.size > 0) fail(new Error(`the image thread stopped (exit code ${code})`));
    });
    return started;
  };
  return {
    run(job) {
      worker ??= start();
      const id = nextId++;
      worker.ref();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        (worker as Worker).postMessage({ ...job, id });
      });
    },
    close() {
      void worker?.terminate();
      worker = null;
    },
  };
}
