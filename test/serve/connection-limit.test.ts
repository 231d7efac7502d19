import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../support/binary.js';
import { SEED } from '../support/samples.js';
import { killServers, startServe } from './serve-support.js';

// serve answers at most 64 connections at once (docs/spec.md §10); one more gets a 503 in the API's error
// shape before its body is read, so slow clients by the hundred cannot hold a request body each.
// Every socket here is on 127.0.0.1 and closed by the test.
const DEFAULT_MAX_CONNECTIONS = 64;
const open = new Set<Socket>();
beforeAll(ensureBuilt);
afterEach(() => {
  for (const socket of open) socket.destroy();
  open.clear();
  killServers();
});
afterAll(killServers);

/** A client that sends its headers and the start of a body that never ends: it holds its connection. */
function slowClient(port: number, bodyBytes: Buffer, declared: number): { socket: Socket; answer: () => string } {
  const socket = connect(port, '127.0.0.1');
  open.add(socket);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
  socket.on('error', () => {});
  socket.write(`POST /v1/responses HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${declared}\r\n\r\n`);
  socket.write(bodyBytes);
  return { socket, answer: () => answer };
}

/** A whole request on a connection of its own; resolves with the raw answer once the server closes or 5 s pass. */
function request(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    open.add(socket);
    let answer = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, 5000);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      // A whole answer: the 503's JSON body, or the end of the seed's stream.
      if (/\r\n\r\n\{"error".*\}\n$/s.test(answer) || answer.includes('response.completed')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
  });
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

describe('serve: concurrent connections are capped (docs/spec.md §10)', () => {
  test('64 connections held open: the 65th is answered 503 in the API error shape; once one closes, a new one is served', async () => {
    const server = await startServe([SEED, '--port', '0']);
    const port = Number(new URL(server.url).port);
    const held = Array.from({ length: DEFAULT_MAX_CONNECTIONS }, () => slowClient(port, Buffer.from('{"mo'), 100));
    // Every held connection is accepted before the next one is opened.
    await new Promise((r) => setTimeout(r, 300));
    const refused = await request(port, '/v1/responses');
    expect(refused).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused.toLowerCase()).toContain('connection: close');
    const body = JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4)) as { error: { message: string; type: string; code: string | null; param: null } };
    expect(body).toEqual({
      error: { message: 'respcat serve is serving 64 connections, its limit (--max-connections); try again', type: 'server_error', param: null, code: 'service_unavailable' },
    });
    expect(held.every((client) => client.answer() === '')).toBe(true);
    await until(() => server.stderr().includes('→ 503'), 5000);
    expect(server.stderr()).toMatch(/POST \/v1\/responses → 503 · \d+ bytes · \d+ ms · over 64 connections/);

    held[0]?.socket.destroy();
    // The server sees the close a moment later: retried a bounded number of times.
    let served = '';
    for (let attempt = 0; attempt < 20 && !served.startsWith('HTTP/1.1 200'); attempt++) {
      await new Promise((r) => setTimeout(r, 50));
      served = await request(port, '/v1/responses');
    }
    expect(served).toMatch(/^HTTP\/1\.1 200 /);
    expect(served).toContain('response.completed');
  });

  test('300 slow clients each sending most of a 1 MiB body: 64 are held, 236 get 503, and the server stays far below 300 MB', async () => {
    const server = await startServe([SEED, '--port', '0']);
    const port = Number(new URL(server.url).port);
    const before = rssOf(server.child.pid as number);
    const body = Buffer.alloc((1 << 20) - 1, 0x20);
    const clients = Array.from({ length: 300 }, () => slowClient(port, body, 1 << 20));
    const answered = (): number => clients.filter((client) => client.answer() !== '').length;
    await until(() => answered() >= 300 - DEFAULT_MAX_CONNECTIONS, 20_000);
    // Give the held bodies time to arrive whole.
    await new Promise((r) => setTimeout(r, 500));
    const grown = rssOf(server.child.pid as number) - before;
    expect(answered()).toBe(300 - DEFAULT_MAX_CONNECTIONS);
    expect(clients.filter((client) => client.answer() !== '').every((client) => client.answer().startsWith('HTTP/1.1 503 '))).toBe(true);
    // 64 bodies of 1 MiB and their buffers; without the cap it was 300 of them (over 300 MB).
    expect(grown).toBeLessThan(200 * 1024 * 1024);
    expect(await server.stop()).toBe(0);
  }, 60_000);

  test('--max-connections N sets the cap', async () => {
    const server = await startServe([SEED, '--port', '0', '--max-connections', '2']);
    const port = Number(new URL(server.url).port);
    slowClient(port, Buffer.from('{'), 10);
    slowClient(port, Buffer.from('{'), 10);
    await new Promise((r) => setTimeout(r, 200));
    expect(await request(port, '/v1/responses')).toMatch(/^HTTP\/1\.1 503 [^]*serving 2 connections, its limit/);
  });
});
