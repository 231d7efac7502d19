import { parentPort } from 'node:worker_threads';
import { checkInput, toPosted } from './check-input.js';
import type { CheckBatch, CheckedBatch } from './check-pool.js';

// A worker thread of `check --jobs N` (check-pool.ts): it checks the batches of files it is sent, one file
// at a time and one batch after another, and posts each batch's results back with their indexes.
let work: Promise<void> = Promise.resolve();
parentPort?.on('message', (message: CheckBatch) => {
  work = work.then(async () => {
    const results: CheckedBatch['results'][number][] = [];
    for (const { index, path } of message.batch) {
      try {
        results.push({ index, checked: toPosted(await checkInput({ kind: 'file', path })) });
      } catch (error) {
        results.push({ index, error: error instanceof Error ? error.message : String(error) });
      }
    }
    parentPort?.postMessage({ results } satisfies CheckedBatch);
  });
});
