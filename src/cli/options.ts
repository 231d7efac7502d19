import { InvalidArgumentError } from 'commander';
import type { Io } from './io.js';
import { escapeControls } from '../render/terminal-safe.js';

/** Parses a whole number of milliseconds (or any non-negative number) for options like `--delay`. */
export function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

/** Help to stdout; usage errors as one line on stderr (`respcat: unknown option '--x' (see …)`). */
export function output(io: Io, command?: string) {
  return {
    writeOut: (text: string) => io.stdout.write(text),
    writeErr: (text: string) => io.stderr.write(text),
    outputError: (text: string, write: (text: string) => void) => {
      // Commander quotes what was typed (an unknown command may be a hostile file name): escaped, its own newlines kept.
      const message = escapeControls(text.trim().replace(/^error: /, ''));
      write(`respcat: ${message} (see 'respcat ${command !== undefined ? `${command} ` : ''}--help')\n`);
    },
  };
}

export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`;
}

