import type { ChalkInstance } from 'chalk';
import { positionLabel, type Diagnostic } from '../core/diagnostics.js';
import { escapeLine } from './terminal-safe.js';

/** One diagnostic as a stderr line: `FILE:LINE: severity: message [code]` (`FILE:byte N:` in a binary input); the file name and message cannot leave that line. */
export function renderDiagnosticLine(file: string, diagnostic: Diagnostic, style: ChalkInstance): string {
  const severity =
    diagnostic.severity === 'error' ? style.red('error') : diagnostic.severity === 'warning' ? style.yellow('warning') : style.blue('info');
  // Messages quote stream data (ids, values): never let it reach a terminal raw, nor start a line.
  return `${style.bold(`${escapeLine(file)}:${positionLabel(diagnostic.position)}`)}: ${severity}: ${escapeLine(diagnostic.message)} ${style.dim(`[${diagnostic.code}]`)}`;
}
