import { statSync } from 'node:fs';
import type { Io } from '../terminal/io.js';
import { colorLevel, createStyle } from '../terminal/tty.js';
import { GOLDEN_MISMATCH } from '../core/diagnostics.js';
import { describeReadFailure, type InputSource } from '../input/read-input.js';
import { countFile, sortCodes, type CheckFileResult, type CheckGate } from '../render/check-findings.js';
import { renderCheckGithub } from '../render/check-github.js';
import { renderCheckJson, type CheckShard } from '../render/check-json.js';
import { renderCheckJunit } from '../render/check-junit.js';
import { renderCheckText } from '../render/check-text.js';
import { escapeLine } from '../render/terminal-safe.js';
import type { LatencyBudgets } from '../core/latency-findings.js';
import { checkInput, type CheckedInput } from './check-input.js';
import { readCheckReports } from './check-merge.js';
import { checkInputs, startCheckWorkers } from './check-pool.js';
import { EXIT, UsageError } from './errors.js';
import type { GoldenChecked } from './golden.js';
import { resolveInputs } from './inputs.js';
import { applySettings, type RuleSettings } from './rule-settings.js';
import { selectShard, type Shard } from './shards.js';
import { applySuppressions } from './suppressions.js';

export { checkInput, type CheckedInput } from './check-input.js';
// What the CLI needs besides check(), in the one module it imports when check runs.
export { defaultJobs } from './check-pool.js';
export { loadCheckConfig } from './check-config.js';
export { layerSettings, parseIgnore, parseSeverity } from './rule-settings.js';
export { parseShard } from './shards.js';
export { UsageError } from './errors.js';

import type { CheckFormat } from './check-formats.js';

export { CHECK_FORMATS, type CheckFormat } from './check-formats.js';

/** `respcat check` options, as the CLI parsed them. */
export interface CheckOptions extends CheckGate, LatencyBudgets {
  readonly files: readonly string[];
  /** `--update-golden` (with `--golden DIR`): copy differing inputs over their goldens instead of failing. */
  readonly updateGolden?: boolean;
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
  const golden = options.golden !== undefined ? { dir: options.golden, update: options.updateGolden === true } : null;
  if (golden === null && options.updateGolden === true) throw new UsageError('--update-golden needs --golden DIR');
  // The golden comparison reads each input its own way, without the sidecar's timing: refuse rather than skip the budgets.
  const timed = options.maxGapMs !== undefined || options.maxTtftMs !== undefined;
  if (golden !== null && timed) throw new UsageError('--golden cannot be combined with --max-ttft or --max-gap yet: run them as two checks');
  // Worker threads load while folders are walked and globs expanded (checkInputs stops any it cannot use).
  const workers = golden === null && !timed ? startCheckWorkers(Math.min(options.jobs ?? 1, mostFiles(options.files)) - 1) : undefined;
  let sources: InputSource[];
  try {
    sources = await resolveInputs(options.files, io, 'check', options.ignored !== undefined ? { ignored: options.ignored } : {});
  } catch (error) {
    workers?.stop();
    throw error;
  }
  // Loaded only for --golden: the diff it needs (pixels, fs/promises) is a tenth of a plain check's start-up.
  const goldens = golden !== null ? await import('./golden.js') : null;
  if (goldens !== null && golden !== null) goldens.checkGoldenSources(sources, golden);
  const selected = options.shard !== undefined ? selectShard(sources, options.shard) : sources.map((source, position) => ({ source, position }));
  const shard = options.shard !== undefined ? { ...options.shard, inputs: sources.length } : undefined;
  const results: CheckFileResult[] = [];
  let unreadable = false;
  const record = (checked: CheckedInput & Partial<Pick<GoldenChecked, 'goldenError' | 'note'>>, source: InputSource, index: number): void => {
    for (const warning of checked.warnings) io.stderr.write(`respcat: ${escapeLine(warning)}\n`);
    if (checked.goldenError !== undefined && checked.goldenError !== null) {
      unreadable = true;
      io.stderr.write(`respcat: ${escapeLine(checked.goldenError)}\n`);
    }
    if (checked.note !== undefined && checked.note !== null) io.stderr.write(`respcat: ${escapeLine(checked.note)}\n`);
    if (checked.inputError !== null) {
      unreadable = true;
      io.stderr.write(`respcat: ${escapeLine(checked.file)}: ${escapeLine(describeReadFailure(checked.inputError, checked.bytes))}\n`);
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
  };
  if (golden !== null || timed) {
    // Goldens and latency budgets are checked here, one input after another (the worker threads run the plain check).
    const run = { ...(io.signal !== undefined ? { signal: io.signal } : {}), onWarning: (message: string) => io.stderr.write(`respcat: ${escapeLine(message)}\n`) };
    for (const [index, { source }] of selected.entries()) {
      if (io.signal?.aborted === true) break;
      if (golden !== null && goldens !== null && source.kind === 'file') {
        const checked = await goldens.checkAgainstGolden(source, golden, run);
        record(checked, source, index);
      } else record(await checkInput(source, { ...run, budgets: options }), source, index);
    }
  } else {
    await checkInputs(
      selected.map(({ source }) => source),
      { jobs: options.jobs ?? 1, signal: io.signal, ...(workers !== undefined ? { workers } : {}) },
      record,
    );
  }
  if (io.signal?.aborted === true) return EXIT.interrupted;

  // Under --update-golden the goldens were brought up to date: the golden-mismatch rule is reported only for
  // goldens that could not be written.
  const goldenRule = golden !== null && (!golden.update || results.some((r) => r.diagnostics.some((d) => d.code === GOLDEN_MISMATCH)));
  io.stdout.write(renderReport(results, { ...options, golden: goldenRule ? golden.dir : undefined }, io, shard));
  if (unreadable) return EXIT.io;
  return results.some((r) => countFile(r, options).errors > 0) ? EXIT.failed : EXIT.ok;
}

/** The most files FILE arguments can be: their number, or no limit once one is a folder or glob. */
function mostFiles(args: readonly string[]): number {
  const some = args.some((arg) => {
    if (arg === '-') return false;
    const stat = statSync(arg, { throwIfNoEntry: false });
    return stat === undefined ? /[*?[{]/.test(arg) : stat.isDirectory();
  });
  return some ? Infinity : args.filter((arg) => arg !== '-').length;
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
