import type { Command } from 'commander';
import type { Io } from '../terminal/io.js';
import { examples } from './options.js';

/** Declares `respcat redact` and hands its options to the command. */
export function registerRedact(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('redact')
    .summary('rewrite captures so they are safe to commit: credentials and secret shapes replaced by markers')
    .description(
      'Replace credentials in curl -i headers (authorization, x-api-key, api-key, x-goog-api-key, cookie, set-cookie, ' +
        'openai-organization, openai-project) and in JSON members of those names, and secret shapes anywhere ' +
        '(sk-…, sk-proj-…, sk-ant-…, AIza…, AWS access key ids, bearer tokens, JWTs) by fixed markers. ' +
        'Lines, framing and gzip stay as they were; a FILE.timing sidecar is rewritten to match. ' +
        'The report on stderr names each kind and line, never the secret.',
    )
    .argument('[files...]', 'captures (and .request.json files) to rewrite; - or none for stdin')
    .option('-o, --out <path>', 'write to this file (one FILE) or folder (several FILEs, or an existing folder)')
    .option('--in-place', 'rewrite each FILE where it is (atomically; left untouched when nothing is replaced)')
    .option('--shrink-images', 'also replace every image by a small flat one of the same format and width × height')
    .addHelpText(
      'after',
      examples([
        'respcat redact run.sse > run.safe.sse',
        'respcat redact --in-place --shrink-images fixtures/*.sse',
        'respcat redact respcat-recordings/* -o fixtures/',
      ]),
    )
    .action(async (files: string[], opts: { out?: string; inPlace?: boolean; shrinkImages?: boolean }) => {
      setExitCode(
        await (await import('../commands/redact.js')).redact(
          { files, out: opts.out ?? null, inPlace: opts.inPlace === true, shrinkImages: opts.shrinkImages === true },
          io,
        ),
      );
    });
}
