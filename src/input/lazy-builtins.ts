import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';

// Node modules loaded at their first use rather than at start-up: each costs 3–5 ms to load on the
// benchmark machine (issue 23), and most runs never use them.
const require = createRequire(import.meta.url);

let crypto: typeof Crypto | undefined;
let workerThreads: typeof WorkerThreads | undefined;

/** node:crypto (hashing image verdicts, random temporary names). */
export function lazyCrypto(): typeof Crypto {
  return (crypto ??= require('node:crypto') as typeof Crypto);
}

/** node:worker_threads (the image thread). */
export function lazyWorkerThreads(): typeof WorkerThreads {
  return (workerThreads ??= require('node:worker_threads') as typeof WorkerThreads);
}
