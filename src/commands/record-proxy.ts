import { mkdir, readdir } from 'node:fs/promises';
import type { Io } from '../terminal/io.js';
import { OutputError } from '../images/image-writer.js';
import { describeFsError } from '../input/fs-errors.js';
import { startProxy, type RunningProxy } from '../record/proxy.js';
import { recordingNumber } from '../record/recording.js';
import { ListenError } from '../serve/server.js';
import { EXIT, UsageError } from './errors.js';

/** `respcat record` options, as the CLI parsed them. */
export interface RecordProxyOptions {
  readonly upstream: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly out: string;
  /** Milliseconds without a byte from the upstream before the exchange fails. */
  readonly timeout: number;
  readonly maxBody: number;
}

/**
 * Runs the recording proxy until `io.signal` aborts: the URL is the first line on stdout once listening,
 * one log line per exchange goes to stderr. Returns 0 after a clean stop (every file closed whole), 3 when
 * the folder cannot be made or the port bound; a bad `--upstream` is a usage error.
 */
export async function recordProxy(options: RecordProxyOptions, io: Io): Promise<number> {
  let upstream: URL;
  try {
    upstream = new URL(options.upstream);
  } catch {
    throw new UsageError(`--upstream ${JSON.stringify(options.upstream)} is not a URL (expected http://… or https://…)`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new UsageError(`--upstream must be an http:// or https:// URL, not ${upstream.protocol}`);
  if (upstream.username !== '' || upstream.password !== '') throw new UsageError('--upstream must not carry credentials: send them as headers, which are never recorded');
  const warn = (message: string): void => {
    io.stderr.write(`respcat: ${message}\n`);
  };

  let first = 1;
  try {
    await mkdir(options.out, { recursive: true });
    // Numbers go on from the recordings already there, so a second session never overwrites the first.
    for (const name of await readdir(options.out)) first = Math.max(first, (recordingNumber(name) ?? 0) + 1);
  } catch (error) {
    throw new OutputError(options.out, `cannot create the folder: ${describeFsError(error, 'write')}`);
  }

  let proxy: RunningProxy;
  try {
    proxy = await startProxy({
      upstream,
      host: options.host,
      port: options.port,
      out: options.out,
      firstNumber: first,
      timeout: options.timeout,
      maxBody: options.maxBody,
      log: (line) => io.stderr.write(`respcat: ${line}\n`),
    });
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    warn(error.message);
    return EXIT.io;
  }
  io.stdout.write(`${proxy.url}\n`);
  warn(`recording ${upstream.origin}${upstream.pathname === '/' ? '' : upstream.pathname} at ${proxy.url} into ${options.out}/; Ctrl-C stops`);

  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return;
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await proxy.close();
  warn(`stopped after ${proxy.requests} request${proxy.requests === 1 ? '' : 's'}; recordings in ${options.out}/`);
  return EXIT.ok;
}
