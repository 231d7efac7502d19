import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_MAX_BODY, DEFAULT_MAX_CONNECTIONS } from '../serve/limits.js';
import type { Io } from '../terminal/io.js';
import { examples, nonNegative, portNumber, positive, wholeNumber } from './options.js';

/** The options commander hands the action. */
interface ServeFlags {
  port: number;
  host: string;
  match?: 'model';
  delay: number;
  speed: number;
  rechunk?: number;
  cutAfter?: number;
  stripBlankLines?: boolean;
  reframe?: boolean;
  status?: number;
  maxBody: number;
  maxConnections: number;
}

/** Declares `respcat serve` and hands its options to the command; SIGTERM stops it like Ctrl-C. */
export function registerServe(program: Command, io: Io, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .summary('serve captures over HTTP to real clients, at their recorded pace')
    .description(
      'Answer POST /v1/responses, /v1/chat/completions, /v1/images/generations, /v1/images/edits and /v1/messages (Anthropic) with a capture as text/event-stream: ' +
        'its bytes as they are, paced by FILE.timing when one sits beside it (respcat replay --save writes one). ' +
        'Several FILEs take turns. Fault options bend the stream for client tests. GET /healthz answers {"ok":true}; one log line per request goes to stderr.',
    )
    .argument('<files...>', 'captures to serve (gzip ok), or folders of recordings (respcat record --out): each answers its recorded method and path')
    .option('-p, --port <n>', 'port to listen on; 0 picks a free one (the URL is the first line on stdout)', portNumber, 8787)
    .option('--host <host>', 'address to listen on (0.0.0.0: every interface)', '127.0.0.1')
    .addOption(new Option('--match <field>', "choose the capture whose model equals (or starts with) the request's model").choices(['model']))
    .option('--delay <ms>', 'pause between events (instead of the recorded pace)', nonNegative, 0)
    .option('--speed <x>', 'play the recorded pace X times faster', positive, 1)
    .option('--rechunk <n>', 'fault: send in writes of at most N bytes', wholeNumber(1))
    .option('--cut-after <n>', 'fault: send N events whole, then drop the connection mid-body', wholeNumber(0))
    .option('--strip-blank-lines', 'fault: leave out blank lines (one data: line per event, as in the seed)')
    .option('--reframe', 'send every capture as canonical "event: <type>" + "data: <json>" + blank line (by default only those strict SSE clients cannot read are)')
    .option('--no-reframe', 'send every capture as it is, even one strict SSE clients cannot read (JSON lines, data lines without blank lines)')
    .option('--status <code>', 'fault: answer every API request with this HTTP error (400–599) and an API-shaped JSON body', statusCode)
    .option('--max-body <bytes>', 'largest request body read; larger ones get 413', wholeNumber(1), DEFAULT_MAX_BODY)
    .option('--max-connections <n>', 'connections served at once; one more gets 503', wholeNumber(1), DEFAULT_MAX_CONNECTIONS)
    .addHelpText(
      'after',
      examples([
        'respcat serve samples/seed-image-gen.sse',
        "    # then: new OpenAI({ baseURL: 'http://127.0.0.1:8787/v1', apiKey: 'test' }).responses.create({ …, stream: true })",
        'curl -N -X POST http://127.0.0.1:8787/v1/responses',
        'respcat serve run.sse --port 0 --cut-after 5          # the client sees 5 events, then a dropped connection',
        'respcat serve a.sse b.sse --match model --rechunk 7   # chosen by the request\'s model, sent 7 bytes at a time',
        'respcat serve run.sse --status 429                    # every request is rate-limited',
      ]),
    )
    .action(async (files: string[], opts: ServeFlags) => {
      // bin/respcat.js turns Ctrl-C and SIGTERM (a supervisor, `kill`) into io.signal.
      const stop = new AbortController();
      const onStop = (): void => stop.abort();
      io.signal?.addEventListener('abort', onStop, { once: true });
      if (io.signal?.aborted === true) stop.abort();
      try {
        setExitCode(
          await (await import('../commands/serve.js')).serve(
            {
              files,
              host: opts.host,
              port: opts.port,
              match: opts.match ?? null,
              autoReframe: opts.reframe !== false,
              faults: {
                rechunk: opts.rechunk ?? null,
                cutAfter: opts.cutAfter ?? null,
                stripBlankLines: opts.stripBlankLines === true,
                reframe: opts.reframe === true,
                delay: opts.delay,
              },
              status: opts.status ?? null,
              speed: opts.speed,
              maxBody: opts.maxBody,
              maxConnections: opts.maxConnections,
            },
            { ...io, signal: stop.signal },
          ),
        );
      } finally {
        io.signal?.removeEventListener('abort', onStop);
      }
    });
}

function statusCode(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 400 || n > 599) throw new InvalidArgumentError('expected an HTTP error status 400–599');
  return n;
}
