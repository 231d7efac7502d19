import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type * as V8 from 'node:v8';
import type * as Vm from 'node:vm';
import type * as WorkerThreads from 'node:worker_threads';
import type * as Zlib from 'node:zlib';

// Node modules loaded at their first use rather than at start-up: each costs 3–5 ms to load on the
// benchmark machine (issue 23), and most runs never use them.
const require = createRequire(import.meta.url);

let crypto: typeof Crypto | undefined;
let workerThreads: typeof WorkerThreads | undefined;
let zlib: typeof Zlib | undefined;
let v8: typeof V8 | undefined;
let vm: typeof Vm | undefined;

/** node:crypto (hashing image verdicts, random temporary names). */
export function lazyCrypto(): typeof Crypto {
  return (crypto ??= require('node:crypto') as typeof Crypto);
}

/** node:worker_threads (the image thread). */
export function lazyWorkerThreads(): typeof WorkerThreads {
  return (workerThreads ??= require('node:worker_threads') as typeof WorkerThreads);
}

/** node:zlib (gzipped captures, PNG inflating, the CRC of larger PNG chunks). */
export function lazyZlib(): typeof Zlib {
  return (zlib ??= require('node:zlib') as typeof Zlib);
}

/** node:v8 (V8 flags for long streams). */
export function lazyV8(): typeof V8 {
  return (v8 ??= require('node:v8') as typeof V8);
}

/** node:vm (a context to get `gc` from). */
export function lazyVm(): typeof Vm {
  return (vm ??= require('node:vm') as typeof Vm);
}
