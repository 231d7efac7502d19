import { KEPT_PER_CODE, type Diagnostic, type OmittedDiagnostics } from '../core/diagnostics.js';
import { describeSummary, describeSuppression, isFailing, summarizeCheck, type CheckFileResult, type CheckGate } from './check-findings.js';
import { escapeControls } from './terminal-safe.js';

/** Options of the GitHub Actions report. */
export interface CheckGithubOptions extends CheckGate {
  /** Only findings that fail the check. */
  readonly quiet: boolean;
}

/** Annotations shown per file and rule code before the rest are folded into one summary annotation. */
export const ANNOTATIONS_PER_RULE = 10;

/** Escapes a workflow command's message as the runner expects: `%`, CR and LF. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value (`file`, `title`): as data, plus `:` and `,`. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands, `::error file=F,line=N,title=CODE::message` (`::warning` for a
 * warning that does not fail the check, `::notice` for info), then one plain summary line. Each file
 * and code gets at most {@link ANNOTATIONS_PER_RULE} annotations and then one saying how many more
 * there are. Annotations are emitted round by round (every group's first, then every group's second, …)
 * because GitHub shows only the first few of each level per step: one noisy capture cannot hide the rest.
 */
export function renderCheckGithub(results: readonly CheckFileResult[], options: CheckGithubOptions): string {
  const groups: string[][] = [];
  for (const result of results) {
    if (result.readError !== undefined) groups.push([`::error ${`file=${escapeGithubProperty(escapeControls(result.file))},title=unreadable-input`}::${escapeGithubData(escapeControls(`cannot be read: ${result.readError}`))}`]);
    const byCode = new Map<string, Diagnostic[]>();
    for (const diagnostic of result.diagnostics) {
      if (options.quiet && !isFailing(diagnostic, options)) continue;
      const group = byCode.get(diagnostic.code);
      if (group === undefined) byCode.set(diagnostic.code, [diagnostic]);
      else group.push(diagnostic);
    }
    // An unused suppression is worth a look (a fixed capture, a misspelt code), never a failure.
    for (const suppression of result.suppressed ?? []) {
      if (suppression.count === 0 && !options.quiet) groups.push([command('notice', result.file, suppression.line, 'respcat-ignore', describeSuppression(suppression))]);
    }
    // Groups in the order of their first finding, which is line order (diagnostics arrive sorted).
    for (const findings of byCode.values()) {
      const omitted = result.omitted?.find((o) => o.code === findings[0]?.code);
      groups.push(renderGroup(result.file, findings, options, omitted));
    }
  }
  const lines: string[] = [];
  const rounds = Math.max(0, ...groups.map((g) => g.length));
  for (let round = 0; round < rounds; round++) {
    for (const group of groups) {
      const line = group[round];
      if (line !== undefined) lines.push(line);
    }
  }
  // A plain line (not starting with ::) is shown as log text, not taken as a command.
  lines.push(`respcat check: ${describeSummary(summarizeCheck(results, options), options)}`);
  return `${lines.join('\n')}\n`;
}

function renderGroup(file: string, findings: readonly Diagnostic[], gate: CheckGate, omitted: OmittedDiagnostics | undefined): string[] {
  const shown = findings.slice(0, ANNOTATIONS_PER_RULE).map((d) => command(levelOf(d, gate), file, d.position.line, d.code, d.position.line === 0 ? `byte ${d.position.byte}: ${d.message}` : d.message));
  const rest = findings.slice(ANNOTATIONS_PER_RULE);
  const first = rest[0];
  const last = rest[rest.length - 1];
  if (first !== undefined && last !== undefined) {
    // Findings beyond those respcat keeps (KEPT_PER_CODE) are in the count and the span, but no report lists them.
    const count = rest.length + (omitted?.count ?? 0);
    const lastLine = omitted?.lastLine ?? last.position.line;
    const lines = first.position.line === lastLine ? `line ${first.position.line}` : `lines ${first.position.line}–${lastLine}`;
    const where = omitted === undefined ? 'lists them all' : `lists the first ${KEPT_PER_CODE} of each kind`;
    const message = `${count} more ${first.code} finding${count === 1 ? '' : 's'} in this file (${lines}) not shown; respcat check ${file} ${where}`;
    shown.push(command(levelOf(first, gate), file, first.position.line, first.code, message));
  }
  return shown;
}

function levelOf(diagnostic: Diagnostic, gate: CheckGate): 'error' | 'warning' | 'notice' {
  if (isFailing(diagnostic, gate)) return 'error';
  return diagnostic.severity === 'warning' ? 'warning' : 'notice';
}

function command(level: string, file: string, line: number, title: string, message: string): string {
  // Stream data quoted in messages must not reach the log viewer as escape sequences either.
  // A binary input has no lines (line 0): the annotation names the file only, its message the byte offset.
  const properties = `file=${escapeGithubProperty(escapeControls(file))}${line > 0 ? `,line=${line}` : ''},title=${escapeGithubProperty(title)}`;
  return `::${level} ${properties}::${escapeGithubData(escapeControls(message))}`;
}
