import { Chalk, type ChalkInstance } from 'chalk';
import type { Io, TerminalWritable } from './io.js';

/** chalk's colour levels: 0 none, 1 basic, 2 256 colours, 3 truecolour. */
export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * Decides the colour level for a stream (chalk ignores NO_COLOR, so respcat decides): `--color` /
 * `--no-color` first, then NO_COLOR, then FORCE_COLOR, then colour only on a terminal that is not dumb.
 */
export function colorLevel(stream: TerminalWritable, env: Io['env'], flag: boolean | undefined): ColorLevel {
  if (flag === false) return 0;
  const terminalLevel = (): ColorLevel => {
    if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
    if ((env.TERM ?? '').includes('256')) return 2;
    return 1;
  };
  if (flag === true) return terminalLevel();
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '' || force === 'true' || force === '1') return Math.max(1, terminalLevel()) as ColorLevel;
    const n = Number(force);
    if (n === 2 || n === 3) return n;
    return 1;
  }
  if (stream.isTTY !== true || env.TERM === 'dumb') return 0;
  return terminalLevel();
}

/** A chalk instance at a chosen level (never the global one, whose level chalk guesses itself). */
export function createStyle(level: ColorLevel): ChalkInstance {
  return new Chalk({ level });
}

/** Whether interactive extras (spinner, previews) belong on this stream: a real terminal, not CI, not dumb. */
export function isInteractive(stream: TerminalWritable, env: Io['env']): boolean {
  return stream.isTTY === true && env.CI === undefined && env.TERM !== 'dumb';
}
