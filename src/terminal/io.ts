import type { Readable, Writable } from 'node:stream';

/** A stream that may be a terminal. */
export type TerminalWritable = Writable & { readonly isTTY?: boolean; readonly columns?: number };

/** Everything a command touches outside itself; tests pass fakes, `bin/respcat.js` passes the process's. */
export interface Io {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  readonly stdout: TerminalWritable;
  readonly stderr: TerminalWritable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C or SIGTERM (its reason: the signal's name): commands stop reading, keep finished files and return 130. */
  readonly signal?: AbortSignal;
  /** Aborted on a second Ctrl-C or SIGTERM: the process exits right after, so listeners clean up synchronously. */
  readonly forcedStop?: AbortSignal;
}
