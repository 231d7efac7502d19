import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, request, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBin } from '../support/binary.js';

/** A `respcat record` (or `serve`) child process that is listening. */
export interface Listening {
  readonly url: string;
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
const upstreams = new Set<Server>();

/** Kills every child and closes every in-process upstream still running (for afterEach). */
export async function cleanUp(): Promise<void> {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
  await Promise.all(
    [...upstreams].map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
  upstreams.clear();
}

/** Starts `respcat ARGS` (the built binary) and resolves once the URL is the first line on stdout. */
export function startListening(args: readonly string[], env: Record<string, string> = {}): Promise<Listening> {
  const child = startBin(args, env);
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`respcat ${args[0]} did not print its URL within 15 s; stderr: ${stderr}`)), 15_000);
    const onData = (): void => {
      const newline = stdout.indexOf('\n');
      if (newline === -1) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({
        url: stdout.slice(0, newline),
        child,
        exited,
        stdout: () => stdout,
        stderr: () => stderr,
        stop(signal = 'SIGTERM') {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`respcat ${args[0]} exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
}

/** An HTTP server in the test process on a free loopback port, answering with `handler`. */
export async function startUpstream(handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => void handler(req, res, Buffer.concat(chunks)));
  });
  upstreams.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A POST whose response body chunks are handed to `onChunk` as they arrive; resolves when the response ends or is cut. */
export function streamPost(
  url: string,
  options: { body?: string; headers?: Record<string, string>; onChunk?: (chunk: Buffer, request: ClientRequest) => void } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? '{}';
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      let complete = false;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        options.onChunk?.(chunk, req);
      });
      res.on('end', () => (complete = true));
      res.on('error', () => {});
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete }));
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || req.destroyed) return;
      reject(error);
    });
    req.end(body);
  });
}

/** Resolves when `check` holds, polling every 20 ms for up to `ms`. */
export async function waitFor(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
