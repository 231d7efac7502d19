import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { killListening, startListening, type Listening } from '../support/listening.js';

/** A `respcat serve` child process that is listening. */
export type ServeProcess = Listening;

/** Kills every server child still running (for afterEach / afterAll). */
export function killServers(): void {
  killListening();
}

/** Starts `respcat serve ARGS` (built binary) and resolves once its URL is the first line on stdout. */
export function startServe(args: readonly string[]): Promise<ServeProcess> {
  return startListening(['serve', ...args]);
}

/** Runs curl to its end (bounded by --max-time); resolves with its exit code, raw stdout and stderr. */
export function curl(args: readonly string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['--max-time', '15', ...args]);
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
  });
}

/** One HTTP/1.1 request over a raw socket: the status, headers, and the chunked body's chunks as sent (with arrival times). */
export function rawPost(url: string, path: string, body = '{}'): Promise<{ status: number; headers: Record<string, string>; chunks: { bytes: Buffer; at: number }[]; complete: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect(Number(port), hostname);
    let buffer = Buffer.alloc(0);
    let head: { status: number; headers: Record<string, string> } | null = null;
    const chunks: { bytes: Buffer; at: number }[] = [];
    let complete = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw request timed out'));
    }, 15_000);
    socket.on('connect', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      if (head === null) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        head = {
          status: Number(statusLine?.split(' ')[1]),
          headers: Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()])),
        };
        buffer = buffer.subarray(end + 4);
      }
      // Chunked transfer coding: "<hex size>\r\n<bytes>\r\n", ending with a zero-size chunk.
      for (;;) {
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd === -1) return;
        const size = parseInt(buffer.subarray(0, lineEnd).toString('latin1'), 16);
        if (buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          complete = true;
          return;
        }
        chunks.push({ bytes: Buffer.from(buffer.subarray(lineEnd + 2, lineEnd + 2 + size)), at: performance.now() - started });
        buffer = buffer.subarray(lineEnd + 2 + size + 2);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      if (head === null) reject(new Error('no response'));
      else resolve({ ...head, chunks, complete });
    });
  });
}
