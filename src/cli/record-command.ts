import type { Command } from 'commander';
import type { Io } from '../terminal/io.js';
import { examples, portNumber, positive, wholeNumber } from './options.js';

/** Request bodies `record` keeps in memory to write them down: image edits upload a few MB. */
const DEFAULT_RECORD_MAX_BODY = 64 << 20;

/** Declares `respcat record` and hands its options to the command; SIGTERM stops it like Ctrl-C. */
export function registerRecord(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('record')
    .summary('a recording proxy: pass each request to an upstream, stream the answer back, keep every byte and its timing')
    .description(
      'Forward every request to --upstream (http or https) and stream the response back chunk by chunk as it arrives. ' +
        'Each exchange is written to --out as <n>-<path>[-<model>].sse (the status line and headers, then the body as received), ' +
        'its .timing sidecar and a .request.json. Credentials (authorization, x-api-key, api-key, x-goog-api-key, cookies, ' +
        'set-cookie, key query parameters) are written as [redacted]. `respcat serve DIR` answers with the recordings again. ' +
        'An https upstream with a private CA: NODE_EXTRA_CA_CERTS=ca.pem.',
    )
    .requiredOption('--upstream <url>', 'where requests go, e.g. https://api.openai.com')
    .option('-p, --port <n>', 'port to listen on; 0 picks a free one (the URL is the first line on stdout)', portNumber, 8788)
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', '127.0.0.1')
    .option('-o, --out <dir>', 'folder for the recordings', 'respcat-recordings')
    .option('--timeout <seconds>', 'fail an exchange (502) when the upstream sends nothing for this long', positive, 300)
    .option('--max-body <bytes>', 'largest request body accepted; larger ones get 413', wholeNumber(1), DEFAULT_RECORD_MAX_BODY)
    .addHelpText(
      'after',
      examples([
        'respcat record --upstream https://api.openai.com',
        "    # then: new OpenAI({ baseURL: 'http://127.0.0.1:8788/v1' }) … and later: respcat serve respcat-recordings",
        'respcat record --upstream http://127.0.0.1:8787 --port 0 --out fixtures/',
      ]),
    )
    .action(async (opts: { upstream: string; port: number; host: string; out: string; timeout: number; maxBody: number }) => {
      const stop = new AbortController();
      const onStop = (): void => stop.abort();
      io.signal?.addEventListener('abort', onStop, { once: true });
      if (io.signal?.aborted === true) stop.abort();
      try {
        setExitCode(
          await (await import('../commands/record-proxy.js')).recordProxy(
            { upstream: opts.upstream, host: opts.host, port: opts.port, out: opts.out, timeout: opts.timeout * 1000, maxBody: opts.maxBody },
            { ...io, signal: stop.signal },
          ),
        );
      } finally {
        io.signal?.removeEventListener('abort', onStop);
      }
    });
}
