#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

// Ctrl-C: commands stop reading, keep finished files, clear the spinner and return 130.
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());
process.stdout.on('error', () => {}); // EPIPE is handled where output is written; never crash on it.
process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});
