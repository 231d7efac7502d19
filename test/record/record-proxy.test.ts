import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import OpenAI, { APIError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { parseTiming } from '../../src/input/timing.js';
import { createReframer } from '../../src/serve/faults.js';
import { ensureBuilt, runBin } from '../support/binary.js';
import { SEED } from '../support/samples.js';
import { cleanUp, closedPort, startListening, startUpstream, streamPost, waitFor } from './record-support.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-record-'));
let serial = 0;
const newDir = (): string => join(work, `rec-${++serial}`);
const seed = readFileSync(SEED);
const seedEvents = seed
  .toString('utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line.slice('data: '.length)) as { type: string });
/** What `respcat serve SEED --reframe` sends: the seed as canonical SSE. */
const reframedSeed = (() => {
  const reframer = createReframer();
  return Buffer.concat([...reframer.push(seed), ...reframer.end()]);
})();
const API_KEY = 'sk-proj-RECORDtestRECORDtestRECORD0001';
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

beforeAll(ensureBuilt);
afterEach(cleanUp);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The files of a recordings folder, and each capture split into its preamble and body. */
function readRecordings(dir: string) {
  const names = readdirSync(dir).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
  const captures = names
    .filter((name) => name.endsWith('.sse'))
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      const end = bytes.indexOf('\r\n\r\n') + 4;
      const stem = name.slice(0, -'.sse'.length);
      return {
        name,
        bytes,
        preamble: bytes.subarray(0, end).toString('latin1'),
        body: bytes.subarray(end),
        timing: parseTiming(readFileSync(join(dir, `${name}.timing`), 'utf8')),
        request: JSON.parse(readFileSync(join(dir, `${stem}.request.json`), 'utf8')) as {
          method: string;
          path: string;
          headers: Record<string, string>;
          bodyEncoding: string;
          body: { model?: string } | null;
          response: { status: number | null; complete: boolean; bytes: number; ending: string | null } | null;
        },
      };
    });
  return { names, captures };
}

/** Everything written in a folder, as one string, to look for leaked secrets. */
function everything(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

function sdk(url: string): OpenAI {
  return new OpenAI({ baseURL: `${url}/v1`, apiKey: API_KEY, maxRetries: 0, timeout: 20_000 });
}

describe('respcat record in front of respcat serve, driven by the openai SDK', () => {
  test('the SDK streams the seed\'s 35 events live; the recording is byte-identical, with a sidecar of the same pace; serve DIR answers the same bytes', async () => {
    const upstream = await startListening(['serve', SEED, '--port', '0', '--reframe', '--delay', '40']);
    const dir = newDir();
    const proxy = await startListening(['record', '--upstream', upstream.url, '--port', '0', '--out', dir]);
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const started = performance.now();
    const seen: { type: string; at: number }[] = [];
    const stream = await sdk(proxy.url).responses.create({ model: 'gpt-4.1-mini', input: 'Draw a circle', stream: true });
    for await (const event of stream) seen.push({ type: event.type, at: performance.now() - started });
    expect(seen.map((event) => event.type)).toEqual(seedEvents.map((event) => event.type));
    // Live: the events arrived over the upstream's ~1.4 s, not all at once at the end.
    const clientSpan = (seen.at(-1)?.at ?? 0) - (seen[0]?.at ?? 0);
    expect(clientSpan).toBeGreaterThan(34 * 40 * 0.7);

    expect(await proxy.stop('SIGTERM')).toBe(0);
    expect(proxy.stderr()).toMatch(/respcat: POST \/v1\/responses → 200 · 11204 bytes · \d+ ms · 1-v1-responses-gpt-4\.1-mini\.sse\n/);
    const { names, captures } = readRecordings(dir);
    expect(names).toEqual(['1-v1-responses-gpt-4.1-mini.request.json', '1-v1-responses-gpt-4.1-mini.sse', '1-v1-responses-gpt-4.1-mini.sse.timing']);
    const [capture] = captures;
    if (capture === undefined) throw new Error('no capture');
    // The curl -i framing: status line and headers as received, then the body byte for byte.
    expect(capture.preamble).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(capture.preamble).toMatch(/\r\ncontent-type: text\/event-stream; charset=utf-8\r\n/);
    expect(capture.body.equals(reframedSeed)).toBe(true);
    expect(capture.request).toMatchObject({ method: 'POST', path: '/v1/responses', bodyEncoding: 'json', body: { model: 'gpt-4.1-mini', input: 'Draw a circle', stream: true } });
    expect(capture.request.headers.authorization).toBe('[redacted]');
    expect(capture.request.response).toEqual({ status: 200, complete: true, bytes: reframedSeed.length, ending: null });
    expect(everything(dir)).not.toContain(API_KEY);

    // The sidecar fits the file and holds the pace: its span matches what the client saw.
    if (!capture.timing.ok) throw new Error(capture.timing.problem);
    const entries = capture.timing.entries;
    expect(entries.reduce((sum, entry) => sum + entry.n, 0)).toBe(capture.bytes.length);
    expect(entries[0]?.n).toBe(Buffer.byteLength(capture.preamble));
    const recordedSpan = (entries.at(-1)?.t ?? 0) - (entries[1]?.t ?? 0);
    expect(Math.abs(recordedSpan - clientSpan)).toBeLessThan(Math.max(250, clientSpan * 0.25));

    // respcat reads the recording as it reads any capture: the same events as the seed.
    const inspected = JSON.parse(runBin(['inspect', '--json', join(dir, capture.name)]).stdout) as { events: number; responses: { status: string }[] };
    expect(inspected.events).toBe(35);
    expect(inspected.responses[0]?.status).toBe('completed');

    // serve DIR: the same bytes again, at the recorded pace, to the SDK too.
    await upstream.stop();
    const replayed = await startListening(['serve', dir, '--port', '0']);
    const arrivals: number[] = [];
    const t0 = performance.now();
    const answer = await streamPost(`${replayed.url}/v1/responses`, { body: '{"model":"gpt-4.1-mini","stream":true}', onChunk: () => arrivals.push(performance.now() - t0) });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(answer.body.equals(capture.body)).toBe(true);
    const servedSpan = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0);
    expect(Math.abs(servedSpan - recordedSpan)).toBeLessThan(Math.max(250, recordedSpan * 0.25));
    const again: string[] = [];
    for await (const event of await sdk(replayed.url).responses.create({ model: 'gpt-4.1-mini', input: 'x', stream: true })) again.push(event.type);
    expect(again).toEqual(seedEvents.map((event) => event.type));
  });

  test('an upstream that refuses the connection: 502 in the API error shape, and the recording holds that answer', async () => {
    const dir = newDir();
    const port = await closedPort();
    const proxy = await startListening(['record', '--upstream', `http://127.0.0.1:${port}`, '--port', '0', '--out', dir]);
    const error = await sdk(proxy.url)
      .responses.create({ model: 'gpt-4.1-mini', input: 'x', stream: true })
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(502);
    expect((error as APIError).error).toEqual({ message: expect.stringContaining('ECONNREFUSED'), type: 'server_error', param: null, code: 'bad_gateway' });
    expect(await proxy.stop()).toBe(0);
    const [capture] = readRecordings(dir).captures;
    expect(capture?.preamble).toMatch(/^HTTP\/1\.1 502 Bad Gateway\r\n/);
    expect(JSON.parse(capture?.body.toString('utf8') ?? '')).toMatchObject({ error: { code: 'bad_gateway' } });
    expect(capture?.request.response).toMatchObject({ status: 502, complete: false, ending: expect.stringMatching(/^upstream failed: .*ECONNREFUSED/) });
    // check reads the recorded failure as the HTTP error it is.
    const checked = runBin(['check', join(dir, capture?.name ?? '')]);
    expect(checked.code).toBe(1);
    const bodyLine = (capture?.preamble.match(/\r\n/g) ?? []).length + 1;
    expect(checked.stdout).toContain(`:${bodyLine}: error: HTTP 502 instead of a stream: "bad_gateway: respcat record: the upstream`);
    expect(checked.stdout).toMatch(/\[http-error\]\n/);
  });
});

describe('streaming, cuts and concurrency, against an upstream in the test', () => {
  const event = (n: number, id: string): string => `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${n},"item_id":"${id}","output_index":0,"content_index":0,"delta":"${id}-${n} "}\n\n`;

  test('each chunk reaches the client while the upstream is still paused; the rest follows when it goes on', async () => {
    let release = (): void => {};
    const paused = new Promise<void>((resolve) => (release = resolve));
    const upstream = await startUpstream(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(event(0, 'a'));
      await paused;
      res.end(event(1, 'a'));
    });
    const dir = newDir();
    const proxy = await startListening(['record', '--upstream', upstream.url, '--port', '0', '--out', dir]);
    let first = '';
    let releasedAt: number | null = null;
    const answer = streamPost(`${proxy.url}/v1/responses`, {
      onChunk: (chunk) => {
        if (first === '') {
          first = chunk.toString('utf8');
          releasedAt = performance.now();
          release();
        }
      },
    });
    const result = await answer;
    expect(releasedAt).not.toBeNull();
    // The first chunk the client saw is the first event, whole, and nothing after it: the upstream was still paused.
    expect(first).toBe(event(0, 'a'));
    expect(result.body.toString('utf8')).toBe(event(0, 'a') + event(1, 'a'));
    expect(result.complete).toBe(true);
    await proxy.stop();
    expect(readRecordings(dir).captures[0]?.body.toString('utf8')).toBe(event(0, 'a') + event(1, 'a'));
  });

  test('a client that disconnects mid-stream: the capture so far is kept and marked cut, the upstream request is dropped', async () => {
    let upstreamClosed = false;
    const upstream = await startUpstream((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(event(0, 'b'));
      req.socket.on('close', () => (upstreamClosed = true));
    });
    const dir = newDir();
    const proxy = await startListening(['record', '--upstream', upstream.url, '--port', '0', '--out', dir]);
    const result = await streamPost(`${proxy.url}/v1/responses`, { onChunk: (_chunk, request) => request.destroy() });
    expect(result.complete).toBe(false);
    await waitFor(() => upstreamClosed, 10_000, 'the upstream connection to close');
    await waitFor(() => /client closed the connection/.test(proxy.stderr()), 10_000, 'the log line');
    expect(await proxy.stop()).toBe(0);
    const [capture] = readRecordings(dir).captures;
    expect(capture?.body.toString('utf8')).toBe(event(0, 'b'));
    expect(capture?.request.response).toEqual({ status: 200, complete: false, bytes: event(0, 'b').length, ending: 'client closed the connection' });
    if (capture?.timing.ok !== true) throw new Error('no sidecar');
    expect(capture.timing.entries.reduce((sum, entry) => sum + entry.n, 0)).toBe(capture.bytes.length);
  });

  test('concurrent requests are recorded apart, each with exactly what the upstream sent it', async () => {
    const sent = new Map<string, string>();
    const waiting: (() => void)[] = [];
    const upstream = await startUpstream(async (_req, res, body) => {
      const id = (JSON.parse(body.toString('utf8')) as { model: string }).model;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Every exchange waits for all four, then they write in turns: their chunks interleave in time.
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 4) for (const go of waiting) go();
      });
      let text = '';
      for (let n = 0; n < 5; n++) {
        text += event(n, id);
        res.write(event(n, id));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      sent.set(id, text);
      res.end();
    });
    const dir = newDir();
    const proxy = await startListening(['record', '--upstream', upstream.url, '--port', '0', '--out', dir]);
    const models = ['m-one', 'm-two', 'm-three', 'm-four'];
    const results = await Promise.all(models.map((model) => streamPost(`${proxy.url}/v1/chat/completions`, { body: JSON.stringify({ model }) })));
    expect(await proxy.stop()).toBe(0);
    const { captures } = readRecordings(dir);
    expect(captures).toHaveLength(4);
    for (const [i, model] of models.entries()) {
      expect(results[i]?.body.toString('utf8')).toBe(sent.get(model));
      const capture = captures.find((c) => c.request.body?.model === model);
      expect(capture?.name).toMatch(new RegExp(`^[1-4]-v1-chat-completions-${model}\\.sse$`));
      expect(capture?.body.toString('utf8')).toBe(sent.get(model));
    }
  });

  test.each(['SIGINT', 'SIGTERM'] as const)('%s while a stream is open: exit 0, the client sees a cut, every file whole', async (signal) => {
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(event(0, 'c'));
    });
    const dir = newDir();
    const proxy = await startListening(['record', '--upstream', upstream.url, '--port', '0', '--out', dir]);
    let gotFirst = false;
    const answer = streamPost(`${proxy.url}/v1/responses`, { body: '{"model":"gpt-x"}', onChunk: () => (gotFirst = true) });
    await waitFor(() => gotFirst, 10_000, 'the first event');
    expect(await proxy.stop(signal)).toBe(0);
    const result = await answer;
    expect(result.complete).toBe(false);
    expect(proxy.stderr()).toMatch(/POST \/v1\/responses → 200 · \d+ bytes · \d+ ms · 1-v1-responses-gpt-x\.sse · stopped\n/);
    expect(proxy.stderr()).toMatch(/respcat: stopped after 1 request; recordings in .*\/\n$/);
    const [capture] = readRecordings(dir).captures;
    expect(capture?.body.toString('utf8')).toBe(event(0, 'c'));
    expect(capture?.request.response).toMatchObject({ status: 200, complete: false, ending: 'stopped' });
    if (capture?.timing.ok !== true) throw new Error('sidecar unreadable');
    expect(capture.timing.entries.reduce((sum, entry) => sum + entry.n, 0)).toBe(capture.bytes.length);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('credentials never reach the disk: auth headers, cookies, set-cookie and key query parameters are [redacted]; the upstream gets them as sent', async () => {
    const secrets = {
      authorization: 'Bearer sk-ant-SECRETsecretSECRETsecret0002',
      'x-api-key': 'xkey-SECRET-0003',
      'api-key': 'azure-SECRET-0004',
      'x-goog-api-key': 'AIzaSECRETsecretSECRETsecretSECRET00005',
      cookie: 'session=SECRET-0006',
    };
    let received: Record<string, string | string[] | undefined> = {};
    let receivedUrl = '';
    const upstream = await startUpstream((req, res) => {
      received = req.headers;
      receivedUrl = req.url ?? '';
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['id=SECRET-0007; HttpOnly', 'other=SECRET-0008'] });
      res.end('{"ok":true}\n');
    });
    const dir = newDir();
    const proxy = await startListening(['record', '--upstream', `${upstream.url}/base/`, '--port', '0', '--out', dir]);
    const result = await streamPost(`${proxy.url}/v1beta/models/gemini:streamGenerateContent?alt=sse&key=SECRET-0009`, { headers: secrets });
    expect(result.status).toBe(200);
    expect(result.headers['set-cookie']).toEqual(['id=SECRET-0007; HttpOnly', 'other=SECRET-0008']);
    expect(await proxy.stop()).toBe(0);
    // Forwarded as sent, under the upstream's base path.
    expect(receivedUrl).toBe('/base/v1beta/models/gemini:streamGenerateContent?alt=sse&key=SECRET-0009');
    for (const [name, value] of Object.entries(secrets)) expect(received[name]).toBe(value);
    const disk = everything(dir);
    expect(disk).not.toMatch(/SECRET/);
    const [capture] = readRecordings(dir).captures;
    expect(capture?.request.path).toBe('/v1beta/models/gemini:streamGenerateContent?alt=sse&key=[redacted]');
    for (const name of Object.keys(secrets)) expect(capture?.request.headers[name]).toBe('[redacted]');
    expect(capture?.preamble.match(/^set-cookie: \[redacted\]\r$/gim)).toHaveLength(2);
    expect(capture?.name).toBe('1-v1beta-models-gemini-streamGenerateContent.sse');
  });

  test('a gzip body is recorded as it came (still gzip), passed on gzip, replayed by respcat and served again gzip', async () => {
    const text = event(0, 'z') + event(1, 'z');
    const gz = gzipSync(Buffer.from(text));
    const upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
      res.write(gz.subarray(0, 10));
      setTimeout(() => res.end(gz.subarray(10)), 30);
    });
    const dir = newDir();
    const proxy = await startListening(['record', '--upstream', upstream.url, '--port', '0', '--out', dir]);
    // fetch inflates, as the SDK does.
    const response = await fetch(`${proxy.url}/v1/responses`, { method: 'POST', body: '{"model":"g"}' });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(await response.text()).toBe(text);
    expect(await proxy.stop()).toBe(0);
    const [capture] = readRecordings(dir).captures;
    expect(capture?.body.equals(gz)).toBe(true);
    const replayed = runBin(['replay', '--json', join(dir, capture?.name ?? '')]);
    expect(replayed.stdout.split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { event: { delta: string } }).event.delta)).toEqual(['z-0 ', 'z-1 ']);
    const served = await startListening(['serve', dir, '--port', '0']);
    const again = await streamPost(`${served.url}/v1/responses`, { headers: { 'accept-encoding': 'gzip' } });
    expect(again.headers['content-encoding']).toBe('gzip');
    expect(again.body.equals(gz)).toBe(true);
  });
});

describe('an https upstream with a certificate made in the test', () => {
  test.skipIf(!hasOpenssl)('trusted through NODE_EXTRA_CA_CERTS: the SDK streams every event, the recording is byte-identical', async () => {
    const key = join(work, 'key.pem');
    const cert = join(work, 'cert.pem');
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
    expect(made.status, made.stderr.toString()).toBe(0);
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(reframedSeed);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = newDir();
      const proxy = await startListening(['record', '--upstream', `https://127.0.0.1:${(server.address() as AddressInfo).port}`, '--port', '0', '--out', dir], { NODE_EXTRA_CA_CERTS: cert });
      const types: string[] = [];
      for await (const e of await sdk(proxy.url).responses.create({ model: 'gpt-4.1-mini', input: 'x', stream: true })) types.push(e.type);
      expect(types).toEqual(seedEvents.map((e) => e.type));
      expect(await proxy.stop()).toBe(0);
      expect(readRecordings(dir).captures[0]?.body.equals(reframedSeed)).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
