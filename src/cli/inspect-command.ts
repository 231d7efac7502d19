import { Option, type Command } from 'commander';
import type { Io } from '../terminal/io.js';
import { examples } from './options.js';

/** Declares `respcat inspect` and hands its options to the command. */
export function registerInspect(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('inspect')
    .summary('summarize captures: framing, event counts, responses, items, images, diagnostics')
    .description(
      'Summarize each capture: the framing found, event counts by type, and per response its id, model, status, ' +
        'token usage, output items (calls with names and arguments, searches, code, reasoning summaries), images ' +
        '(format, size, validity; never the base64) and diagnostics with line numbers. Exit 0 when every response ' +
        'completed, 1 when one failed, was incomplete or cut off, 3 when an input cannot be read.',
    )
    .argument('[files...]', "captures to read (SSE, data lines, JSON lines, curl -i output; gzip ok), folders, quoted globs; - or none for stdin")
    .option('--json', 'print respcat.inspect/1 JSON instead: one object for one input, an array for several')
    .addOption(new Option('--color', 'force colour on'))
    .addOption(new Option('--no-color', 'turn colour off (also NO_COLOR)'))
    .addHelpText(
      'after',
      examples([
        'respcat inspect samples/seed-image-gen.sse',
        "respcat inspect --json monday.sse tuesday.sse | jq '.[] | {file, status: [.responses[].status]}'",
        "respcat inspect --json run.sse | jq '.responses[].items[] | select(.name) | {name, arguments}'",
        'curl -sN https://api.openai.com/v1/responses … | respcat inspect',
      ]),
    )
    .action(async (files: string[], opts: { json?: boolean; color?: boolean }) => {
      setExitCode(await (await import('../commands/inspect.js')).inspect({ files, json: opts.json === true, color: opts.color }, io));
    });
}
