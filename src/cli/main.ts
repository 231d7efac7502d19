import { CommanderError } from 'commander';
import { InputError } from '../input/read-input.js';
import { OutputError } from '../images/image-writer.js';
import { EXIT, UsageError } from '../commands/errors.js';
import { stoppedExitCode } from '../commands/stop-control.js';
import type { Io } from '../terminal/io.js';
import { createProgram, withDefaultCommand } from './program.js';
import { escapeLine } from '../render/terminal-safe.js';

/** Runs respcat with `argv` (without `node` and the script) and returns the exit code; never calls `process.exit`. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram(io, (result) => {
    code = result;
  });
  try {
    await program.parseAsync([...withDefaultCommand(argv, program)], { from: 'user' });
  } catch (error) {
    return handleError(error, io);
  }
  // Commands stop one way for Ctrl-C and SIGTERM; only the code tells them apart (130, 143).
  return stoppedExitCode(code, io.signal);
}

function handleError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Help and version were printed by commander; everything else it throws is a usage error.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  // File names and messages may carry anything (a hostile file name, stream data): one escaped line each.
  if (error instanceof UsageError) {
    io.stderr.write(`respcat: ${escapeLine(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof InputError) {
    io.stderr.write(`respcat: ${escapeLine(error.inputName)}: ${escapeLine(error.message)}\n`);
    return EXIT.io;
  }
  if (error instanceof OutputError) {
    io.stderr.write(`respcat: ${escapeLine(error.path)}: ${escapeLine(error.message)}\n`);
    return EXIT.io;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`respcat: internal error: ${escapeLine(message)}${io.env.DEBUG !== undefined ? '' : ' (set DEBUG=1 for details)'}\n`);
  if (io.env.DEBUG !== undefined && error instanceof Error && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
  return EXIT.failed;
}
