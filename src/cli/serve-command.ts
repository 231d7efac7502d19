import type { Command } from 'commander';
import type { Io } from './io.js';

/** Declares `respcat serve` (not built yet: it says so and exits 2). */
export function registerServe(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .summary('serve captures over HTTP to real clients, at their recorded pace')
    .argument('[files...]')
    .action(() => {
      io.stderr.write('respcat: serve is not available yet\n');
      setExitCode(2);
    });
}
