#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
import { watchStopSignals } from '../dist/commands/stop-control.js';

// Ctrl-C or SIGTERM (kill, a supervisor, CI's timeout): commands stop reading, keep finished files, clear
// the spinner and return 130 or 143. A second one exits at once, removing respcat's own temporary files.
const stop = watchStopSignals(process);
// A reader that closes the pipe (`| head`) is handled where output is written; never crash on it,
// on stdout or on stderr (`2>&1 | head -c 5` closes both).
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: stop.signal,
  forcedStop: stop.forcedStop,
});
