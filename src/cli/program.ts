import { Command } from 'commander';
import { createRequire } from 'node:module';
import { registerCheck } from './check-command.js';
import { registerDiff } from './diff-command.js';
import { registerInspect } from './inspect-command.js';
import { registerReplay } from './replay-command.js';
import { registerServe } from './serve-command.js';
import type { Io } from './io.js';
import { output } from './options.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** Builds the commander program; each action hands a plain options object to its command and reports the exit code. */
export function createProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('respcat')
    .description('Replay, inspect and check captured OpenAI model-response streams (SSE).')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput(output(io));

  registerReplay(program, io, setExitCode);
  registerInspect(program, io, setExitCode);
  registerCheck(program, io, setExitCode);
  registerServe(program, io, setExitCode);
  registerDiff(program, io, setExitCode);

  for (const command of program.commands) {
    command.exitOverride().configureOutput(output(io, command.name()));
  }
  return program;
}
