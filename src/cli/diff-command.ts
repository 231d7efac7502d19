import { InvalidArgumentError, Option, type Command } from 'commander';
import { IGNORE_KINDS, type IgnoreKind } from '../diff/model.js';
import type { Io } from '../terminal/io.js';
import { examples } from './options.js';

const FORMATS = ['text', 'json'] as const;

/** Parses `--ignore usage,model` (repeatable): each kind must be one of IGNORE_KINDS. */
function ignoreKinds(value: string, previous: IgnoreKind[] = []): IgnoreKind[] {
  const kinds = value.split(',').map((kind) => kind.trim()).filter((kind) => kind !== '');
  for (const kind of kinds) {
    if (!(IGNORE_KINDS as readonly string[]).includes(kind)) throw new InvalidArgumentError(`expected kinds among ${IGNORE_KINDS.join(', ')}; got ${JSON.stringify(kind.slice(0, 40))}`);
  }
  if (kinds.length === 0) throw new InvalidArgumentError(`expected kinds among ${IGNORE_KINDS.join(', ')}`);
  return [...previous, ...(kinds as IgnoreKind[])];
}

/** Parses `--context N`: a whole number of lines, 0 or more. */
function contextLines(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 1_000_000) throw new InvalidArgumentError('expected a whole number of lines ≥ 0');
  return Number(value);
}

/** Declares `respcat diff` and hands its options to the command. */
export function registerDiff(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('diff')
    .summary('what changed between two captures: text, items, arguments, images, usage, findings')
    .description(
      'Compare two captures response by response, as respcat builds them from any framing: status, errors, model, ' +
        'message and reasoning text (a unified line diff), output items by place (tool call arguments as JSON, key ' +
        'order ignored), images (format, size, validity, pixels), usage and the set of finding codes. Framing, ids, ' +
        'sequence numbers and timestamps never differ. Exit 0 when equal, 1 when different, 3 when an input cannot be read.',
    )
    .argument('<a>', 'the first capture (any framing; gzip ok); - for stdin')
    .argument('<b>', 'the second capture; - for stdin (not both)')
    .addOption(new Option('-f, --format <format>', 'report format: text, or respcat.diff/1 JSON').choices(FORMATS).default('text'))
    .option('--ignore <kinds>', `leave kinds out, comma-separated: ${IGNORE_KINDS.join(', ')}`, ignoreKinds)
    .option('--context <n>', 'unchanged lines shown around each text change', contextLines, 3)
    .option('--strict-ids', 'compare response, item and call ids too')
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'turn colour off (also NO_COLOR)'))
    .addHelpText(
      'after',
      examples([
        'respcat diff fixtures/weather.sse new/weather.sse',
        'respcat diff --ignore usage,model old.sse new.sse',
        "respcat diff --format json a.sse b.sse | jq '.differences[] | {path, a, b}'",
        'curl -sN … | respcat diff fixtures/expected.sse -',
      ]),
    )
    .action(
      async (
        a: string,
        b: string,
        opts: { format: (typeof FORMATS)[number]; ignore?: IgnoreKind[]; context: number; strictIds?: boolean; color?: boolean },
      ) => {
        setExitCode(
          await (await import('../commands/diff.js')).diff(
            { a, b, format: opts.format, ignore: opts.ignore ?? [], context: opts.context, strictIds: opts.strictIds === true, color: opts.color },
            io,
          ),
        );
      },
    );
}
