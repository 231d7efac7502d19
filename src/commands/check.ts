import type { Io } from '../terminal/io.js';
import { colorLevel, createStyle } from '../terminal/tty.js';
import { describeReadFailure } from '../input/read-input.js';
import { countFile, sortCodes, type CheckFileResult, type CheckGate } from '../render/check-findings.js';
import { renderCheckGithub } from '../render/check-github.js';
import { renderCheckJson, type CheckShard } from '../render/check-json.js';
import { renderCheckJunit } from '../render/check-junit.js';
import { renderCheckText } from '../render/check-text.js';
import { EXIT } from './errors.js';
import { applySettings, type RuleSettings } from './rule-settings.js';
import { resolveInputs } from './inputs.js';
import { readCheckReports } from './check-merge.js';
import { checkInputs } from './check-pool.js';
import { selectShard, type Shard } from './shards.js';
import { applySuppressions } from './suppressions.js';

export { checkInput, type CheckedInput } from './check-input.js';

import type { CheckFormat } from './check-formats.js';

export { CHECK_FORMATS, type CheckFormat } from './check-formats.js';

/** `respcat check` options, as the CLI parsed them. */
export interface CheckOptions extends CheckGate {
  readonly files: readonly string[];
  readonly format: CheckFormat;
  /** text and github: only findings that fail the check (and the totals line). */
  readonly quiet: boolean;
  readonly color: boolean | undefined;
  /** `--severity`, `--ignore` (and the config file): what each rule is set to for a file (null: stdin). */
  readonly settingsFor?: (file: string | null) => RuleSettings;
  /** `--jobs`: how many files are checked at once, in worker threads (1 by default here; the CLI defaults to the cores). */
  readonly jobs?: number;
  /** `--shard I/N`: check only that part of the inputs. */
  readonly shard?: Shard;
  /** `--merge-reports DIR`: no inputs; one report of the shard JSON reports in DIR. */
  readonly mergeReports?: string;
  /** Files a folder or glob found that are left out (the config file's `ignore`). */
  readonly ignored?: (file: string) => boolean;
}

/**
 * Checks every input in turn and prints one report for all of them on stdout. Exit (docs/spec.md §6): 130 when
 * interrupted (no report); 3 when an input could not be read (named on stderr; the others are still
 * checked and reported), which outranks 1 because the run did not see everything; 1 when any finding fails
 * the check; else 0. Usage errors (no input on a terminal) are thrown for the CLI to turn into 2.
 */
export async function check(options: CheckOptions, io: Io): Promise<number> {
  if (options.mergeReports !== undefined) {
    const merged = readCheckReports(options.mergeReports);
    io.stdout.write(renderReport(merged, options, io));
    if (merged.some((result) => result.readError !== undefined)) return EXIT.io;
    return merged.some((r) => countFile(r, options).errors > 0) ? EXIT.failed : EXIT.ok;
  }
  const sources = await resolveInputs(options.files, io, 'check', options.ignored !== undefined ? { ignored: options.ignored } : {});
  const selected = options.shard !== undefined ? selectShard(sources, options.shard) : sources.map((source, position) => ({ source, position }));
  const shard = options.shard !== undefined ? { ...options.shard, inputs: sources.length } : undefined;
  const results: CheckFileResult[] = [];
  let unreadable = false;
  await checkInputs(
    selected.map(({ source }) => source),
    { jobs: options.jobs ?? 1, signal: io.signal },
    (checked, source, index) => {
      for (const warning of checked.warnings) io.stderr.write(`respcat: ${warning}\n`);
      if (checked.inputError !== null) {
        unreadable = true;
        io.stderr.write(`respcat: ${checked.file}: ${describeReadFailure(checked.inputError, checked.bytes)}\n`);
      }
      // An input that could not be read (whole or to its end) is a failed file in every report format.
      const unread = checked.inputError !== null && checked.bytes === 0;
      const settings = options.settingsFor?.(source.kind === 'file' ? source.path : null) ?? new Map();
      const { diagnostics, omitted, suppressed } = applySuppressions(applySettings(checked, settings), checked.directives);
      const off = [...settings].filter(([, setting]) => setting === 'off').map(([code]) => code);
      results.push({
        file: checked.file,
        // Nothing read: no finding about its (absent) content, only that it could not be read.
        diagnostics: unread ? [] : diagnostics,
        ...(omitted.length > 0 ? { omitted } : {}),
        ...(off.length > 0 ? { off: sortCodes(off) } : {}),
        ...(suppressed.length > 0 ? { suppressed } : {}),
        ...(checked.inputError !== null ? { readError: describeReadFailure(checked.inputError, checked.bytes) } : {}),
        ...(unread ? { unread: true } : {}),
        ...(shard !== undefined ? { position: selected[index]?.position ?? index } : {}),
      });
    },
  );
  if (io.signal?.aborted === true) return EXIT.interrupted;

  io.stdout.write(renderReport(results, options, io, shard));
  if (unreadable) return EXIT.io;
  return results.some((r) => countFile(r, options).errors > 0) ? EXIT.failed : EXIT.ok;
}

function renderReport(results: readonly CheckFileResult[], options: CheckOptions, io: Io, shard?: CheckShard): string {
  switch (options.format) {
    case 'text':
      return renderCheckText(results, { strict: options.strict, quiet: options.quiet, style: createStyle(colorLevel(io.stdout, io.env, options.color)) });
    case 'json':
      return renderCheckJson(results, options, shard);
    case 'junit':
      return renderCheckJunit(results, options, shard);
    case 'github':
      return renderCheckGithub(results, options);
  }
}
