import { InvalidArgumentError } from 'commander';
import type { Io } from '../terminal/io.js';
import { escapeControls } from '../render/terminal-safe.js';

/** Parses a whole number of milliseconds (or any non-negative number) for options like `--delay`. */
export function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

/** Parses a number above 0 (`--speed`, `--timeout`). */
export function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** A parser of whole numbers from `min` up (`--rechunk`, `--max-body`, `--max-connections`). */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return n;
  };
}

/**
 * Parses `--port`: a decimal 0–65535 and nothing else. `Number()` alone takes `""` as 0 (a random port),
 * `0x50` as 80 and `1e3` as 1000.
 */
export function portNumber(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number 0–65535 in decimal digits');
  return Number(value);
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

