import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FAMILIES, familyNamed, familyServing, SERVE_PATHS } from '../families/index.js';
import { openSource, readChunks } from '../input/read-input.js';
import { pacedChunks, sleep } from '../input/timing.js';
import { apiError } from './api-errors.js';
import { createPicker, type Capture } from './captures.js';
import { createShaper, type FaultOptions, type Step } from './faults.js';
import { createRecordingRouter } from './recordings.js';
import { recordedBody } from './recorded-response.js';
import { DEFAULT_MAX_CONNECTIONS } from './limits.js';
import { requestedModel } from './request-model.js';
import { geminiFraming, matchApiPath } from './api-paths.js';

/** The streaming endpoints of the API that `respcat serve` answers with a capture: every family's (the registry says). */
export const API_PATHS: readonly string[] = SERVE_PATHS;

export { DEFAULT_MAX_BODY, DEFAULT_MAX_CONNECTIONS } from './limits.js';

/** How to run the server. */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly captures: readonly Capture[];
  /** `--match model`: choose the capture by the request's `model`. */
  readonly match: 'model' | null;
  readonly faults: FaultOptions;
  /** Captures strict SSE clients cannot read as they are: each is sent reframed, whatever `faults.reframe` says. */
  readonly reframed?: ReadonlySet<Capture>;
  /** `--status CODE`: answer every API request with this HTTP error instead of a stream. */
  readonly status: number | null;
  /** Multiplies the sidecar's pace (1: as recorded). */
  readonly speed: number;
  readonly maxBody: number;
  /** Connections served at once (default `DEFAULT_MAX_CONNECTIONS`); one beyond them is answered 503 and closed. */
  readonly maxConnections?: number;
  /** One line per request (and per problem), without a newline. */
  readonly log: (line: string) => void;
}

/** A server that is listening. */
export interface RunningServer {
  /** `http://host:port`, with the port actually bound (for `--port 0`). */
  readonly url: string;
  /** Stops accepting, drops responses still streaming, and resolves once every connection is closed. */
  close(): Promise<void>;
  /** Requests answered so far. */
  readonly requests: number;
}

/** Why the server could not listen (port in use, permission, bad host): exit 3. */
export class ListenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenError';
  }
}

/** What one request's log line reports. */
interface LogState {
  sent: number;
  what: string | null;
  ending: string | null;
}

// No explicit `connection` header: Node sends `Connection: keep-alive` itself when the client keeps the
// connection, and `close` when it asked to close (forcing keep-alive would hold a closing client for 5 s).
const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
} as const;

/** A streamed JSON array (Gemini without alt=sse) is served as the API serves it: JSON, chunked. */
const JSON_ARRAY_HEADERS = {
  'content-type': 'application/json; charset=UTF-8',
  'cache-control': 'no-cache',
} as const;

/** Starts the HTTP server and resolves once it listens; rejects with `ListenError` when it cannot. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const picker = createPicker(options.captures, options.match);
  const router = createRecordingRouter(options.captures, options.match);
  const modelsServed = [...new Set(options.captures.map((capture) => capture.model).filter((model) => model !== null))].join(', ');
  // Requests in progress: aborted on close, and awaited so their log lines come before the caller's last word.
  const active = new Map<AbortController, Promise<void>>();
  let requests = 0;

  const server = createServer((req, res) => void handle(req, res, false));
  // With a listener here, Node does not send `100 Continue` itself: an oversized upload is refused before it is sent.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => void handle(req, res, true));
  // A connection opened while `maxConnections` others are open is refused (503) on its first request,
  // before its body is read: slow clients by the hundred cannot hold a body each.
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  let connections = 0;
  const overLimit = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    if (connections >= maxConnections) overLimit.add(socket);
    connections++;
    socket.once('close', () => connections--);
  });

  async function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const started = performance.now();
    const id = `req_respcat_${++requests}`;
    const path = pathOf(req.url);
    const method = req.method ?? 'GET';
    const aborted = new AbortController();
    let logged = (): void => {};
    active.set(aborted, new Promise<void>((resolve) => (logged = resolve)));
    // What the log line says: the capture served (or why not), and how the response ended when not cleanly.
    const log: LogState = { sent: 0, what: null, ending: null };
    res.setHeader('x-request-id', id);
    res.once('close', () => {
      active.delete(aborted);
      if (!res.writableFinished && log.ending === null) log.ending = aborted.signal.aborted ? 'stopped' : 'client closed the connection';
      aborted.abort();
      const ms = Math.round(performance.now() - started);
      const notes = [log.what, log.ending].filter((note) => note !== null).map((note) => ` · ${note}`);
      options.log(`${method} ${path} → ${res.statusCode} · ${log.sent} bytes · ${ms} ms${notes.join('')}`);
      logged();
    });

    const sendJson = (status: number, value: unknown, headers: Readonly<Record<string, string>> = {}): void => {
      const body = `${JSON.stringify(value)}\n`;
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
      log.sent += method === 'HEAD' ? 0 : Buffer.byteLength(body);
      res.end(method === 'HEAD' ? undefined : body);
    };
    // Errors on a family's path take the shape of that family's API (its SDK reads them): the family on the path
    // with an error shape of its own (Anthropic's, Ollama's), else the path's family (the OpenAI shape).
    // A path with a `{model}` segment is its family's by its template.
    const template = matchApiPath(API_PATHS, path)?.template ?? path;
    const family = FAMILIES.find((f) => f.servePaths.includes(template) && (f.errorBody !== undefined || f.serveWire?.errorBody !== undefined)) ?? familyServing(template);
    const sendError = (status: number, message?: string, headers: Readonly<Record<string, string>> = {}): void => {
      const error = apiError(status, message, { family });
      sendJson(status, error.body, { ...error.headers, ...headers });
    };

    try {
      if (overLimit.has(req.socket)) {
        log.what = `over ${maxConnections} connections`;
        sendError(503, `respcat serve is serving ${maxConnections} connections, its limit (--max-connections); try again`, { connection: 'close' });
        return;
      }
      if (path === '/healthz') {
        if (method === 'GET' || method === 'HEAD') sendJson(200, { ok: true });
        else sendError(405, `Method ${method} is not allowed on ${path}; use GET`, { allow: 'GET, HEAD' });
        return;
      }
      const recorded = router.route(method, path);
      if (recorded === null && router.onlyRecordings) {
        sendError(404, `No recording answers ${method} ${path}; recorded: ${router.routes().join(', ')}`);
        return;
      }
      const api = matchApiPath(API_PATHS, path);
      if (recorded === null && api === null) {
        const hint = API_PATHS.includes(`/v1${path}`) ? ` (did you mean /v1${path}? point the client's baseURL at …/v1)` : '';
        sendError(404, `Unknown path ${path}${hint}; respcat serve answers POST ${API_PATHS.join(', ')}`);
        return;
      }
      if (recorded === null && method !== 'POST') {
        sendError(405, `Method ${method} is not allowed on ${path}; use POST`, { allow: 'POST' });
        return;
      }
      const body = await readBody(req, res, options.maxBody, expectsContinue);
      if (body === 'too-large') {
        log.what = `request body over ${options.maxBody} bytes`;
        // Nothing more of the request is read; the connection closes after the answer.
        sendError(413, `Request body is larger than ${options.maxBody} bytes (respcat serve --max-body raises the limit)`, { connection: 'close' });
        return;
      }
      if (body === 'aborted') return;
      if (options.status !== null) {
        log.what = `--status ${options.status}`;
        sendError(options.status, `${apiError(options.status, undefined, { family }).message} (respcat serve --status ${options.status})`);
        return;
      }
      // Gemini names the model in the path, not the body.
      const model = requestedModel(body) ?? api?.model ?? null;
      const capture = (recorded ?? picker).pick(model);
      if (capture === null) {
        // The API's answer to a model it does not have, naming the models respcat has captures of.
        log.what = `no capture of model ${JSON.stringify(model)}`;
        const error = apiError(404, `The model \`${model ?? ''}\` does not exist among the captures respcat serve answers with (--match model); they are of ${modelsServed || 'no model'}`, {
          family,
          code: 'model_not_found',
        });
        sendJson(404, error.body, error.headers);
        return;
      }
      log.what = basename(capture.path);
      // A Gemini path is answered in the framing the request asks for (docs/spec.md §9), whatever the capture's.
      const framing = api !== null && familyServing(api.template)?.name === 'gemini' ? geminiFraming(req.url) : null;
      await stream(res, capture, aborted.signal, log, framing);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.ending = `failed: ${message}`;
      if (!res.headersSent) sendError(500, `respcat serve could not send ${log.what ?? 'the capture'}: ${message}`);
      else dropConnection(res);
    }
  }

  /**
   * Streams one capture, bent by the faults, as its family's wire (docs/spec.md §9): `text/event-stream`, the AI SDK's
   * UI message stream headers, Ollama's NDJSON, or the streamed JSON array a Gemini request without `alt=sse` asks for;
   * a read failure before the first byte rejects (a 500).
   */
  async function stream(res: ServerResponse, capture: Capture, signal: AbortSignal, log: LogState, framing: 'sse' | 'json-array' | null): Promise<void> {
    const wire = capture.family === null ? undefined : familyNamed(capture.family)?.serveWire;
    const file = openSource({ kind: 'file', path: capture.path });
    const faults = options.reframed?.has(capture) === true || framing === 'sse' ? { ...options.faults, reframe: true } : options.faults;
    // A capture with a `curl -i` preamble is answered with its status and headers, then its body as recorded.
    const recorded = capture.preamble === null ? null : recordedBody(capture.preamble, faults);
    let chunks: AsyncIterable<Uint8Array> = recorded === null ? readChunks(file, capture.path, options.log) : recorded.chunks(file, capture.path, options.log);
    // An explicit --delay replaces the recorded pace rather than adding to it.
    if (capture.timing !== null && faults.delay === 0) chunks = pacedChunks(chunks, capture.timing, options.speed, signal);
    if (recorded !== null) chunks = recorded.skipPreamble(chunks);
    const iterator = chunks[Symbol.asyncIterator]();
    const shaper = createShaper(faults, { toJsonArray: framing === 'json-array', ndjson: wire?.framing === 'ndjson', eventStream: wire?.framing === 'eventstream' && framing === null });
    const run = async (steps: readonly Step[]): Promise<boolean> => {
      for (const step of steps) {
        if (signal.aborted) return true;
        if (step.kind === 'pause') await sleep(step.ms, signal);
        else if (step.kind === 'bytes') {
          await write(res, step.bytes, signal);
          log.sent += step.bytes.length;
        } else {
          log.ending = `cut after ${faults.cutAfter} events`;
          dropConnection(res);
          return true;
        }
      }
      return false;
    };
    try {
      // The first read comes before the headers, so a capture that went missing since startup is a 500, not a broken stream.
      let next = await iterator.next();
      if (recorded === null) res.writeHead(200, framing === 'json-array' ? JSON_ARRAY_HEADERS : (wire?.headers ?? SSE_HEADERS));
      else res.writeHead(recorded.status, recorded.headers);
      res.flushHeaders();
      for (; next.done !== true; next = await iterator.next()) {
        if (await run(shaper.push(next.value))) return;
      }
      if (await run(shaper.end())) return;
      res.end();
    } catch (error) {
      if (!res.headersSent) throw error;
      // Headers are out: the only way left to tell the client is to drop the connection.
      log.ending = `read failed: ${error instanceof Error ? error.message : String(error)}`;
      dropConnection(res);
    } finally {
      await iterator.return?.();
      file.destroy();
    }
  }

  await listen(server, options.port, options.host);
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  server.on('error', (error) => options.log(`server error: ${error.message}`));

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    get requests() {
      return requests;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        const inFlight = [...active.values()];
        server.close(() => void Promise.all(inFlight).then(() => resolve()));
        for (const controller of active.keys()) controller.abort();
        // Streams in flight end as dropped connections, not as clean ends a client would take for the whole capture.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Reads the request body up to `limit` bytes; more is refused without reading it. */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number, expectsContinue: boolean): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  if (expectsContinue) res.writeContinue();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const finish = (result: Buffer | 'too-large' | 'aborted'): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length > limit) {
        req.pause();
        finish('too-large');
      } else chunks.push(chunk);
    };
    const onEnd = (): void => finish(Buffer.concat(chunks));
    const onAbort = (): void => finish('aborted');
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
}

/** Writes and waits until the bytes are handed to the socket, so a following cut loses none of them. */
function write(res: ServerResponse, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || res.destroyed) return resolve();
    const done = (): void => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    res.write(bytes, done);
  });
}

/**
 * Ends the connection in the middle of the chunked body, the way a failing network does: what was
 * written is flushed, then the socket closes without the final chunk, so clients report a premature
 * close (curl exit 18, fetch "terminated") instead of a clean end.
 */
function dropConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  socket.end(() => socket.destroy());
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(new ListenError(describeListenError(error, host, port)));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the port is in use (--port 0 picks a free one)`;
    case 'EACCES':
    case 'EPERM':
      return `cannot listen on ${where}: permission denied (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: no such local address`;
    default:
      return `cannot listen on ${where}: ${error.message}`;
  }
}
