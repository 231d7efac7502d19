import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { NotFoundError } from 'openai';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { createProcessor } from '../../src/families/index.js';
import { loadCapture } from '../../src/serve/captures.js';
import type { FaultOptions } from '../../src/serve/faults.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { responseEvents, toDataLines } from '../support/captures.js';
import { listCorpus, listSamples, ROOT, SAMPLES, SEED } from '../support/samples.js';
import { rawPost } from './serve-support.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-server-'));
const seed = readFileSync(SEED);
const NONE: FaultOptions = { rechunk: null, cutAfter: null, stripBlankLines: false, reframe: false, delay: 0 };
const servers: RunningServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts a server in process on a free loopback port; returns it with the log lines it wrote. */
async function serveInProcess(files: readonly string[], options: { faults?: Partial<FaultOptions>; match?: 'model'; status?: number; speed?: number; maxBody?: number } = {}) {
  const lines: string[] = [];
  const captures = await Promise.all(files.map((file) => loadCapture(file, { model: options.match === 'model', warn: (message) => lines.push(`warn: ${message}`) })));
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    captures,
    match: options.match ?? null,
    faults: { ...NONE, ...options.faults },
    status: options.status ?? null,
    speed: options.speed ?? 1,
    maxBody: options.maxBody ?? 1 << 20,
    log: (line) => lines.push(line),
  });
  servers.push(server);
  return { server, url: server.url, lines };
}

function capture(name: string, model: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, toDataLines(responseEvents({ model, text: [text], id: `resp_${name}` })));
  return path;
}

/** The message text of a served Responses capture (its deltas joined). */
async function servedText(url: string, body: unknown): Promise<string> {
  const response = await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return [...text.matchAll(/"delta":"([^"]*)"/g)].map((m) => m[1]).join('');
}

describe('routes and the API error shape', () => {
  test('GET /healthz → {"ok":true}; HEAD → no body; POST → 405', async () => {
    const { url } = await serveInProcess([SEED]);
    const get = await fetch(`${url}/healthz`);
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ ok: true });
    const head = await fetch(`${url}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await fetch(`${url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  test('an unknown path → 404 in the API shape, with a hint when /v1 is missing', async () => {
    const { url } = await serveInProcess([SEED]);
    const response = await fetch(`${url}/v1/models`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      error: {
        message: 'Unknown path /v1/models; respcat serve answers POST /v1/responses, /v1/chat/completions, /v1/images/generations, /v1/images/edits, /v1/messages, /v1beta/models/{model}:streamGenerateContent, /api/chat, /api/generate, /model/{model}/converse-stream',
        type: 'invalid_request_error',
        param: null,
        code: 'not_found',
      },
    });
    const bare = (await (await fetch(`${url}/chat/completions`, { method: 'POST' })).json()) as { error: { message: string } };
    expect(bare.error.message).toMatch(/did you mean \/v1\/chat\/completions\?/);
  });

  test('the wrong method on an API path → 405 with allow: POST', async () => {
    const { url } = await serveInProcess([SEED]);
    const response = await fetch(`${url}/v1/responses`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({
      error: { message: 'Method GET is not allowed on /v1/responses; use POST', type: 'invalid_request_error', param: null, code: 'method_not_allowed' },
    });
  });

  test('every API path streams the capture, a query string is ignored, and each response has an x-request-id', async () => {
    const { url } = await serveInProcess([SEED]);
    for (const path of ['/v1/responses', '/v1/chat/completions', '/v1/images/generations', '/v1/images/edits?x=1']) {
      const response = await fetch(`${url}${path}`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('x-request-id')).toMatch(/^req_respcat_\d+$/);
      expect(Buffer.from(await response.arrayBuffer()).equals(seed)).toBe(true);
    }
  });

  test.each([
    [400, 'invalid_request_error', null],
    [401, 'invalid_request_error', 'invalid_api_key'],
    [429, 'requests', 'rate_limit_exceeded'],
    [500, 'server_error', null],
    [503, 'server_error', 'service_unavailable'],
    [418, 'invalid_request_error', null],
  ])('--status %i → that status with {"error": {type %s, code %s}}', async (status, type, code) => {
    const { url, lines } = await serveInProcess([SEED], { status });
    const response = await fetch(`${url}/v1/responses`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { type: string; code: string | null; param: null; message: string } };
    expect(body.error).toMatchObject({ type, code, param: null });
    expect(body.error.message).toContain(`respcat serve --status ${status}`);
    if (status === 429) expect(response.headers.get('retry-after')).toBe('0');
    expect(lines.at(-1)).toMatch(new RegExp(`^POST /v1/responses → ${status} · \\d+ bytes · \\d+ ms · --status ${status}$`));
  });
});

describe('request bodies are read up to a limit', () => {
  test('a declared length over the limit → 413 without reading it; a chunked body over it → 413 once the limit is passed', async () => {
    const { url, lines } = await serveInProcess([SEED], { maxBody: 100 });
    const declared = await fetch(`${url}/v1/responses`, { method: 'POST', body: 'x'.repeat(1000) });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(50).fill(0x61));
        controller.close();
      },
    });
    const chunked = await fetch(`${url}/v1/responses`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(lines.filter((line) => line.includes('→ 413'))).toHaveLength(2);
    // Under the limit, all is well.
    const small = await fetch(`${url}/v1/responses`, { method: 'POST', body: '{"model":"m"}' });
    expect(small.status).toBe(200);
    await small.arrayBuffer();
  });
});

describe('several captures', () => {
  const a = capture('a.sse', 'gpt-a-2025-01-01', 'A');
  const b = capture('b.sse', 'gpt-b', 'B');
  const images = join(SAMPLES, 'seed-multiline-data.sse');

  test('take turns, request after request', async () => {
    const { url } = await serveInProcess([a, b]);
    const served = [];
    for (let i = 0; i < 4; i++) served.push(await servedText(url, { model: 'gpt-b' }));
    expect(served).toEqual(['A', 'B', 'A', 'B']);
  });

  test('--match model: equal model first, then a model that starts with the request’s; a request naming no model in turn', async () => {
    const { url, lines } = await serveInProcess([a, b, images], { match: 'model' });
    expect(await servedText(url, { model: 'gpt-b' })).toBe('B');
    expect(await servedText(url, { model: 'gpt-a' })).toBe('A');
    expect(await servedText(url, { model: 'gpt-a-2025-01-01' })).toBe('A');
    expect(await servedText(url, { model: 'gpt-b' })).toBe('B');
    const inTurn = [await servedText(url, {}), await servedText(url, 'not an object'), await servedText(url, { model: '' })];
    expect(inTurn[0]).toBe('A');
    expect(inTurn[1]).toBe('B');
    expect(inTurn[2]).toMatch(/^Here is a single black line/);
    expect(lines.filter((line) => line.startsWith('warn:'))).toEqual([]);
  });

  test('--match model: a model no capture is of gets 404 in the API error shape, never another capture (docs/spec.md §9)', async () => {
    const { url, lines } = await serveInProcess([a, b, images], { match: 'model' });
    const response = await fetch(`${url}/v1/responses`, { method: 'POST', body: JSON.stringify({ model: 'other', stream: true }) });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      error: {
        message: 'The model `other` does not exist among the captures respcat serve answers with (--match model); they are of gpt-a-2025-01-01, gpt-b, gpt-4.1-mini-2025-04-14',
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      },
    });
    expect(lines.at(-1)).toMatch(/^POST \/v1\/responses → 404 · \d+ bytes · \d+ ms · no capture of model "other"$/);
    // The SDK raises its NotFoundError, as the API's answer for an unknown model makes it do.
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'test', maxRetries: 0 });
    const error = await client.responses.create({ model: 'other', input: 'hi', stream: true }).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('model_not_found');
  });
});

describe('pacing', () => {
  test('a sidecar: the recorded chunk sizes as HTTP chunks, at the recorded times (scaled by --speed)', async () => {
    const cap = join(work, 'paced.sse');
    copyFileSync(SEED, cap);
    const sizes = [1000, 3000, 2000, seed.length - 6000];
    const times = [0, 150, 300, 450];
    writeFileSync(`${cap}.timing`, sizes.map((n, i) => JSON.stringify({ t: times[i], n })).join('\n'));
    for (const speed of [1, 3]) {
      const { url } = await serveInProcess([cap], { speed });
      const response = await rawPost(url, '/v1/responses');
      expect(response.complete).toBe(true);
      expect(response.chunks.map((c) => c.bytes.length)).toEqual(sizes);
      expect(Buffer.concat(response.chunks.map((c) => c.bytes)).equals(seed)).toBe(true);
      const span = (response.chunks.at(-1)?.at ?? 0) - (response.chunks[0]?.at ?? 0);
      expect(span).toBeGreaterThanOrEqual(450 / speed - 20);
      expect(span).toBeLessThan(450 / speed + 500);
    }
  });

  test('a sidecar that does not fit is ignored with one warning; --delay replaces the recorded pace', async () => {
    const cap = join(work, 'badly-paced.sse');
    copyFileSync(SEED, cap);
    writeFileSync(`${cap}.timing`, '{"t":0,"n":10}\n{"t":5000,"n":10}\n');
    const { url, lines } = await serveInProcess([cap]);
    expect(lines).toEqual([expect.stringMatching(/^warn: ignoring .*badly-paced\.sse\.timing: its chunk sizes add up to 20 bytes, but .* has 9924; .* is sent unpaced$/)]);
    const started = performance.now();
    expect((await rawPost(url, '/v1/responses')).chunks.map((c) => c.bytes.length)).toEqual([seed.length]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('--delay MS pauses between events (not before the first); concurrent requests are paced side by side', async () => {
    const small = join(work, 'five.sse');
    writeFileSync(small, toDataLines(responseEvents({ text: ['a', 'b'] }).slice(0, 5)));
    const { url } = await serveInProcess([small], { faults: { delay: 100 } });
    const started = performance.now();
    const [one, two] = await Promise.all([rawPost(url, '/v1/responses'), rawPost(url, '/v1/responses')]);
    const elapsed = performance.now() - started;
    for (const response of [one, two]) {
      expect(response.complete).toBe(true);
      expect(Buffer.concat(response.chunks.map((c) => c.bytes)).equals(readFileSync(small))).toBe(true);
      expect(response.chunks).toHaveLength(5);
    }
    expect(elapsed).toBeGreaterThanOrEqual(400 - 10);
    expect(elapsed).toBeLessThan(800 + 500);
  });
});

describe('faults and failures as the client sees them', () => {
  test('--rechunk 7: every HTTP chunk holds at most 7 bytes, and together they are the capture', async () => {
    const { url } = await serveInProcess([SEED], { faults: { rechunk: 7 } });
    const response = await rawPost(url, '/v1/responses');
    expect(response.complete).toBe(true);
    expect(Math.max(...response.chunks.map((c) => c.bytes.length))).toBe(7);
    expect(Buffer.concat(response.chunks.map((c) => c.bytes)).equals(seed)).toBe(true);
  });

  test('--cut-after 2: two whole events, then the connection closes without the last chunk', async () => {
    const { url, lines } = await serveInProcess([SEED], { faults: { cutAfter: 2 } });
    const response = await rawPost(url, '/v1/responses');
    expect(response.complete).toBe(false);
    expect(Buffer.concat(response.chunks.map((c) => c.bytes)).toString('utf8')).toBe(seed.toString('utf8').split('\n').slice(0, 2).join('\n') + '\n');
    expect(lines.at(-1)).toMatch(/ · seed-image-gen\.sse · cut after 2 events$/);
  });

  test('--strip-blank-lines: the CRLF sample without its blank lines', async () => {
    const { url } = await serveInProcess([join(SAMPLES, 'seed-crlf.sse')], { faults: { stripBlankLines: true } });
    const text = await (await fetch(`${url}/v1/responses`, { method: 'POST' })).text();
    expect(text).not.toMatch(/\r\n\r\n/);
    expect(text.split('\r\n').filter((line) => line.startsWith('data:'))).toHaveLength(35);
  });

  test('a client that goes away mid-stream is logged, and the next request is served', async () => {
    const { url, lines } = await serveInProcess([SEED], { faults: { delay: 200 } });
    const controller = new AbortController();
    const response = await fetch(`${url}/v1/responses`, { method: 'POST', signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    const deadline = Date.now() + 5000;
    while (!lines.some((line) => line.includes('client closed the connection')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(lines.at(-1)).toMatch(/^POST \/v1\/responses → 200 · \d+ bytes · \d+ ms · seed-image-gen\.sse · client closed the connection$/);
    const status = await fetch(`${url}/healthz`);
    expect(status.status).toBe(200);
  });

  test('a capture that disappeared after startup → 500 in the API shape', async () => {
    const gone = join(work, 'gone.sse');
    copyFileSync(SEED, gone);
    const { url } = await serveInProcess([gone]);
    unlinkSync(gone);
    const response = await fetch(`${url}/v1/responses`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { type: string; message: string } }).error).toMatchObject({ type: 'server_error', message: expect.stringContaining('no such file') });
  });
});

describe('--reframe serves every capture to the openai SDK as respcat reads it', () => {
  /** Captures whose events all decode and that end without an error (the SDK throws on those, by design). */
  const clean = [...listSamples().map((file) => join(ROOT, file)), ...listCorpus()].flatMap((path) => {
    const events: unknown[] = [];
    let sawError = false;
    const processor = createProcessor({
      rules: [],
      onEvent: (event) => {
        events.push(event.json);
        // An error event, or a chunk that carries an error (OpenRouter's error chunk): the SDK throws on both.
        if (event.event.type === 'error' || event.json.error !== undefined) sawError = true;
      },
    });
    processor.feed(readFileSync(path));
    processor.end();
    const family = processor.responses[0]?.family;
    const failing = processor.diagnostics.some((d) => ['invalid-json', 'missing-type', 'invalid-utf8', 'http-error', 'nesting-too-deep', 'event-too-large'].includes(d.code)) || sawError;
    // The SDK stops reading at the first [DONE]: a capture with a further stream after it is not one stream.
    const several = processor.responses.slice(0, -1).some((r) => r.doneMarker !== null);
    // Ollama's captures go out as NDJSON, Bedrock's as a binary event stream, which no SSE client reads:
    // test/serve/ollama-ui-clients.test.ts and test/serve/bedrock-sdk.test.ts have their own clients read them.
    return failing || several || family === undefined || family === 'ollama' || family === 'bedrock' ? [] : [{ name: path.slice(ROOT.length), path, family, events }];
  });

  test.each(clean)('$name ($family)', async ({ path, family, events }) => {
    const { url } = await serveInProcess([path], { faults: { reframe: true } });
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'test', maxRetries: 0, timeout: 15_000 });
    const stream =
      family === 'chat' ? await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }) : await client.responses.create({ model: 'm', input: 'hi', stream: true });
    const received: unknown[] = [];
    for await (const event of stream as AsyncIterable<unknown>) received.push(event);
    expect(received).toEqual(events);
  });
});
