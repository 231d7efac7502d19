import type { Command } from 'commander';
import type { Io } from './io.js';

/** Declares `respcat check` (not built yet: it says so and exits 2). */
export function registerCheck(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .summary('check captures in CI: exit 1 when any is broken, truncated, failed or carries corrupt images')
    .argument('[files...]')
    .action(() => {
      io.stderr.write('respcat: check is not available yet\n');
      setExitCode(2);
    });
}
