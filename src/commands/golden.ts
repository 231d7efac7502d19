import { constants } from 'node:fs';
import { copyFile, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createDiagnostic, GOLDEN_MISMATCH, quote, type Diagnostic } from '../core/diagnostics.js';
import { compareSides } from '../diff/compare.js';
import type { Difference } from '../diff/model.js';
import { temporaryName } from '../images/image-writer.js';
import { describeFsError } from '../input/fs-errors.js';
import type { InputSource } from '../input/read-input.js';
import { sortFindings } from '../render/check-findings.js';
import { formatShare } from '../render/diff-text.js';
import type { CheckedInput } from './check.js';
import { captureInput } from './diff-capture.js';
import { PNG_PIXELS } from './diff.js';
import { UsageError } from './errors.js';

/** `check --golden DIR [--update-golden]`. */
export interface GoldenOptions {
  readonly dir: string;
  /** Copy each input over its golden when they differ (or it has none) instead of reporting `golden-mismatch`. */
  readonly update: boolean;
}

/** What checking one input against its golden found, beside the usual findings. */
export interface GoldenChecked extends CheckedInput {
  /** The golden could not be read or written (exit 3); null when all went well. */
  readonly goldenError: string | null;
  /** `--update-golden`: what became of the golden (`updated goldens/a.sse: 2 differences`); else null. */
  readonly note: string | null;
}

/** Each FILE's golden is `DIR/<its name>`; stdin has no name, and under `--update-golden` two FILEs may not share one. */
export function checkGoldenSources(sources: readonly InputSource[], options: GoldenOptions): void {
  const names = new Set<string>();
  for (const source of sources) {
    if (source.kind !== 'file') throw new UsageError('--golden compares each FILE with DIR/<its name>: stdin has no name, give FILE arguments');
    const name = basename(source.path);
    if (options.update && names.has(name)) throw new UsageError(`--update-golden: two inputs are named ${JSON.stringify(name)}, and they would share one golden`);
    names.add(name);
  }
}

/**
 * Checks one input as `checkInput` does and compares it with its golden by `respcat diff`'s comparison (the
 * golden is A, the input B): each difference is a `golden-mismatch` error at the input's line, naming the
 * golden's line. With `update`, an input that differs from its golden, or has none, is copied over it
 * (atomically) instead; an input that could not be read whole never is.
 */
export async function checkAgainstGolden(
  source: InputSource & { readonly kind: 'file' },
  options: GoldenOptions,
  run: { readonly signal?: AbortSignal; readonly onWarning?: (message: string) => void } = {},
): Promise<GoldenChecked> {
  const input = await captureInput(source, run);
  const goldenPath = join(options.dir, basename(source.path));
  const checked = (extra: readonly Diagnostic[], goldenError: string | null, note: string | null): GoldenChecked => ({
    file: input.result.name,
    diagnostics: sortFindings([...input.result.diagnostics, ...extra]),
    omitted: input.result.omitted,
    inputError: input.result.inputError,
    bytes: input.result.processor.stats.bytes,
    stopped: input.result.stopped,
    goldenError,
    note,
    warnings: [],
    directives: [],
  });
  const at = (line: number | null) => ({ line: line ?? Math.max(1, input.side.lastLine), byte: 0 });
  // A golden that cannot be read or written fails the input in the report too (never an "ok" beside exit 3).
  const unusable = (verb: 'read' | 'write', problem: string): GoldenChecked =>
    checked([createDiagnostic(GOLDEN_MISMATCH, `Could not ${verb} the golden: ${problem}`, at(1))], problem, null);
  // Stopped, or nothing read at all (the check names the input): there is nothing to compare or copy.
  if (input.result.stopped || (input.result.inputError !== null && input.result.processor.stats.bytes === 0)) return checked([], null, null);

  let exists = true;
  try {
    await stat(goldenPath);
  } catch (error) {
    // ENOTDIR: DIR is a file, so no golden is in it (`--update-golden` then says DIR is not a folder).
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') return unusable('read', `${goldenPath}: ${describeFsError(error, 'read')}`);
    exists = false;
  }

  let differences: readonly Difference[] = [];
  let total = 0;
  if (exists) {
    const golden = await captureInput({ kind: 'file', path: goldenPath }, run);
    if (golden.result.stopped) return checked([], null, null);
    if (golden.readError !== null) return unusable('read', `${goldenPath}: ${golden.readError}`);
    const result = compareSides(golden.side, input.side, { ignore: new Set(), strictIds: false, context: 0 }, PNG_PIXELS);
    differences = result.differences;
    total = result.differences.length + result.omitted;
  }

  if (options.update) {
    if (exists && total === 0) return checked([], null, `unchanged ${goldenPath} (equal to ${input.result.name})`);
    if (input.result.inputError !== null) return checked([], null, `not updated ${goldenPath}: ${input.result.name} could not be read whole`);
    const failure = await copyOver(source.path, options.dir, goldenPath);
    if (failure !== null) return unusable('write', failure);
    return checked([], null, exists ? `updated ${goldenPath} (${total} difference${total === 1 ? '' : 's'})` : `created ${goldenPath}`);
  }

  if (!exists) {
    return checked([createDiagnostic(GOLDEN_MISMATCH, `No golden ${quote(goldenPath, 80)} to compare with (--update-golden creates it)`, at(1))], null, null);
  }
  const found = differences.map((d) => createDiagnostic(GOLDEN_MISMATCH, describeMismatch(d, goldenPath), at(d.lineB)));
  if (total > differences.length) {
    found.push(createDiagnostic(GOLDEN_MISMATCH, `${total - differences.length} more differences from golden ${quote(goldenPath, 80)} not listed`, at(input.side.lastLine)));
  }
  return checked(found, null, null);
}

/** `Differs from golden "g/a.sse" (its line 16) at responses[0].items[1].text: expected "black line…", found "white line…"`. */
function describeMismatch(d: Difference, goldenPath: string): string {
  const where = `golden ${quote(goldenPath, 80)}${d.lineA !== null ? ` (its line ${d.lineA})` : ''}`;
  if (d.kind === 'diagnostics') {
    const count = (n: unknown): string => `${String(n)} ${quote(d.code ?? '', 80)} finding${n === 1 ? '' : 's'}`;
    return d.change === 'added' ? `${count(d.b)}, none in ${where}` : `No ${quote(d.code ?? '', 80)} finding, but ${String(d.a)} in ${where}`;
  }
  if (d.change === 'added') return `Not in ${where}: ${d.path}, found ${value(d.b)}`;
  if (d.change === 'removed') return `Missing, but in ${where}: ${d.path}, expected ${value(d.a)}`;
  if (d.pixels !== undefined) {
    const counted = d.pixels === null ? 'the pixels differ' : `${d.pixels.differing} of ${d.pixels.total} pixels differ (${formatShare(d.pixels.differing / d.pixels.total)})`;
    return `Differs from ${where} at ${d.path}: ${counted}`;
  }
  if (d.hunk !== undefined) return `Differs from ${where} at ${d.path}: expected ${quote(d.hunk.firstWords.a)}, found ${quote(d.hunk.firstWords.b)}`;
  return `Differs from ${where} at ${d.path}: expected ${value(d.a)}, found ${value(d.b)}`;
}

/** A value in a message: a string quoted (cut to ~40 characters), anything else as its JSON text, cut the same. */
function value(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  const json = JSON.stringify(v) ?? 'null';
  return json.length > 40 ? `${json.slice(0, 40)}…` : json;
}

/** Copies `from` over `to` in `dir` (made if missing) through a temporary file created exclusively; the failure, or null. */
async function copyOver(from: string, dir: string, to: string): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    return `${dir}: ${describeFsError(error, 'write')}`;
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const temporary = join(dir, temporaryName(basename(to), attempt));
    try {
      await copyFile(from, temporary, constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      return `${to}: ${describeFsError(error, 'write')}`;
    }
    try {
      await rename(temporary, to);
      return null;
    } catch (error) {
      await unlink(temporary).catch(() => {});
      return `${to}: ${describeFsError(error, 'write')}`;
    }
  }
  return `${to}: cannot create a temporary file`;
}
