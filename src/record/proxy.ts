import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCaptureRecorder, type CaptureRecorder } from '../input/timing.js';
import { apiError } from '../serve/api-errors.js';
import { requestedModel } from '../serve/request-model.js';
import { ListenError } from '../serve/server.js';
import { describeRequest, recordingFiles, renderPreamble, writeRequestFile, type RecordedOutcome, type RecordedRequest } from './recording.js';

/** How to run the recording proxy. */
export interface ProxyOptions {
  readonly upstream: URL;
  readonly host: string;
  readonly port: number;
  /** Folder the recordings go to (it exists). */
  readonly out: string;
  /** The `n` of the first recording (one past the highest already in `out`). */
  readonly firstNumber: number;
  /** Milliseconds without a byte from the upstream before it counts as failed. */
  readonly timeout: number;
  /** Largest request body accepted (it is kept in memory to be recorded). */
  readonly maxBody: number;
  /** One line per request (and per problem), without a newline. */
  readonly log: (line: string) => void;
}

/** A proxy that is listening. */
export interface RunningProxy {
  readonly url: string;
  /** Stops accepting, ends exchanges in flight (their files closed whole), resolves when all are written. */
  close(): Promise<void>;
  readonly requests: number;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection, never forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

/** Starts the proxy and resolves once it listens; rejects with `ListenError` when it cannot. */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  let next = options.firstNumber;
  let requests = 0;
  const active = new Map<AbortController, Promise<void>>();
  const server = createServer((req, res) => {
    const stop = new AbortController();
    const done = handle(req, res, next++, stop.signal).catch((error: unknown) => options.log(`internal error: ${error instanceof Error ? error.message : String(error)}`));
    active.set(stop, done);
    void done.finally(() => active.delete(stop));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, n: number, stopped: AbortSignal): Promise<void> {
    requests++;
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = originForm(req.url ?? '/');
    const body = await readBody(req, options.maxBody);
    if (body === 'aborted') return;
    if (body === 'too-large') {
      const error = apiError(413, `Request body is larger than ${options.maxBody} bytes (respcat record --max-body raises the limit)`);
      sendJson(res, error.status, error.body, { ...error.headers, connection: 'close' });
      options.log(`${method} ${pathOnly(path)} → 413 · not recorded: request body over ${options.maxBody} bytes`);
      return;
    }
    const files = recordingFiles(options.out, n, path, requestedModel(body));
    const request: Omit<RecordedRequest, 'response'> = describeRequest(method, path, req.headers, body);
    let recorder: CaptureRecorder;
    try {
      // Written first, so even a recording cut by a kill says what was asked; rewritten with the outcome at the end.
      await writeRequestFile(files.request, { ...request, response: null });
      recorder = await createCaptureRecorder(files.capture, { onError: (error) => options.log(`${files.capture}: write failed: ${error.message}`) });
    } catch (error) {
      // Nothing is forwarded that cannot be recorded: the client hears why.
      const message = `respcat record cannot write ${files.capture}: ${error instanceof Error ? error.message : String(error)}`;
      const failure = apiError(500, message);
      sendJson(res, 500, failure.body, failure.headers);
      options.log(`${method} ${pathOnly(path)} → 500 · ${message}`);
      return;
    }
    const outcome: { status: number | null; bytes: number; ending: string | null; complete: boolean } = { status: null, bytes: 0, ending: null, complete: false };
    // Every chunk is written to the client at once; the file writes queue behind one another in order.
    let writes: Promise<void> = Promise.resolve();
    const record = (chunk: Uint8Array): void => {
      writes = writes.then(() => recorder.write(chunk));
    };

    await new Promise<void>((resolve) => {
      let settled = false;
      const finish = (ending: string | null): void => {
        if (settled) return;
        settled = true;
        outcome.ending = ending;
        outcome.complete = ending === null;
        stopped.removeEventListener('abort', onStop);
        resolve();
      };
      const target = new URL(options.upstream.toString());
      const prefix = target.pathname.replace(/\/+$/, '');
      const forwarded: OutgoingHttpHeaders = forwardHeaders(req.headers, target.host);
      forwarded['content-length'] = String(body.length);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const upstream = send({
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port === '' ? undefined : Number(target.port),
        method,
        path: `${prefix}${path}`,
        headers: forwarded,
      });
      const onStop = (): void => {
        upstream.destroy();
        if (res.headersSent) dropConnection(res);
        else res.destroy();
        finish('stopped');
      };
      stopped.addEventListener('abort', onStop, { once: true });
      upstream.setTimeout(options.timeout, () => upstream.destroy(new Error(`no byte for ${options.timeout / 1000} s (timeout)`)));

      upstream.on('error', (error) => {
        if (settled) return;
        if (!res.headersSent) {
          // Nothing came: the client gets the API's error shape, and the recording holds that answer.
          const failure = apiError(502, `respcat record: the upstream ${options.upstream.origin} failed: ${error.message}`);
          const json = `${JSON.stringify(failure.body)}\n`;
          const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)), ...failure.headers };
          record(Buffer.from(renderPreamble('1.1', 502, 'Bad Gateway', Object.entries(headers).flat())));
          record(Buffer.from(json));
          outcome.status = 502;
          outcome.bytes = Buffer.byteLength(json);
          sendJson(res, 502, failure.body, failure.headers);
          finish(`upstream failed: ${error.message}`);
        } else {
          dropConnection(res);
          finish(`upstream failed mid-response: ${error.message}`);
        }
      });

      upstream.on('response', (incoming) => {
        outcome.status = incoming.statusCode ?? 502;
        record(Buffer.from(renderPreamble(incoming.httpVersion, outcome.status, incoming.statusMessage ?? '', incoming.rawHeaders)));
        res.writeHead(outcome.status, incoming.statusMessage ?? '', clientHeaders(incoming.rawHeaders));
        res.flushHeaders();
        incoming.on('data', (chunk: Buffer) => {
          outcome.bytes += chunk.length;
          // Passed on before the next chunk is awaited: the client sees each event as the upstream sends it.
          if (!res.write(chunk)) {
            incoming.pause();
            res.once('drain', () => incoming.resume());
          }
          record(chunk);
        });
        incoming.on('end', () => {
          if (settled) return;
          res.end();
          finish(null);
        });
        incoming.on('aborted', () => {
          if (settled) return;
          dropConnection(res);
          finish('upstream closed the connection mid-response');
        });
        incoming.on('error', () => {});
      });

      res.on('close', () => {
        if (settled || res.writableFinished) return;
        upstream.destroy();
        finish('client closed the connection');
      });
      upstream.end(body);
    });

    await writes;
    const failure = await recorder.close();
    const response: RecordedOutcome = { status: outcome.status, complete: outcome.complete, bytes: outcome.bytes, ending: outcome.ending ?? (failure === null ? null : `write failed: ${failure.message}`) };
    await writeRequestFile(files.request, { ...request, response });
    const ms = Math.round(performance.now() - started);
    const notes = [basename(files.capture), outcome.ending].filter((note) => note !== null).join(' · ');
    options.log(`${method} ${pathOnly(path)} → ${outcome.status ?? '—'} · ${outcome.bytes} bytes · ${ms} ms · ${notes}`);
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => reject(new ListenError(`cannot listen on ${options.host}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (--port 0 picks a free one)' : error.message}`));
    server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => options.log(`server error: ${error.message}`));
  const address = server.address();
  const port = address !== null && typeof address === 'object' ? address.port : options.port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    get requests() {
      return requests;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close();
        const inFlight = [...active.values()];
        for (const stop of active.keys()) stop.abort();
        server.closeIdleConnections();
        void Promise.all(inFlight).then(() => {
          server.closeAllConnections();
          resolve();
        });
      });
      return closing;
    },
  };
}

/** The request's headers as the upstream gets them: hop-by-hop ones dropped, `host` the upstream's. */
function forwardHeaders(headers: IncomingHttpHeaders, host: string): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  const listed = new Set(String(headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim()));
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name) || name === 'host' || name === 'content-length' || name === 'expect') continue;
    out[name] = value;
  }
  out.host = host;
  return out;
}

/** The upstream's response headers as the client gets them (raw pairs, hop-by-hop ones dropped). */
function clientHeaders(rawHeaders: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    out.push(name, rawHeaders[i + 1] as string);
  }
  return out;
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Readonly<Record<string, string>>): void {
  const json = `${JSON.stringify(value)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)), ...headers });
  res.end(json);
}

/** Ends the chunked body without its last chunk, so the client sees a cut, not a clean end. */
function dropConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  socket.end(() => socket.destroy());
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'aborted'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve('too-large');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.pause();
        resolve('too-large');
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('aborted'));
    req.on('aborted', () => resolve('aborted'));
  });
}


/** The path and query of a request target, also when a client sent the absolute form (`GET http://host/path`). */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return `/${target}`;
  }
}

function pathOnly(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}
