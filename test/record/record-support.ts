import { createServer, request, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { killListening, startListening, type Listening } from '../support/listening.js';

export { startListening, type Listening };

const upstreams = new Set<Server>();

/** Kills every child and closes every in-process upstream still running (for afterEach). */
export async function cleanUp(): Promise<void> {
  killListening();
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
