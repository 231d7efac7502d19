import type { Command } from 'commander';
import type { Io } from './io.js';

/** Declares `respcat inspect` (not built yet: it says so and exits 2). */
export function registerInspect(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('inspect')
    .summary('summarize captures: framing, event counts, responses, items, images, diagnostics')
    .argument('[files...]')
    .action(() => {
      io.stderr.write('respcat: inspect is not available yet\n');
      setExitCode(2);
    });
}
