import { Option, type Command } from 'commander';
import { CHECK_FORMATS, type CheckFormat } from '../commands/check-formats.js';
import type { Io } from '../terminal/io.js';
import { examples, nonNegative } from './options.js';

/** Declares `respcat check` and hands its options to the command. */
export function registerCheck(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('check')
    .summary('check captures in CI: exit 1 when any is broken, truncated, failed or carries corrupt images')
    .description(
      'Run every rule over each capture (framing, lifecycle, sequence numbers, deltas against final values, ' +
        'output items, images) and print one report for all of them. Exit 0 when nothing fails, 1 when a ' +
        'finding does (an error, or a warning with --strict), 3 when an input cannot be read.',
    )
    .argument('[files...]', 'captures to check (SSE, data lines, JSON lines, curl -i output; gzip ok); - or none for stdin')
    .addOption(new Option('-f, --format <format>', 'report format').choices(CHECK_FORMATS).default('text'))
    .option('--strict', 'count warnings as errors: exit 1 on any warning')
    .option('-q, --quiet', 'text and github formats: show only findings that fail the check, and the totals line')
    .option('--golden <dir>', 'also compare each FILE with DIR/<its name> as respcat diff does: a difference is a golden-mismatch error')
    .option('--update-golden', 'with --golden: copy each FILE that differs (or has no golden) over DIR/<its name> instead, and say which')
    .addOption(new Option('--max-ttft <ms>', 'slow-stream warning when a response\'s first text comes later than this after its first event (needs FILE.timing)').argParser(nonNegative))
    .addOption(new Option('--max-gap <ms>', 'slow-stream warning at each pause between chunks longer than this (needs FILE.timing)').argParser(nonNegative))
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'turn colour off (also NO_COLOR)'))
    .addHelpText(
      'after',
      examples([
        'respcat check captures/*.sse',
        'respcat check --strict --format github fixtures/**/*.sse     # annotations on the pull request',
        'respcat check --format junit captures/*.sse > respcat.xml    # for a test report',
        'curl -sN … | respcat check -',
        'respcat check --golden fixtures/golden new/*.sse              # each must equal fixtures/golden/<same name>',
        'respcat check --max-ttft 800 --max-gap 500 recorded/*.sse   # with the .timing sidecars respcat record writes',
      ]),
    )
    .action(
      async (
        files: string[],
        opts: { format: CheckFormat; strict?: boolean; quiet?: boolean; color?: boolean; golden?: string; updateGolden?: boolean; maxTtft?: number; maxGap?: number },
      ) => {
        setExitCode(
          // Each command's modules load only when it runs: start-up stays small for the others.
          await (await import('../commands/check.js')).check(
            {
              files,
              format: opts.format,
              strict: opts.strict === true,
              quiet: opts.quiet === true,
              color: opts.color,
              golden: opts.golden,
              updateGolden: opts.updateGolden === true,
              ...(opts.maxTtft !== undefined ? { maxTtftMs: opts.maxTtft } : {}),
              ...(opts.maxGap !== undefined ? { maxGapMs: opts.maxGap } : {}),
            },
            io,
          ),
        );
      },
    );
}
