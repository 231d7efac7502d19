import { Option, type Command } from 'commander';
import type { Io } from '../terminal/io.js';
import { examples } from './options.js';

/** Declares `respcat report` and hands its options to the command. */
export function registerReport(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('report')
    .summary('write one self-contained HTML page of a capture: timeline, text, tool calls, image strip, diagnostics')
    .description(
      'Write one HTML file about a capture that opens from disk with no network: per response a header (model, ' +
        'status, usage, latency from FILE.timing), a timeline of events over time (by event order without a ' +
        'sidecar), the text and reasoning, tool calls with their arguments, sources, every partial and final ' +
        'image (invalid ones as labelled placeholders) and the diagnostics with their lines. Exit 0 when every ' +
        'response completed, 1 when one failed or was cut off (the page is written either way), 3 when the ' +
        'capture cannot be read or the page cannot be written.',
    )
    .argument('[file]', 'the capture (SSE, data lines, JSON lines, curl -i output; gzip ok); - for stdin (then -o is needed)')
    .option('-o, --out <file>', 'the HTML file to write (default: <capture>.report.html)')
    .addOption(new Option('--images <mode>', 'inline: images as data: URIs in the page; link: written to --out-dir and linked (very large captures)').choices(['inline', 'link']).default('inline'))
    .option('--out-dir <dir>', 'with --images link: the folder for the image files, as replay writes them', 'respcat-out')
    .addHelpText(
      'after',
      examples([
        'respcat report samples/seed-image-gen.sse            # writes samples/seed-image-gen.sse.report.html',
        'respcat report run.sse -o run.html                   # with run.sse.timing beside it: a timeline in real time',
        'respcat report big-images.sse --images link --out-dir big-images',
      ]),
    )
    .action(async (file: string | undefined, opts: { out?: string; images: 'inline' | 'link'; outDir: string }) => {
      setExitCode(await (await import('../commands/report.js')).report({ file, out: opts.out ?? null, images: opts.images, outDir: opts.outDir }, io));
    });
}
