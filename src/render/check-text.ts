import type { ChalkInstance } from 'chalk';
import {
  countFile,
  describeCounts,
  describeOmitted,
  describeSuppression,
  describeSummary,
  isFailing,
  summarizeCheck,
  type CheckFileResult,
  type CheckGate,
  type FindingCounts,
} from './check-findings.js';
import { renderDiagnosticLine } from './diagnostic-line.js';
import { escapeLine } from './terminal-safe.js';

/** Options of the text report. */
export interface CheckTextOptions extends CheckGate {
  /** Only what fails the check, and the totals line. */
  readonly quiet: boolean;
  /** Colours (a level-0 instance for none); the caller decides the level for the stream it writes to. */
  readonly style: ChalkInstance;
}

/**
 * The human report: per file, one `file:line: severity: message [code]` line per finding and a verdict
 * line, files separated by a blank line, then a totals line. Control characters are always escaped,
 * since CI log viewers interpret escape sequences too.
 */
export function renderCheckText(results: readonly CheckFileResult[], options: CheckTextOptions): string {
  const { style } = options;
  const blocks: string[] = [];
  for (const result of results) {
    const file = escapeLine(result.file);
    const shown = options.quiet ? result.diagnostics.filter((d) => isFailing(d, options)) : result.diagnostics;
    const lines = shown.map((d) => renderDiagnosticLine(file, d, style));
    for (const group of result.omitted ?? []) {
      if (!options.quiet || isFailing(group, options)) lines.push(`${style.bold(file)}: ${style.dim(describeOmitted(group))}`);
    }
    if (!options.quiet) for (const suppression of result.suppressed ?? []) lines.push(`${style.bold(`${file}:${suppression.line}`)}: ${style.dim(escapeLine(describeSuppression(suppression)))}`);
    if (result.readError !== undefined) lines.push(`${style.bold(file)}: ${style.red('error')}: cannot be read: ${escapeLine(result.readError)}`);
    if (!options.quiet || result.readError !== undefined) lines.push(`${style.bold(file)}: ${renderVerdict(countFile(result, options), style)}`);
    if (lines.length > 0) blocks.push(lines.join('\n'));
  }
  blocks.push(describeSummary(summarizeCheck(results, options), options, { failed: (t) => style.red(t), passed: (t) => style.green(t) }));
  return `${blocks.join('\n\n')}\n`;
}

function renderVerdict(counts: FindingCounts, style: ChalkInstance): string {
  if (counts.errors > 0) return `${style.red('failed')} (${describeCounts(counts)})`;
  if (counts.warnings === 0 && counts.infos === 0) return style.green('ok');
  return `${style.green('ok')} (${describeCounts(counts)})`;
}
