import { watchStopSignals } from '../commands/stop-control.js';
import { main } from './main.js';

/**
 * The program, run on this process: its arguments, streams and environment (bin/respcat.js through the
 * bundle, scripts/bundle.mjs; tsc's dist/cli/entry.js unbundled). Sets the exit code, never exits.
 */
export async function runCli(): Promise<void> {
  // Ctrl-C or SIGTERM (kill, a supervisor, CI's timeout): commands stop reading, keep finished files, clear
  // the spinner and return 130 or 143. A second one exits at once, removing respcat's own temporary files.
  const stop = watchStopSignals(process);
  // A reader that closes the pipe (`| head`) is handled where output is written; never crash on it,
  // on stdout or on stderr (`2>&1 | head -c 5` closes both).
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  process.exitCode = await main(process.argv.slice(2), {
    // Opened when a command reads it: process.stdin sets up a stream (and for a pipe, node:net) on first use.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: stop.signal,
    forcedStop: stop.forcedStop,
  });
}
