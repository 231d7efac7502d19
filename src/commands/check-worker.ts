import { parentPort } from 'node:worker_threads';
import { checkInput, toPosted } from './check-input.js';

// A worker thread of `check --jobs N` (check-pool.ts): it checks the files it is sent, one at a time, and
// posts each result back with its index.
parentPort?.on('message', (message: { readonly index: number; readonly path: string }) => {
  void checkInput({ kind: 'file', path: message.path }).then(
    (checked) => parentPort?.postMessage({ index: message.index, checked: toPosted(checked) }),
    (error: unknown) => parentPort?.postMessage({ index: message.index, error: error instanceof Error ? error.message : String(error) }),
  );
});
