import type { Io } from '../terminal/io.js';
import { colorLevel, createStyle } from '../terminal/tty.js';
import { compareSides } from '../diff/compare.js';
import { IGNORE_KINDS, type IgnoreKind, type PixelComparer } from '../diff/model.js';
import { countDifferingPixels, pixelFingerprint } from '../images/pixels.js';
import type { InputSource } from '../input/read-input.js';
import { buildDiffJson, renderDiffJson } from '../render/diff-json.js';
import { renderDiffText } from '../render/diff-text.js';
import { escapeLine } from '../render/terminal-safe.js';
import { captureInput } from './diff-capture.js';
import { EXIT, UsageError } from './errors.js';
import { createStopControl } from './stop-control.js';

/** The report formats of `respcat diff`. */
export const DIFF_FORMATS = ['text', 'json'] as const;

/** `respcat diff` options, as the CLI parsed them. */
export interface DiffOptions {
  readonly a: string;
  readonly b: string;
  readonly format: (typeof DIFF_FORMATS)[number];
  readonly ignore: readonly IgnoreKind[];
  readonly context: number;
  readonly strictIds: boolean;
  readonly color: boolean | undefined;
}

/** Pixels are compared with pngjs, outside the pure comparison. */
export const PNG_PIXELS: PixelComparer = { compare: countDifferingPixels, fingerprint: pixelFingerprint };

/** The kinds a comparison leaves out, in the order of IGNORE_KINDS: `--ignore`, and ids unless `--strict-ids`. */
export function ignoredKinds(ignore: readonly IgnoreKind[], strictIds: boolean): IgnoreKind[] {
  const set = new Set(ignore);
  if (!strictIds) set.add('ids');
  return IGNORE_KINDS.filter((kind) => set.has(kind));
}

/**
 * Compares two captures response by response and prints what differs (docs/spec.md, `respcat diff`). Exit 0
 * when they are equal, 1 when they differ, 3 when either cannot be read (what was read is still compared and
 * printed, unless nothing was), 130 on Ctrl-C. Both A and B `-` is a usage error (thrown: exit 2).
 */
export async function diff(options: DiffOptions, io: Io): Promise<number> {
  if (options.a === '-' && options.b === '-') throw new UsageError('A and B cannot both be - (stdin): give at least one FILE');
  const source = (file: string): InputSource => (file === '-' ? { kind: 'stream', stream: io.stdin, name: '<stdin>' } : { kind: 'file', path: file });
  const stop = createStopControl(io);
  try {
    const onWarning = (message: string): void => {
      io.stderr.write(`respcat: ${escapeLine(message)}\n`);
    };
    const a = await captureInput(source(options.a), { signal: stop.signal, onWarning });
    if (a.result.stopped) return stopCode(io);
    const b = await captureInput(source(options.b), { signal: stop.signal, onWarning });
    if (b.result.stopped) return stopCode(io);

    let unreadable = false;
    let nothingRead = false;
    for (const input of [a, b]) {
      if (input.readError === null) continue;
      unreadable = true;
      if (input.result.processor.stats.bytes === 0) nothingRead = true;
      io.stderr.write(`respcat: ${escapeLine(input.result.name)}: ${escapeLine(input.readError)}\n`);
    }
    // An input that could not be opened at all has nothing to compare: a report would only list all of the other.
    if (nothingRead) return EXIT.io;

    const ignored = ignoredKinds(options.ignore, options.strictIds);
    const result = compareSides(a.side, b.side, { ignore: new Set(ignored), strictIds: options.strictIds, context: options.context }, PNG_PIXELS);
    const report =
      options.format === 'json'
        ? renderDiffJson(buildDiffJson(a.side, b.side, result, ignored))
        : renderDiffText(a.side, b.side, result, { style: createStyle(colorLevel(io.stdout, io.env, options.color)), ignored: ignoredKinds(options.ignore, true) });
    // The report is written at once; a reader that goes away (`| head`) is known only when the write ends.
    const closed = stop.stdoutClosed() || (await writeOut(io, report));
    if (closed || stop.stdoutClosed()) return EXIT.ok;
    if (unreadable) return EXIT.io;
    return result.equal ? EXIT.ok : EXIT.failed;
  } finally {
    stop.dispose();
  }
}

/** Writes to stdout and waits until the write is done; true when the reader had gone (EPIPE). */
function writeOut(io: Io, text: string): Promise<boolean> {
  return new Promise((resolve) => {
    io.stdout.write(text, (error) => resolve(error !== undefined && error !== null && ['EPIPE', 'ERR_STREAM_DESTROYED'].includes((error as NodeJS.ErrnoException).code ?? '')));
  });
}

function stopCode(io: Io): number {
  return io.signal?.aborted === true ? EXIT.interrupted : EXIT.ok;
}
