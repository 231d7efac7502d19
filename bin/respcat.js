#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// Ctrl-C: commands stop reading, keep finished files, clear the spinner and return 130.
// SIGTERM (kill, a supervisor, CI's timeout) takes the same path, so finished images stay and no
// half-written file is left; it ends with 143 (128 + 15), as a process stopped by SIGTERM does.
const interrupt = new AbortController();
let terminated = false;
process.once('SIGINT', () => interrupt.abort());
process.once('SIGTERM', () => {
  terminated = true;
  interrupt.abort();
});
// A reader that closes the pipe (`| head`) is handled where output is written; never crash on it,
// on stdout or on stderr (`2>&1 | head -c 5` closes both).
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});
process.exitCode = terminated && code === 130 ? 143 : code;
