import { Option, type Command } from 'commander';
import { CHECK_FORMATS, type CheckFormat } from '../commands/check-formats.js';
import type { Io } from '../terminal/io.js';
import { examples, nonNegative, wholeNumber } from './options.js';

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
    .argument('[files...]', "captures to check (SSE, data lines, JSON lines, curl -i output; gzip ok), folders, quoted globs ('fixtures/**/*.sse'); - or none for stdin")
    .addOption(new Option('-f, --format <format>', 'report format').choices(CHECK_FORMATS).default('text'))
    .addOption(new Option('--json', 'the same as --format json').conflicts('format'))
    .option('--strict', 'count warnings as errors: exit 1 on any warning')
    .addOption(new Option('--no-strict', 'warnings do not fail the check (over a config file\'s "strict": true)'))
    .option('-q, --quiet', 'text and github formats: show only findings that fail the check, and the totals line')
    .option('--golden <dir>', 'also compare each FILE with DIR/<its name> as respcat diff does: a difference is a golden-mismatch error')
    .option('--update-golden', 'with --golden: copy each FILE that differs (or has no golden) over DIR/<its name> instead, and say which')
    .addOption(new Option('--max-ttft <ms>', 'slow-stream warning when a response\'s first text comes later than this after its first event (needs FILE.timing)').argParser(nonNegative))
    .addOption(new Option('--max-gap <ms>', 'slow-stream warning at each pause between chunks longer than this (needs FILE.timing)').argParser(nonNegative))
    .addOption(new Option('--ignore <codes>', 'no finding of these codes (comma-separated; repeatable)').argParser(collect))
    .addOption(new Option('--severity <code=level>', 'give a code another severity: error, warning, info or off (repeatable)').argParser(collect))
    .addOption(new Option('-j, --jobs <n>', 'check this many files at once, in worker threads (default: the cores available less one)').argParser(wholeNumber(1)))
    .option('--shard <i/n>', 'check only part I of N of the sorted inputs (one CI job of N; see --merge-reports)')
    .option('--merge-reports <dir>', "instead of checking, merge the shards' JSON reports in DIR into one report")
    .option('--config <file>', 'read settings from this config file (default: respcat.config.json, or the "respcat" key of package.json, here or in a folder above)')
    .option('--no-config', 'read no config file')
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'turn colour off (also NO_COLOR)'))
    .addHelpText(
      'after',
      examples([
        'respcat check captures/                                     # every capture under the folder',
        "respcat check --strict --format github 'fixtures/**/*.sse'   # annotations on the pull request",
        'respcat check --ignore invalid-image samples/seed-image-gen.sse',
        'respcat check --severity output-mismatch=error --json run.sse',
        'respcat check --format junit captures/*.sse > respcat.xml    # for a test report',
        'respcat check --json --shard 2/3 fixtures/ > shard-2.json  # one CI job of three',
        'respcat check --merge-reports shards/ --format github',
        'curl -sN … | respcat check -',
        'respcat check --golden fixtures/golden new/*.sse              # each must equal fixtures/golden/<same name>',
        'respcat check --max-ttft 800 --max-gap 500 recorded/*.sse   # with the .timing sidecars respcat record writes',
      ]),
    )
    .action(async (files: string[], opts: CheckFlags, command: Command) => {
      // Each command's modules load only when it runs: start-up stays small for the others. One import, so
      // the bundle (scripts/bundle.mjs) has one entry point for check and splits its code into fewer chunks.
      const { check, defaultJobs, loadCheckConfig, parseIgnore, parseSeverity, layerSettings, parseShard, UsageError } = await import('../commands/check.js');
      const cli = layerSettings(parseSeverity(opts.severity ?? []), parseIgnore(opts.ignore ?? []));
      const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
      if (opts.mergeReports !== undefined && (files.length > 0 || shard !== undefined)) throw new UsageError('--merge-reports DIR takes no FILE and no --shard: it merges reports already made');
      const config = loadCheckConfig(opts.config, process.cwd());
      const formatGiven = command.getOptionValueSource('format') !== 'default';
      const maxTtft = opts.maxTtft ?? config?.maxTtft;
      const maxGap = opts.maxGap ?? config?.maxGap;
      setExitCode(
        await check(
          {
            files,
            format: opts.json === true ? 'json' : formatGiven ? opts.format : (config?.format ?? opts.format),
            strict: opts.strict ?? config?.strict ?? false,
            quiet: opts.quiet === true,
            jobs: opts.jobs ?? defaultJobs(),
            color: opts.color,
            // The config's rules and overrides, then --severity, then --ignore: the command line has the last word.
            settingsFor: (file) => (config === null ? cli : layerSettings(config.settingsFor(file), cli)),
            ...(config !== null ? { ignored: config.ignored } : {}),
            ...(shard !== undefined ? { shard } : {}),
            ...(opts.mergeReports !== undefined ? { mergeReports: opts.mergeReports } : {}),
            ...(opts.golden !== undefined ? { golden: opts.golden } : {}),
            updateGolden: opts.updateGolden === true,
            ...(maxTtft !== undefined ? { maxTtftMs: maxTtft } : {}),
            ...(maxGap !== undefined ? { maxGapMs: maxGap } : {}),
          },
          io,
        ),
      );
    });
}

/** The flags of `respcat check` as commander parses them. */
interface CheckFlags {
  readonly format: CheckFormat;
  readonly json?: boolean;
  readonly strict?: boolean;
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly jobs?: number;
  readonly shard?: string;
  readonly mergeReports?: string;
  readonly ignore?: string[];
  readonly severity?: string[];
  readonly golden?: string;
  readonly updateGolden?: boolean;
  readonly maxTtft?: number;
  readonly maxGap?: number;
  /** A path, false for --no-config, undefined to look for one. */
  readonly config?: string | false;
}

function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
