import type { ChalkInstance } from 'chalk';
import type { Diagnostic } from '../core/diagnostics.js';

/** One diagnostic as a stderr line: `FILE:LINE: severity: message [code]`. */
export function renderDiagnosticLine(file: string, diagnostic: Diagnostic, style: ChalkInstance): string {
  const severity =
    diagnostic.severity === 'error' ? style.red('error') : diagnostic.severity === 'warning' ? style.yellow('warning') : style.blue('info');
  return `${style.bold(`${file}:${diagnostic.position.line}`)}: ${severity}: ${diagnostic.message} ${style.dim(`[${diagnostic.code}]`)}`;
}
