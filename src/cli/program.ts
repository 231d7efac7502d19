import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { registerCheck } from './check-command.js';
import { registerDiff } from './diff-command.js';
import { registerInspect } from './inspect-command.js';
import { registerRecord } from './record-command.js';
import { registerRedact } from './redact-command.js';
import { registerReplay } from './replay-command.js';
import { registerReport } from './report-command.js';
import { registerServe } from './serve-command.js';
import type { Io } from '../terminal/io.js';
import { output } from './options.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** Builds the commander program; each action hands a plain options object to its command and reports the exit code. */
export function createProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('respcat')
    .description('Replay, inspect and check captured OpenAI model-response streams (SSE).')
    .version(version, '-V, --version')
    .usage('[command] [options] | FILE [replay options]')
    .exitOverride()
    .configureOutput(output(io))
    .addHelpText('after', '\n`respcat FILE` replays FILE: the same as `respcat replay FILE`.');

  registerReplay(program, io, setExitCode);
  registerInspect(program, io, setExitCode);
  registerCheck(program, io, setExitCode);
  registerServe(program, io, setExitCode);
  registerRecord(program, io, setExitCode);
  registerRedact(program, io, setExitCode);
  registerDiff(program, io, setExitCode);
  registerReport(program, io, setExitCode);

  for (const command of program.commands) {
    command.exitOverride().configureOutput(output(io, command.name()));
  }
  return program;
}

/**
 * `respcat FILE …` is `respcat replay FILE …` when FILE is no command name: argv with `replay` put in
 * front when its first word is `-` (stdin) or names a file — one that exists, or looks like a path
 * (a `/` or `.` in it). A bare word that is neither stays a command, so a typo still gets
 * "unknown command … Did you mean …?" instead of "no such file".
 */
export function withDefaultCommand(argv: readonly string[], program: Command): readonly string[] {
  const [first] = argv;
  if (first === undefined || (first.startsWith('-') && first !== '-')) return argv;
  const commands = new Set(['help', ...program.commands.flatMap((command) => [command.name(), ...command.aliases()])]);
  if (commands.has(first)) return argv;
  return first === '-' || /[./\\]/.test(first) || existsSync(first) ? ['replay', ...argv] : argv;
}
