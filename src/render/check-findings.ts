import { DIAGNOSTIC_CODES, KEPT_PER_CODE, type Diagnostic, type DiagnosticCode, type OmittedDiagnostics } from '../core/diagnostics.js';

/** One input's findings as every check reporter takes them: the name to show and its diagnostics, sorted by line. */
export interface CheckFileResult {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Findings beyond the first KEPT_PER_CODE of a code: not listed, but counted (and failing) all the same. */
  readonly omitted?: readonly OmittedDiagnostics[];
  /** Why the input could not be read (whole or to its end), e.g. `no such file`: the file fails the check. */
  readonly readError?: string;
  /** Not a byte of it could be read (no such file, a folder): no rule saw it. */
  readonly unread?: boolean;
  /** The capture's `: respcat-ignore CODE` comments, one entry per code named, and what each silenced. */
  readonly suppressed?: readonly Suppression[];
  /** Its place among all the inputs of the run, when this is one shard of it (`--shard`). */
  readonly position?: number;
  /** Rules set to `off` for this file (`--ignore`, `--severity CODE=off`, the config file), in the order of docs/spec.md §5. */
  readonly off?: readonly DiagnosticCode[];
}

/** One code a capture's `: respcat-ignore` comment names: at which line, and how many findings it silenced (0: unused). */
export interface Suppression {
  readonly code: string;
  readonly line: number;
  count: number;
  /** The code is one of docs/spec.md §5's (a misspelt one silences nothing). */
  readonly known: boolean;
}

/** How a report words a suppression: `respcat-ignore invalid-image: silenced 1 finding`, or why it is unused. */
export function describeSuppression(suppression: Suppression): string {
  const head = `respcat-ignore ${suppression.code}`;
  if (!suppression.known) return `${head}: unused: no such finding code`;
  if (suppression.count === 0) return `${head}: unused: no ${suppression.code} finding in this file`;
  return `${head}: silenced ${suppression.count} finding${suppression.count === 1 ? '' : 's'}`;
}

/** A file's counts as every report states them: its findings, plus one error when it could not be read. */
export function countFile(result: CheckFileResult, gate: CheckGate): FindingCounts {
  const counts = countFindings(result.diagnostics, gate, result.omitted);
  return result.readError === undefined ? counts : { ...counts, errors: counts.errors + 1 };
}

/** `4000 more unrecognized-line warnings (lines 1003–5002) not listed: respcat keeps the first 1000 of each kind`. */
export function describeOmitted(omitted: OmittedDiagnostics): string {
  const lines = omitted.firstLine === omitted.lastLine ? `line ${omitted.firstLine}` : `lines ${omitted.firstLine}–${omitted.lastLine}`;
  return `${omitted.count} more ${omitted.code} ${omitted.severity === 'info' ? 'finding' : omitted.severity}${omitted.count === 1 ? '' : 's'} (${lines}) not listed: respcat keeps the first ${KEPT_PER_CODE} of each kind`;
}

/** What decides pass or fail, shared by the reporters and the exit code. */
export interface CheckGate {
  /** `--strict`: warnings fail the check too. */
  readonly strict: boolean;
  /** `--golden DIR` (without `--update-golden`): each input was compared with its golden, one more rule. */
  readonly golden?: string | undefined;
}

/** Findings counted the way the gate sees them. */
export interface FindingCounts {
  /** Findings that fail the check: errors, plus warnings under `--strict`. */
  readonly errors: number;
  /** Warnings that do not fail it (always 0 under `--strict`, where they count as errors). */
  readonly warnings: number;
  /** Info findings (`unknown-event`): shown, never failing. */
  readonly infos: number;
}

/** Whether a finding fails the check (docs/spec.md §5, §6): an error, or a warning under `--strict`; info never does. */
export function isFailing(diagnostic: Pick<Diagnostic, 'severity'>, gate: CheckGate): boolean {
  return diagnostic.severity === 'error' || (gate.strict && diagnostic.severity === 'warning');
}

/**
 * Counts findings. Under `--strict` warnings are counted among the errors (and `warnings` is 0), so that
 * `errors > 0` holds exactly when the check fails, in every report format.
 */
export function countFindings(diagnostics: readonly Diagnostic[], gate: CheckGate, omitted: readonly OmittedDiagnostics[] = []): FindingCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const diagnostic of diagnostics) {
    if (isFailing(diagnostic, gate)) errors++;
    else if (diagnostic.severity === 'warning') warnings++;
    else infos++;
  }
  for (const group of omitted) {
    if (isFailing(group, gate)) errors += group.count;
    else if (group.severity === 'warning') warnings += group.count;
    else infos += group.count;
  }
  return { errors, warnings, infos };
}

function sumCounts(counts: readonly FindingCounts[]): FindingCounts {
  return counts.reduce((a, b) => ({ errors: a.errors + b.errors, warnings: a.warnings + b.warnings, infos: a.infos + b.infos }), {
    errors: 0,
    warnings: 0,
    infos: 0,
  });
}

const CODE_RANK = new Map(DIAGNOSTIC_CODES.map((code, index) => [code, index]));

/** Codes in the order of docs/spec.md §5. */
export function sortCodes(codes: readonly DiagnosticCode[]): DiagnosticCode[] {
  return [...new Set(codes)].sort((a, b) => (CODE_RANK.get(a) ?? 0) - (CODE_RANK.get(b) ?? 0));
}

/**
 * Orders findings by line, then by code in the order of docs/spec.md §5, then by message. Images are validated
 * concurrently, so the order their findings arrive in varies from run to run; a report must not.
 */
export function sortFindings(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.position.line - b.position.line ||
      a.position.byte - b.position.byte ||
      (CODE_RANK.get(a.code) ?? CODE_RANK.size) - (CODE_RANK.get(b.code) ?? CODE_RANK.size) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** `1 error, 2 warnings` (info findings only when there are some: they never matter to the verdict). */
export function describeCounts(counts: FindingCounts): string {
  const parts = [plural(counts.errors, 'error'), plural(counts.warnings, 'warning')];
  if (counts.infos > 0) parts.push(`${counts.infos} info`);
  return parts.join(', ');
}

/** What a whole check run found: files, how many of them failed, and the findings added up. */
export interface CheckSummary {
  readonly files: number;
  readonly failed: number;
  readonly totals: FindingCounts;
}

/** Sums up a check run the way every report's closing line states it. */
export function summarizeCheck(results: readonly CheckFileResult[], gate: CheckGate): CheckSummary {
  const counts = results.map((result) => countFile(result, gate));
  return { files: results.length, failed: counts.filter((c) => c.errors > 0).length, totals: sumCounts(counts) };
}

const plain = { failed: (text: string) => text, passed: (text: string) => text };

/** The closing line's words: `2 files checked, 1 failed: 3 errors, 1 warning`, and a note under `--strict` on how it counted. */
export function describeSummary(summary: CheckSummary, gate: CheckGate, paint: { failed(text: string): string; passed(text: string): string } = plain): string {
  const verdict = summary.failed > 0 ? paint.failed(`${summary.failed} failed`) : paint.passed('all passed');
  const strictNote = gate.strict ? ' (--strict: warnings count as errors)' : '';
  return `${plural(summary.files, 'file')} checked, ${verdict}: ${describeCounts(summary.totals)}${strictNote}`;
}
