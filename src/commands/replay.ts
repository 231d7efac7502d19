import type { Update } from '../core/builder.js';
import { STREAM_FAILURE_CODES, type Diagnostic, type DiagnosticCode, type Severity } from '../core/diagnostics.js';
import type { Io } from '../terminal/io.js';
import { choosePreview, type PreviewMode } from '../terminal/preview-mode.js';
import { createWaitIndicator } from '../terminal/spinner.js';
import { createReplayOutput } from './replay-output.js';
import { colorLevel, createStyle } from '../terminal/tty.js';
import { createImageWriter, OutputError } from '../images/image-writer.js';
import { renderDiagnosticLine } from '../render/diagnostic-line.js';
import { renderEmptyLine, renderPreview, renderSavedLine } from '../render/replay-lines.js';
import { escapeJson, escapeLine } from '../render/terminal-safe.js';
import { renderLatencySummary } from '../render/latency-text.js';
import { renderResponseSummary } from '../render/summary-line.js';
import { createTextPrinter } from '../render/text-printer.js';
import { EXIT } from './errors.js';
import { byLine, streamSucceeded } from './outcome.js';
import { openLatency } from './latency.js';
import { loadSpeed, openSave } from './record.js';
import { pacedChunks } from '../input/timing.js';
import { describeReadFailure } from '../input/read-input.js';
import { createRules } from '../families/index.js';
import { runInput } from './run-input.js';
import { createStopControl } from './stop-control.js';
import { resolveSources } from './sources.js';

/**
 * Lines from this long that came in several chunks keep their image base64 in the chunks' bytes (the
 * processor's `byteStrings`), decoded from there a window at a time into a reused buffer: no 1.3 MB string
 * per image, nor the joined line it is cut from. The benchmark's replay: 0.83 -> 0.81 s, CPU 1.09 -> 1.05 s.
 */
const IMAGE_BYTES_MIN = 256 << 10;

/** `respcat replay` options, as the CLI parsed them. */
export interface ReplayOptions {
  readonly file: string | undefined;
  readonly outDir: string;
  readonly images: boolean;
  readonly json: boolean;
  /** Milliseconds to pause before each delta (0: none). */
  readonly delay: number;
  readonly raw: boolean;
  readonly quiet: boolean;
  readonly color: boolean | undefined;
  /** `--save FILE`: the input's bytes go to FILE as they are read, one timing line per chunk to FILE.timing. */
  readonly save?: string;
  /** `--speed X`: feed the input at X times the pace recorded in its FILE.timing sidecar. */
  readonly speed?: number;
  /** How to show saved images on a terminal (`--preview`). */
  readonly preview?: PreviewMode;
}

/** Consistency findings left to `respcat check` and `inspect`: while watching a replay they are noise. */
const CHECK_ONLY: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['output-mismatch', 'image-size-mismatch', 'image-format-mismatch', 'secret-in-capture']);

/**
 * The severity replay prints a finding with: its words agree with its exit code (docs/spec.md §6), so a finding
 * that does not fail replay (a cut-off partial image, a sequence gap) is a warning here, whatever `check`
 * makes of it.
 */
function replaySeverity(diagnostic: Diagnostic): Severity {
  return diagnostic.severity === 'error' && !STREAM_FAILURE_CODES.has(diagnostic.code) ? 'warning' : diagnostic.severity;
}

/** Per code, how many diagnostics are printed as they come before the rest are only counted. */
const LIVE_LIMIT = 5;

/** Replays one capture: text to stdout as it streams, images to files, diagnostics and a summary to stderr. */
export async function replay(options: ReplayOptions, io: Io): Promise<number> {
  const started = Date.now();
  const [source] = resolveSources(options.file === undefined ? [] : [options.file], io, 'replay');
  if (source === undefined) return EXIT.usage;
  // Opened before anything is read: a FILE that cannot be created stops the replay before it starts (exit 3).
  const recorder = options.save === undefined ? null : await openSave(options.save, source, (message) => writeErr(`respcat: ${message}`));
  const paceEntries = options.speed === undefined ? null : await loadSpeed(source, (message) => {
    if (!options.quiet) io.stderr.write(`respcat: ${message}\n`);
  });
  // With a sidecar beside the file, the summary gains time to first text and the duration as recorded.
  const opened = source.kind === 'file' ? await openLatency(source, { warn: (message) => void (options.quiet || options.speed !== undefined || io.stderr.write(`respcat: ${message}\n`)) }) : null;
  const latency = opened !== null && opened.entries !== null ? opened : null;
  const errLevel = colorLevel(io.stderr, io.env, options.color);
  const errStyle = createStyle(errLevel);
  const preview = options.quiet ? null : choosePreview(options.preview ?? 'auto', io, errLevel > 0);
  // pngjs loads only where half-block previews are drawn.
  const makeThumbnail = preview === 'blocks' ? (await import('../images/thumbnail.js')).makeThumbnail : null;
  const outStyle = createStyle(colorLevel(io.stdout, io.env, options.color));
  // The file name is printed in every stderr line: escaped once, here.
  const name = source.kind === 'file' ? escapeLine(source.path) : '<stdin>';
  // A closed stdout (`| head`) ends the replay quietly and successfully; Ctrl-C stops it with 130.
  const stop = createStopControl(io);
  const stdoutClosed = stop.stdoutClosed;
  const output = createReplayOutput(io, { stdoutClosed, beforeWrite: () => spinner.stop() });
  // ora draws from column 1: on a terminal stdout shares, only where no line of text is open.
  const spinner = createWaitIndicator(io, !options.quiet, () => !output.lineOpen);
  const writeOut = output.text;
  const flushOut = output.flush;
  const writeErr = (line: string): void => output.err(`${line}\n`);

  const printer = createTextPrinter({
    write: writeOut,
    label: (text) => outStyle.cyan(text),
    escape: io.stdout.isTTY === true && !options.raw,
  });

  // Updates queue up while a chunk is parsed and are printed right after it, before the next read;
  // that is also where `--delay` paces deltas. A stderr line found while they queue waits behind them
  // (`at`: how many updates came before it), so findings and text keep their order.
  const queue: Update[] = [];
  const queuedErr: { readonly at: number; readonly line: string }[] = [];
  const flush = async (): Promise<void> => {
    const errs = queuedErr.splice(0);
    let nextErr = 0;
    const writeErrsUpTo = (at: number): void => {
      for (let e = errs[nextErr]; e !== undefined && e.at <= at; e = errs[++nextErr]) writeErr(e.line);
    };
    // Taken whole and walked in order: shift() on the thousands of updates of one chunk costs more than printing them.
    let at = 0;
    for (const update of queue.splice(0)) {
      writeErrsUpTo(at++);
      if (options.delay > 0 && update.kind === 'delta') await sleep(options.delay, stop.signal);
      if (io.signal?.aborted === true) return;
      printer.onUpdate(update);
      if (options.delay > 0) flushOut();
    }
    writeErrsUpTo(Infinity);
    flushOut();
  };
  /** A stderr line, in its place among the updates still queued. */
  const writeErrInOrder = (line: string): void => {
    if (queue.length === 0) writeErr(line);
    else queuedErr.push({ at: queue.length, line });
  };

  // Framing noise before the first event is held back: if no event ever comes, one line says so.
  const shown = new Map<DiagnosticCode, number>();
  // Only the first few are kept (a file of a million log lines is one long run of them); the rest are counted.
  const heldBack: Diagnostic[] = [];
  let heldBackCount = 0;
  let sawEvent = false;
  const showDiagnostic = (found: Diagnostic): void => {
    const diagnostic = { ...found, severity: replaySeverity(found) };
    // Once stdout is closed the reader stopped early on purpose: what follows is not the stream's fault.
    if (stdoutClosed() || io.signal?.aborted === true) return;
    if (diagnostic.severity === 'info' || CHECK_ONLY.has(diagnostic.code)) return;
    // Said once at the end, in the one line about an input with no events.
    if (diagnostic.code === 'empty-stream' || diagnostic.code === 'http-error') return;
    // Image findings go on the "saved" line; only unsaved images report them here.
    if (diagnostic.code === 'invalid-image' && writer !== null) return;
    if (options.quiet && diagnostic.severity !== 'error') return;
    if (!sawEvent && diagnostic.code === 'unrecognized-line') {
      if (heldBackCount++ < LIVE_LIMIT) heldBack.push(diagnostic);
      return;
    }
    const count = (shown.get(diagnostic.code) ?? 0) + 1;
    shown.set(diagnostic.code, count);
    if (count <= LIVE_LIMIT) writeErrInOrder(renderDiagnosticLine(name, diagnostic, errStyle));
  };

  let outputError: OutputError | null = null;
  const writer = options.images ? createImageWriter(options.outDir) : null;
  // A second Ctrl-C or SIGTERM exits at once: the files being written go, the finished ones stay.
  if (writer !== null) stop.onForcedStop(() => writer.abandon());
  let imagesWritten = 0;

  const result = await runInput({
    source,
    // Rules whose every finding replay leaves to check are not run at all (output-mismatch: it would read
    // and digest every image result of the terminal response again).
    rules: createRules().filter((rule) => !rule.codes.every((code) => CHECK_ONLY.has(code))),
    boundMemory: true,
    // An image line's base64 is decoded from its chunks' bytes, never made one string; `--json` writes events' fields.
    // The image thread takes text (a line below 8 MiB): with it, only huge lines stay bytes, as before.
    byteStrings: options.json ? false : io.env.RESPCAT_IMAGE_THREAD === 'always' ? true : { min: IMAGE_BYTES_MIN, piecesMin: IMAGE_BYTES_MIN },
    signal: stop.signal,
    ...(latency !== null ? { latency } : {}),
    ...(recorder !== null ? { onChunk: (chunk: Uint8Array) => recorder.write(chunk) } : {}),
    ...(paceEntries !== null ? { pace: (chunks: AsyncIterable<Uint8Array>) => pacedChunks(chunks, paceEntries, options.speed ?? 1, stop.signal) } : {}),
    onWarning: (message) => writeErr(`respcat: ${escapeLine(message)}`),
    beforeWait: () => spinner.schedule(),
    onEvent(event) {
      if (!sawEvent) {
        sawEvent = true;
        for (const diagnostic of heldBack.splice(0)) showDiagnostic(diagnostic);
        // Those not kept are counted as shown-over-the-limit, for the "N more not shown" line.
        const notKept = heldBackCount - Math.min(heldBackCount, LIVE_LIMIT);
        if (notKept > 0) shown.set('unrecognized-line', (shown.get('unrecognized-line') ?? 0) + notKept);
      }
      // JSON.stringify leaves C1 and bidi controls raw: written as \uXXXX, the same JSON, safe on a terminal.
      if (options.json) writeOut(`${escapeJson(JSON.stringify({ line: event.position.line, event: { ...event.json, type: normalizedType(event) } }))}\n`);
    },
    onUpdate(update) {
      if (!options.json) queue.push(update);
    },
    afterChunk: flush,
    afterEnd: () => {
      if (!options.json && !stdoutClosed()) printer.finish();
      flushOut();
      // The text has ended on a line end: what waited for one goes out now.
      output.release();
    },
    onDiagnostic: showDiagnostic,
    images: {
      writer,
      // Bounded check (structure and CRCs, no inflating): inflating every image would cost more than
      // the whole replay; `respcat check` inflates (docs/benchmarks.md).
      quick: true,
      // The image thread only on request (RESPCAT_IMAGE_THREAD=always, docs/spec.md §3): measured on an
      // idle 2-core machine it made replay ~20 % slower in wall and CPU time (docs/benchmarks.md), because
      // copying each image's text to it costs more than the decoding and writing it takes off this thread.
      offload: io.env.RESPCAT_IMAGE_THREAD === 'always',
      ...(io.env.RESPCAT_IMAGE_THREAD === 'always' ? { offloadAfter: -1 } : {}),
      wantBytes: preview !== null,
      onOutcome(outcome) {
        if (outcome.path === null) return;
        imagesWritten++;
        if (options.quiet) return;
        writeErr(renderSavedLine(outcome, errStyle));
        if (preview !== null && outcome.check.valid) {
          const shown = renderPreview(preview, outcome.bytes, outcome.check.format, makeThumbnail);
          if (shown !== null) output.err(shown);
        }
      },
      onWriteError(error) {
        outputError = error instanceof OutputError ? error : new OutputError(options.outDir, String(error));
        writeErr(`respcat: cannot write images to ${escapeLine(outputError.path)}: ${escapeLine(outputError.message)}`);
      },
    },
  });
  // Flushed and closed before any return below, Ctrl-C included, so what arrived stays whole on disk.
  const saveFailed = recorder !== null && (await recorder.close()) !== null;
  stop.dispose();
  spinner.stop();
  output.release();

  const interrupted = io.signal?.aborted === true;
  if (stdoutClosed() && !interrupted) return EXIT.ok;
  if (result.inputError !== null) {
    writeErr(`respcat: ${name}: ${escapeLine(describeReadFailure(result.inputError, result.processor.stats.bytes))}`);
    if (result.processor.stats.bytes === 0) return EXIT.io;
  }

  const diagnostics = byLine(result.diagnostics);
  if (result.processor.eventCount === 0 && result.inputError === null && !interrupted) {
    writeErr(renderEmptyLine(name, result.processor.stats.bytes, heldBack, heldBackCount, diagnostics, errStyle));
  } else if (!options.quiet) {
    for (const [code, count] of shown) {
      if (count > LIVE_LIMIT) writeErr(`respcat: ${name}: ${count - LIVE_LIMIT} more ${code} not shown (respcat check ${name} lists all)`);
    }
  }

  if (!options.quiet && result.processor.responses.length > 0) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const imageNote = imagesWritten > 0 ? ` · ${imagesWritten} image${imagesWritten === 1 ? '' : 's'} → ${options.outDir}` : '';
    const lines = result.processor.responses.map((r) => {
      const figures = latency?.recorder.figures(r) ?? null;
      return `${renderResponseSummary(r, errStyle)}${figures !== null ? ` · ${renderLatencySummary(figures)}` : ''}`;
    });
    lines[lines.length - 1] += `${imageNote} · ${seconds}s`;
    for (const line of lines) writeErr(`${errStyle.dim('respcat:')} ${line}`);
  }

  if (interrupted) return EXIT.interrupted;
  if (result.inputError !== null || outputError !== null || saveFailed) return EXIT.io;
  return streamSucceeded(result.processor.responses, result.diagnostics) ? EXIT.ok : EXIT.failed;
}

/**
 * Whether another core is idle enough for the image thread: it moves work off the parser's thread but adds
 * some (its start-up, copying each image's text to it), so on a machine whose cores are all busy it is
 * slower than doing the work here (docs/benchmarks.md).
 */
function normalizedType(event: { rawType: string; event: { type: string } }): string {
  return event.event.type === 'unknown' ? event.rawType : event.event.type;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
