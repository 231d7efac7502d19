import { InputError, type InputSource } from '../input/read-input.js';
import { sortFindings, type CheckFileResult } from '../render/check-findings.js';
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
export async function checkInput(source: InputSource, options: { signal?: AbortSignal } = {}): Promise<CheckedInput> {
  const warnings: string[] = [];
  const collector = createDirectiveCollector();
  const result = await runInput({
    source,
    images: { writer: null },
    readAtOnce: true,
    onComment: collector.onComment,
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    onWarning: (message) => warnings.push(message),
  });
  return {
    file: result.name,
    diagnostics: sortFindings(result.diagnostics),
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
