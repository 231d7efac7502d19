import { positionFields, type OmittedDiagnostics } from '../core/diagnostics.js';
import { countFile, summarizeCheck, type CheckFileResult, type CheckGate, type Suppression } from './check-findings.js';
import { escapeJson } from './terminal-safe.js';

/** Which shard a report is of: shard `index` of `total`, of a run over `inputs` inputs in all. */
export interface CheckShard {
  readonly index: number;
  readonly total: number;
  readonly inputs: number;
}

/** The `respcat.check/1` document (docs/spec.md §5). */
export interface CheckJsonReport {
  readonly schema: 'respcat.check/1';
  /** Present in the report of one shard (`--shard I/N`). */
  readonly shard?: CheckShard;
  readonly files: readonly {
    readonly file: string;
    readonly errors: number;
    readonly warnings: number;
    readonly diagnostics: readonly { readonly severity: string; readonly code: string; readonly message: string; readonly line: number }[];
    /** Present when some code had more findings than respcat keeps: how many more, counted in errors/warnings. */
    readonly omitted?: readonly OmittedDiagnostics[];
    /** Rules set to off for this file (`--ignore`, `--severity`, the config file). */
    readonly off?: readonly string[];
    /** The capture's `: respcat-ignore` comments: each code named, its line, how many findings it silenced. */
    readonly suppressed?: readonly Suppression[];
  }[];
  readonly errors: number;
  readonly warnings: number;
}

/**
 * The machine report, `{"schema":"respcat.check/1","files":[…],"errors","warnings"}`, pretty-printed.
 * Counts are the gate's: under `--strict` warnings are counted in `errors` (and `warnings` is 0), so
 * `errors > 0` exactly when the check fails; each diagnostic keeps the severity docs/spec.md §5 gives its code.
 */
export function renderCheckJson(results: readonly CheckFileResult[], gate: CheckGate, shard?: CheckShard): string {
  const files = results.map((result) => {
    const counts = countFile(result, gate);
    const omitted = result.omitted ?? [];
    return {
      file: result.file,
      // A shard's report says where each file goes in the whole run, for --merge-reports.
      ...(shard !== undefined ? { position: result.position, ...(result.unread === true ? { unread: true } : {}) } : {}),
      ...(result.readError !== undefined ? { error: `cannot be read: ${result.readError}` } : {}),
      errors: counts.errors,
      warnings: counts.warnings,
      diagnostics: result.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, ...positionFields(d.position) })),
      ...(omitted.length > 0 ? { omitted } : {}),
      ...(result.off !== undefined && result.off.length > 0 ? { off: result.off } : {}),
      ...(result.suppressed !== undefined && result.suppressed.length > 0 ? { suppressed: result.suppressed } : {}),
    };
  });
  const { totals } = summarizeCheck(results, gate);
  const report: CheckJsonReport = { schema: 'respcat.check/1', ...(shard !== undefined ? { shard } : {}), files, errors: totals.errors, warnings: totals.warnings };
  // Stream strings may hold C1 or bidi controls, which JSON.stringify leaves raw: written as \uXXXX.
  return `${escapeJson(JSON.stringify(report, null, 2))}\n`;
}
