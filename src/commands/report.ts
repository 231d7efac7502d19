import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import type { ImageRecord } from '../core/model.js';
import { createImageWriter, OutputError } from '../images/image-writer.js';
import { describeFsError } from '../input/fs-errors.js';
import { describeReadFailure } from '../input/read-input.js';
import { sameFile } from '../input/same-file.js';
import { renderReportPage } from '../render/report/page.js';
import type { ReportResponse } from '../render/report/report-data.js';
import { escapeLine } from '../render/terminal-safe.js';
import type { Io } from '../terminal/io.js';
import { EXIT, UsageError } from './errors.js';
import { inspectReportOf } from './inspect-input.js';
import { openLatency } from './latency.js';
import { streamSucceeded } from './outcome.js';
import { runInput } from './run-input.js';
import { resolveSources } from './sources.js';
import { createStopControl } from './stop-control.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

/** `respcat report` options, as the CLI parsed them. */
export interface ReportOptions {
  readonly file: string | undefined;
  /** `-o OUT.html`; null: `<capture>.report.html`. */
  readonly out: string | null;
  /** `inline`: images as `data:` URIs; `link`: written to `outDir` (as replay writes them) and linked. */
  readonly images: 'inline' | 'link';
  readonly outDir: string;
}

/**
 * Writes one self-contained HTML page about one capture (docs/spec.md §14) and names it on stderr. Exit as
 * inspect's: 0 when every response completed, 1 when one failed or was cut off (the page is written either
 * way), 3 when the capture cannot be read or the page (or a linked image) cannot be written, 130 on Ctrl-C.
 */
export async function report(options: ReportOptions, io: Io): Promise<number> {
  const [source] = resolveSources(options.file === undefined ? [] : [options.file], io, 'report');
  if (source === undefined) return EXIT.usage;
  const out = options.out ?? (source.kind === 'file' ? `${source.path}.report.html` : null);
  if (out === null) throw new UsageError('reading stdin: give -o OUT.html for the report');
  if (source.kind === 'file' && (await sameFile(out, source.path))) throw new UsageError(`${out} is the capture itself; give another -o`);

  const warn = (message: string): void => void io.stderr.write(`respcat: ${message}\n`);
  const latency = await openLatency(source, { warn });
  const links = options.images === 'link';
  const writer = links ? createImageWriter(options.outDir) : null;
  // Inline: each image's bytes as a data: URI, made while the processor hands them over.
  const uris = new Map<ImageRecord, string>();
  let writeError: string | null = null;
  const stop = createStopControl(io);
  let result: Awaited<ReturnType<typeof runInput>>;
  try {
    result = await runInput({
      source,
      latency,
      signal: stop.signal,
      onWarning: (message) => warn(escapeLine(message)),
      images: {
        writer,
        onOutcome(outcome) {
          if (!links && outcome.check.valid && outcome.base64Valid && outcome.check.format !== null) {
            uris.set(outcome.record, `data:image/${outcome.check.format};base64,${Buffer.from(outcome.bytes.buffer, outcome.bytes.byteOffset, outcome.bytes.byteLength).toString('base64')}`);
          }
        },
        onWriteError(error) {
          writeError = error instanceof OutputError ? `${error.path}: ${error.message}` : String(error);
        },
      },
    });
  } finally {
    stop.dispose();
  }
  if (io.signal?.aborted === true) return EXIT.interrupted;
  const { processor } = result;
  const readError = result.inputError !== null ? describeReadFailure(result.inputError, processor.stats.bytes) : null;
  if (readError !== null) {
    io.stderr.write(`respcat: ${escapeLine(result.name)}: ${escapeLine(readError)}\n`);
    if (processor.stats.bytes === 0) return EXIT.io;
  }
  const inspect = inspectReportOf(result, readError, latency);
  const base = dirname(resolve(out));
  const responses: ReportResponse[] = processor.responses.map((response) => ({
    timeline: latency.recorder.timeline(response.index),
    imageSources: result.images
      .filter((image) => image.record.responseIndex === response.index)
      .map((image) => {
        if (!links) return uris.get(image.record) ?? null;
        if (image.path === null || !image.check.valid || !image.base64Valid) return null;
        // A relative link, so the page and its images can move together.
        return relative(base, resolve(image.path)).split(sep).map(encodeURIComponent).join('/');
      }),
  }));
  const page = renderReportPage({ inspect, measured: latency.recorder.measured, responses, generator: `respcat ${version}` }, { links });
  try {
    await writeFile(out, page);
  } catch (error) {
    io.stderr.write(`respcat: cannot write ${escapeLine(out)}: ${escapeLine(describeFsError(error, 'write'))}\n`);
    return EXIT.io;
  }
  if (writeError !== null) io.stderr.write(`respcat: cannot write images: ${escapeLine(writeError)}\n`);
  const images = result.images.length;
  io.stderr.write(`respcat: report → ${escapeLine(out)} (${inspect.responses.length} response${inspect.responses.length === 1 ? '' : 's'}, ${images} image${images === 1 ? '' : 's'}${latency.recorder.measured ? ', timed by its .timing sidecar' : ''})\n`);
  if (readError !== null || writeError !== null) return EXIT.io;
  return streamSucceeded(processor.responses, result.diagnostics) ? EXIT.ok : EXIT.failed;
}
