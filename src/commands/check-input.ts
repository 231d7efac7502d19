import { InputError, type InputSource } from '../input/read-input.js';
import { sortFindings, type CheckFileResult } from '../render/check-findings.js';
import { latencyFindings, type LatencyBudgets } from '../core/latency-findings.js';
import { openLatency } from './latency.js';
import { runInput } from './run-input.js';
import { createDirectiveCollector, type DirectiveCollector } from './suppressions.js';

/** What checking one input found: its sorted findings, and whether it could be read whole. */
export interface CheckedInput extends CheckFileResult {
  /** The input could not be read (at all when `bytes` is 0, else part way). */
  readonly inputError: InputError | null;
  readonly bytes: number;
  readonly stopped: boolean;
  /** What went wrong on the way that is not a finding (a cut-off gzip), to say on stderr. */
  readonly warnings: readonly string[];
  /** Its `: respcat-ignore` comment lines. */
  readonly directives: DirectiveCollector['directives'];
}

/**
 * Runs every rule over one input: the stream rules, and every image decoded and fully validated
 * (nothing written). Only the findings are kept, so checking many files one after another stays small.
 */
export async function checkInput(
  source: InputSource,
  options: { signal?: AbortSignal; onWarning?: (message: string) => void; budgets?: LatencyBudgets } = {},
): Promise<CheckedInput> {
  const warnings: string[] = [];
  const collector = createDirectiveCollector();
  const budgets = options.budgets ?? {};
  const timed = budgets.maxGapMs !== undefined || budgets.maxTtftMs !== undefined;
  const warn = (message: string): void => void warnings.push(message);
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
    readAtOnce: true,
    onComment: collector.onComment,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    onWarning: (message) => warnings.push(message),
  });
  let diagnostics = result.diagnostics;
  if (latency !== null) {
    // Said once per input: a budget that could not be checked is not a pass.
    if (!latency.recorder.measured && result.processor.stats.bytes > 0) warn(`${result.name}: no usable timing sidecar (${result.name}.timing): --max-ttft and --max-gap not checked`);
    diagnostics = [...diagnostics, ...latencyFindings(latency.recorder, result.processor.responses, budgets)];
  }
  return {
    file: result.name,
    diagnostics: sortFindings(diagnostics),
    omitted: result.omitted,
    inputError: result.inputError,
    bytes: result.processor.stats.bytes,
    stopped: result.stopped,
    directives: collector.directives,
    warnings,
  };
}

/** A checked input as a worker thread posts it: the read error as plain data (a class does not survive the copy). */
export type PostedInput = Omit<CheckedInput, 'inputError'> & { readonly inputError: { readonly inputName: string; readonly message: string } | null };

/** A checked input made ready to post from a worker thread. */
export function toPosted(checked: CheckedInput): PostedInput {
  return { ...checked, inputError: checked.inputError === null ? null : { inputName: checked.inputError.inputName, message: checked.inputError.message } };
}

/** A checked input as posted, turned back. */
export function fromPosted(posted: PostedInput): CheckedInput {
  return { ...posted, inputError: posted.inputError === null ? null : new InputError(posted.inputError.inputName, posted.inputError.message) };
}
