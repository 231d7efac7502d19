import type { Io } from '../terminal/io.js';
import { colorLevel, createStyle } from '../terminal/tty.js';
import type { InspectReport } from '../render/inspect-data.js';
import { describeReadFailure } from '../input/read-input.js';
import { escapeLine } from '../render/terminal-safe.js';
import { renderInspectJson, renderInspectText } from '../render/inspect-report.js';
import { EXIT } from './errors.js';
import { streamSucceeded } from './outcome.js';
import { inspectReportOf } from './inspect-input.js';
import { openLatency } from './latency.js';
import { runInput } from './run-input.js';
import { resolveInputs } from './inputs.js';
import { createStopControl } from './stop-control.js';

/** `respcat inspect` options, as the CLI parsed them. */
export interface InspectOptions {
  readonly files: readonly string[];
  readonly json: boolean;
  readonly color: boolean | undefined;
}

/**
 * Summarizes each input (docs/spec.md §4): the text report as each input is done, or `--json` once all are. Images are
 * decoded and validated, never written. Exit 0 when every response of every input completed, 1 when any failed
 * or was cut off, 3 when an input cannot be read, 130 on Ctrl-C.
 */
export async function inspect(options: InspectOptions, io: Io): Promise<number> {
  const sources = await resolveInputs(options.files, io, 'inspect');
  const style = createStyle(colorLevel(io.stdout, io.env, options.color));

  // A closed stdout (`| head`) ends the command quietly; Ctrl-C stops it.
  const stop = createStopControl(io);
  const write = (text: string): void => {
    if (!stop.stdoutClosed()) io.stdout.write(text);
  };

  const reports: InspectReport[] = [];
  let unreadable = false;
  let failed = false;
  try {
    for (const source of sources) {
      if (stop.signal.aborted) break;
      // Warnings and file names can carry a capture's bytes: escaped like every other command's.
      const warn = (message: string): void => void io.stderr.write(`respcat: ${escapeLine(message)}\n`);
      const latency = await openLatency(source, { warn });
      const result = await runInput({
        source,
        latency,
        signal: stop.signal,
        images: { writer: null },
        onWarning: warn,
      });
      if (result.stopped) break;
      const { processor } = result;
      const readError = result.inputError !== null ? describeReadFailure(result.inputError, processor.stats.bytes) : null;
      if (readError !== null) {
        unreadable = true;
        io.stderr.write(`respcat: ${escapeLine(result.name)}: ${escapeLine(readError)}\n`);
        // Nothing read: there is nothing to report about it beyond that line.
        if (processor.stats.bytes === 0) continue;
      }
      if (!streamSucceeded(processor.responses, result.diagnostics)) failed = true;
      const report = inspectReportOf(result, readError, latency);
      reports.push(report);
      // Text reports go out as each input is done, a blank line apart.
      if (!options.json) write(`${reports.length > 1 ? '\n' : ''}${renderInspectText(report, style)}`);
    }
    if (options.json && !stop.signal.aborted && reports.length > 0) write(renderInspectJson(reports, sources.length > 1));
  } finally {
    stop.dispose();
  }

  if (io.signal?.aborted === true) return EXIT.interrupted;
  if (stop.stdoutClosed()) return EXIT.ok;
  if (unreadable) return EXIT.io;
  return failed ? EXIT.failed : EXIT.ok;
}
