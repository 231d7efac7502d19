import { InvalidArgumentError, Option, type Command } from 'commander';
import { PREVIEW_MODES, type PreviewMode } from '../terminal/preview-mode.js';
import type { Io } from '../terminal/io.js';
import { examples, nonNegative } from './options.js';

/** Declares `respcat replay` and hands its options to the command. */
export function registerReplay(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('replay')
    .summary('print a capture as it streams and write its images')
    .description('Print a captured stream as it streams: message text on stdout (live from a pipe), other outputs as labelled blocks, images written to files, a summary on stderr.')
    .argument('[file]', 'capture to read (SSE, data lines, JSON lines, curl -i output; gzip ok); - or none for stdin')
    .option('-o, --out-dir <dir>', 'folder for partial and final images', 'respcat-out')
    .option('--no-images', 'do not write image files')
    .option('--json', 'print the normalized events as NDJSON ({"line":N,"event":{…}}) instead of text')
    .option('--delay <ms>', 'pause before each delta, to show a capture as if live', nonNegative, 0)
    .option('--save <file>', 'record: also write the input byte for byte to FILE, and when each chunk came to FILE.timing', saveTarget)
    .option('--speed <x>', "feed FILE at X times the pace recorded in FILE.timing (1 = as it came; default: at once)", positive)
    .option('--raw', 'print control characters from the stream as they are, even on a terminal')
    .option('-q, --quiet', 'print only the text and errors: no saved-image lines, warnings or summary')
    .addOption(new Option('--preview <mode>', 'show saved images on a terminal (stderr)').choices(PREVIEW_MODES).default('auto'))
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'turn colour off (also NO_COLOR)'))
    .addHelpText(
      'after',
      examples([
        'respcat replay samples/seed-image-gen.sse --out-dir out',
        "curl -N https://api.openai.com/v1/responses -H 'Authorization: Bearer …' -H 'Content-Type: application/json' \\",
        "    -d '{\"model\":\"gpt-4.1-mini\",\"input\":\"Hi\",\"stream\":true}' | respcat replay",
        'zcat logs/run-42.sse.gz | respcat replay --no-images -q',
        'curl -N https://api.openai.com/v1/responses … | respcat replay --save run.sse   # writes run.sse and run.sse.timing',
        'respcat replay --speed 1 run.sse   # at the pace it came in (--speed 4: four times faster)',
      ]),
    )
    .action(async (file: string | undefined, opts: { outDir: string; images: boolean; json?: boolean; delay: number; raw?: boolean; quiet?: boolean; color?: boolean; preview: PreviewMode; save?: string; speed?: number }) => {
      setExitCode(
        await (await import('../commands/replay.js')).replay(
          {
            file,
            outDir: opts.outDir,
            images: opts.images,
            json: opts.json === true,
            delay: opts.delay,
            raw: opts.raw === true,
            quiet: opts.quiet === true,
            color: opts.color,
            preview: opts.preview,
            ...(opts.save !== undefined ? { save: opts.save } : {}),
            ...(opts.speed !== undefined ? { speed: opts.speed } : {}),
          },
          io,
        ),
      );
    });

}

/** `--speed`: a finite number above 0. */
function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** `--save`: a file path; stdout already carries the replayed text, so `-` is refused. */
function saveTarget(value: string): string {
  if (value === '' || value === '-') throw new InvalidArgumentError('expected a file path (stdout carries the replayed text)');
  return value;
}
