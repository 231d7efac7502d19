import { familyNamed } from '../families/index.js';
import type { Io } from '../terminal/io.js';
import type { HttpPreamble } from '../input/http-preamble.js';
import { InputError, openSource, readChunks } from '../input/read-input.js';
import { escapeLine } from '../render/terminal-safe.js';
import { loadCapture, type Capture } from '../serve/captures.js';
import type { FaultOptions } from '../serve/faults.js';
import { expandCaptureArgs, type CaptureArg } from '../serve/recordings.js';
import { API_PATHS, ListenError, startServer, type RunningServer } from '../serve/server.js';
import { readJsonLinesFraming } from '../serve/json-lines.js';
import { readBodyFraming } from '../serve/strict-sse.js';
import { EXIT, UsageError } from './errors.js';

/** `respcat serve` options, as the CLI parsed them. */
export interface ServeOptions {
  readonly files: readonly string[];
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly match: 'model' | null;
  readonly faults: FaultOptions;
  /**
   * Reframe the captures strict SSE clients cannot read as they are (the default); false (`--no-reframe`)
   * sends every capture's bytes as they are. `faults.reframe` (`--reframe`) reframes every capture.
   */
  readonly autoReframe: boolean;
  readonly status: number | null;
  /** Multiplies the pace recorded in a capture's sidecar. */
  readonly speed: number;
  readonly maxBody: number;
  readonly maxConnections: number;
}

/**
 * Serves captures over HTTP until `io.signal` aborts: the URL is the first line on stdout once
 * listening, one log line per request goes to stderr. Returns 0 after a clean stop, 3 when a
 * capture cannot be read or the port cannot be bound.
 */
export async function serve(options: ServeOptions, io: Io): Promise<number> {
  if (options.files.includes('-')) throw new UsageError('serve answers every request with a whole capture, so it reads FILEs, not stdin');
  const warn = (message: string): void => {
    io.stderr.write(`respcat: ${message}\n`);
  };

  const captures: Capture[] = [];
  // A DIR of recordings (respcat record --out) stands for its captures, each answering its own method and path.
  let args: CaptureArg[];
  try {
    args = await expandCaptureArgs(options.files);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    warn(`${error.inputName}: ${error.message}`);
    return EXIT.io;
  }
  for (const { path: file, route } of args) {
    try {
      captures.push(await loadCapture(file, { model: options.match === 'model', warn, route }));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      warn(`${error.inputName}: ${error.message}`);
      return EXIT.io;
    }
  }
  if (options.match === 'model') {
    for (const capture of captures) if (capture.model === null) warn(`${capture.path}: no model found; --match model serves it only to requests that name no model`);
  }
  const reframed = new Set<Capture>();
  for (const capture of captures) {
    // A recorded answer that is no event stream (an error, a JSON body) is sent as it was recorded.
    if (capture.preamble !== null && !isEventStream(capture.preamble)) continue;
    const name = escapeLine(capture.path);
    // A binary event stream capture (Bedrock's) is encoded anew, message by message: no framing of its to check.
    if (capture.family !== null && familyNamed(capture.family)?.serveWire?.framing === 'eventstream') continue;
    // An NDJSON API's capture (Ollama's) is read as JSON lines, never as SSE.
    if (capture.family !== null && familyNamed(capture.family)?.serveWire?.framing === 'ndjson') {
      const lines = await readJsonLinesFraming(readChunks(openSource({ kind: 'file', path: capture.path }), capture.path), capture.preamble?.length ?? 0);
      if (lines.notJsonLines !== null && options.autoReframe && !options.faults.reframe) {
        reframed.add(capture);
        warn(`${name}: ${lines.notJsonLines}, which NDJSON clients (the ollama client) cannot read: served reframed as JSON lines (--no-reframe sends its bytes as they are)`);
      }
      continue;
    }
    const framing = await readBodyFraming(readChunks(openSource({ kind: 'file', path: capture.path }), capture.path), capture.preamble?.length ?? 0);
    if (!framing.hasEvents) warn(`${name}: holds no stream (no event respcat can read): clients get its bytes and no event`);
    else if (framing.notStrict !== null && options.autoReframe && !options.faults.reframe) {
      reframed.add(capture);
      warn(`${name}: ${framing.notStrict}, which strict SSE clients (the openai SDK, EventSource) cannot read: served reframed as event:/data: blocks (--no-reframe sends its bytes as they are)`);
    }
  }

  let server: RunningServer;
  try {
    server = await startServer({
      host: options.host,
      port: options.port,
      captures,
      match: options.match,
      faults: options.faults,
      reframed,
      status: options.status,
      speed: options.speed,
      maxBody: options.maxBody,
      maxConnections: options.maxConnections,
      // A request's model (and a file name) may hold anything: one escaped line each.
      log: (line) => io.stderr.write(`respcat: ${escapeLine(line)}\n`),
    });
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    warn(error.message);
    return EXIT.io;
  }

  // Scripts and tests read the URL (the bound port, with --port 0) from the first line of stdout.
  io.stdout.write(`${server.url}\n`);
  const what = captures.length === 1 ? (captures[0] as Capture).path : `${captures.length} captures ${options.match === 'model' ? 'by model' : 'in turn'}`;
  const routes = captures.every((capture) => capture.route !== null) ? 'each at its recorded method and path' : `POST ${API_PATHS.join(', ')}`;
  warn(`serving ${what} at ${server.url} (${routes}; GET /healthz); Ctrl-C stops`);

  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return;
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.close();
  warn(`stopped after ${server.requests} request${server.requests === 1 ? '' : 's'}`);
  return EXIT.ok;
}

/** A recorded 2xx answer of type `text/event-stream`. */
function isEventStream(preamble: HttpPreamble): boolean {
  const type = preamble.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return preamble.status >= 200 && preamble.status <= 299 && /^text\/event-stream\b/i.test(type);
}
