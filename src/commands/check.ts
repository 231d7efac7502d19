import type { Io } from '../terminal/io.js';
import { colorLevel, createStyle } from '../terminal/tty.js';
import { GOLDEN_MISMATCH } from '../core/diagnostics.js';
import { describeReadFailure, type InputError, type InputSource } from '../input/read-input.js';
import { countFile, sortFindings, type CheckFileResult, type CheckGate } from '../render/check-findings.js';
import { renderCheckGithub } from '../render/check-github.js';
import { renderCheckJson } from '../render/check-json.js';
import { renderCheckJunit } from '../render/check-junit.js';
import { renderCheckText } from '../render/check-text.js';
import { escapeLine } from '../render/terminal-safe.js';
import { latencyFindings, type LatencyBudgets } from '../core/latency-findings.js';
import { EXIT, UsageError } from './errors.js';
import { checkAgainstGolden, checkGoldenSources, type GoldenChecked } from './golden.js';
import { openLatency } from './latency.js';
import { runInput } from './run-input.js';
import { resolveSources } from './sources.js';

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
}

/** What checking one input found: its sorted findings, and whether it could be read whole. */
export interface CheckedInput extends CheckFileResult {
  /** The input could not be read (at all when `bytes` is 0, else part way). */
  readonly inputError: InputError | null;
  readonly bytes: number;
  readonly stopped: boolean;
}

/**
 * Runs every rule over one input: the stream rules, and every image decoded and fully validated
 * (nothing written). Only the findings are kept, so checking many files one after another stays small.
 */
export async function checkInput(
  source: InputSource,
  options: { signal?: AbortSignal; onWarning?: (message: string) => void; budgets?: LatencyBudgets } = {},
): Promise<CheckedInput> {
  const budgets = options.budgets ?? {};
  const timed = budgets.maxGapMs !== undefined || budgets.maxTtftMs !== undefined;
  const warn = options.onWarning ?? (() => {});
  const latency = timed
    ? await openLatency(source, {
        warn,
        ...(budgets.maxGapMs !== undefined ? { keepGapsOverMs: budgets.maxGapMs } : {}),
        ...(budgets.maxTtftMs !== undefined ? { ttftBudgetMs: budgets.maxTtftMs } : {}),
      })
    : null;
  const result = await runInput({
    source,
    ...(latency !== null ? { latency } : {}),
    images: { writer: null },
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
  });
  let diagnostics = result.diagnostics;
  if (latency !== null) {
    // Said once per input: a budget that could not be checked is not a pass.
    if (!latency.recorder.measured && result.processor.stats.bytes > 0) warn(`${escapeLine(result.name)}: no usable timing sidecar (${escapeLine(result.name)}.timing): --max-ttft and --max-gap not checked`);
    diagnostics = [...diagnostics, ...latencyFindings(latency.recorder, result.processor.responses, budgets)];
  }
  return {
    file: result.name,
    diagnostics: sortFindings(diagnostics),
    omitted: result.omitted,
    inputError: result.inputError,
    bytes: result.processor.stats.bytes,
    stopped: result.stopped,
  };
}

/**
 * Checks every input in turn and prints one report for all of them on stdout. Exit (docs/spec.md §6): 130 when
 * interrupted (no report); 3 when an input could not be read (named on stderr; the others are still
 * checked and reported), which outranks 1 because the run did not see everything; 1 when any finding fails
 * the check; else 0. Usage errors (no input on a terminal) are thrown for the CLI to turn into 2.
 */
export async function check(options: CheckOptions, io: Io): Promise<number> {
  const sources = resolveSources(options.files, io, 'check');
  const golden = options.golden !== undefined ? { dir: options.golden, update: options.updateGolden === true } : null;
  if (golden === null && options.updateGolden === true) throw new UsageError('--update-golden needs --golden DIR');
  // The golden comparison reads each input its own way, without the sidecar's timing: refuse rather than skip the budgets.
  if (golden !== null && (options.maxGapMs !== undefined || options.maxTtftMs !== undefined)) {
    throw new UsageError('--golden cannot be combined with --max-ttft or --max-gap yet: run them as two checks');
  }
  if (golden !== null) checkGoldenSources(sources, golden);
  const results: CheckFileResult[] = [];
  let unreadable = false;
  for (const source of sources) {
    if (io.signal?.aborted === true) break;
    const run = { ...(io.signal !== undefined ? { signal: io.signal } : {}), onWarning: (message: string) => io.stderr.write(`respcat: ${escapeLine(message)}\n`) };
    const checked: CheckedInput & Partial<Pick<GoldenChecked, 'goldenError' | 'note'>> =
      golden !== null && source.kind === 'file' ? await checkAgainstGolden(source, golden, run) : await checkInput(source, { ...run, budgets: options });
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
    results.push({
      file: checked.file,
      // Nothing read: no finding about its (absent) content, only that it could not be read.
      diagnostics: unread ? [] : checked.diagnostics,
      ...(checked.omitted !== undefined && checked.omitted.length > 0 ? { omitted: checked.omitted } : {}),
      ...(checked.inputError !== null ? { readError: describeReadFailure(checked.inputError, checked.bytes) } : {}),
      ...(unread ? { unread: true } : {}),
    });
  }
  if (io.signal?.aborted === true) return EXIT.interrupted;

  // Under --update-golden the goldens were brought up to date: the golden-mismatch rule is reported only for
  // goldens that could not be written.
  const goldenRule = golden !== null && (!golden.update || results.some((r) => r.diagnostics.some((d) => d.code === GOLDEN_MISMATCH)));
  io.stdout.write(renderReport(results, { ...options, golden: goldenRule ? golden.dir : undefined }, io));
  if (unreadable) return EXIT.io;
  return results.some((r) => countFile(r, options).errors > 0) ? EXIT.failed : EXIT.ok;
}

function renderReport(results: readonly CheckFileResult[], options: CheckOptions, io: Io): string {
  switch (options.format) {
    case 'text':
      return renderCheckText(results, { strict: options.strict, quiet: options.quiet, style: createStyle(colorLevel(io.stdout, io.env, options.color)) });
    case 'json':
      return renderCheckJson(results, options);
    case 'junit':
      return renderCheckJunit(results, options);
    case 'github':
      return renderCheckGithub(results, options);
  }
}
