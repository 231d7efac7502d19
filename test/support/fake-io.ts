import { PassThrough, Readable } from 'node:stream';
import { expect } from 'vitest';
import type { Io } from '../../src/terminal/io.js';
import { main } from '../../src/cli/main.js';
import type { InspectReport } from '../../src/render/inspect-data.js';

/** A writable that collects what is written, optionally pretending to be a terminal. */
export function createSink(isTTY = false, columns = 80) {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  Object.assign(stream, { isTTY, columns: isTTY ? columns : undefined });
  if (isTTY) {
    // The cursor methods a tty.WriteStream has (ora uses them), as the escape sequences they write.
    Object.assign(stream, {
      cursorTo: (x: number) => stream.write(`\u001b[${x + 1}G`),
      moveCursor: (dx: number, dy: number) => stream.write(`\u001b[${dy}A${dx > 0 ? `\u001b[${dx}C` : ''}`),
      clearLine: () => stream.write('\u001b[2K'),
    });
  }
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs the CLI in process with fake stdio; returns exit code and what was printed. */
export async function runCli(
  argv: readonly string[],
  options: { stdin?: string | Uint8Array; stdinStream?: Readable; stdinIsTTY?: boolean; stdoutIsTTY?: boolean; stderrIsTTY?: boolean; env?: Record<string, string | undefined>; signal?: AbortSignal; forcedStop?: AbortSignal } = {},
) {
  const stdout = createSink(options.stdoutIsTTY ?? false);
  const stderr = createSink(options.stderrIsTTY ?? false);
  const stdin = options.stdinStream ?? Readable.from(options.stdin === undefined ? [] : [typeof options.stdin === 'string' ? Buffer.from(options.stdin) : Buffer.from(options.stdin)]);
  Object.assign(stdin, { isTTY: options.stdinIsTTY ?? false });
  const io: Io = {
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? { NO_COLOR: '1' },
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.forcedStop !== undefined ? { forcedStop: options.forcedStop } : {}),
  };
  const code = await main(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** `respcat inspect --json ARGS` in process: its exit code and parsed report; it must print nothing on stderr. */
export async function inspectJson(...argv: string[]): Promise<{ code: number; report: InspectReport }> {
  const { code, stdout, stderr } = await runCli(['inspect', '--json', ...argv]);
  expect(stderr).toBe('');
  return { code, report: JSON.parse(stdout) as InspectReport };
}
