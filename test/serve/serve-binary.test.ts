import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { runCli } from '../support/fake-io.js';
import { SEED } from '../support/samples.js';
import { curl, killServers, startServe } from './serve-support.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-serve-'));
const seed = readFileSync(SEED);
/** The seed's events, in order: what a client must see. */
const seedEvents = seed
  .toString('utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line.slice('data: '.length)) as { type: string; sequence_number: number });
const hasCurl = spawnSync('curl', ['--version']).status === 0;

beforeAll(ensureBuilt);
afterEach(killServers);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sdk(url: string): OpenAI {
  return new OpenAI({ baseURL: `${url}/v1`, apiKey: 'test', maxRetries: 0, timeout: 15_000 });
}

/** Streams one response through the SDK; returns the events it yielded and the error that ended the iteration, if any. */
async function streamWithSdk(url: string): Promise<{ events: { type: string }[]; error: unknown }> {
  const events: { type: string }[] = [];
  try {
    const stream = await sdk(url).responses.create({ model: 'gpt-4.1-mini', input: 'Draw a circle', stream: true });
    for await (const event of stream) events.push(event);
    return { events, error: null };
  } catch (error) {
    return { events, error };
  }
}

describe('respcat serve, consumed by curl -N', () => {
  // --no-reframe: the seed's data lines without blank lines are sent as they are (by default they are reframed, below).
  test.skipIf(!hasCurl)('POST /v1/responses prints the capture byte for byte (--no-reframe); the URL is the first line on stdout', async () => {
    const server = await startServe([SEED, '--port', '0', '--no-reframe']);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await curl(['-sN', '-X', 'POST', `${server.url}/v1/responses`, '-H', 'content-type: application/json', '-d', '{"model":"x","stream":true}']);
    expect(result.code).toBe(0);
    expect(result.stdout.equals(seed)).toBe(true);
    const headers = await curl(['-s', '-o', '/dev/null', '-D', '-', '-X', 'POST', `${server.url}/v1/chat/completions`]);
    expect(headers.stdout.toString()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(headers.stdout.toString()).toMatch(/\r\ncontent-type: text\/event-stream; charset=utf-8\r\n/i);
    expect(headers.stdout.toString()).toMatch(/\r\ncache-control: no-cache\r\n/i);
    expect(headers.stdout.toString()).toMatch(/\r\nconnection: keep-alive\r\n/i);
    expect(await server.stop()).toBe(0);
    expect(server.stdout()).toBe(`${server.url}\n`);
    // One log line per request: method, path, status, bytes, time.
    expect(server.stderr()).toMatch(new RegExp(`respcat: POST /v1/responses → 200 · ${seed.length} bytes · \\d+ ms · seed-image-gen\\.sse\\n`));
    expect(server.stderr()).toMatch(/respcat: POST \/v1\/chat\/completions → 200 · /);
  });

  test.skipIf(!hasCurl)('--rechunk 7 changes nothing curl receives', async () => {
    const server = await startServe([SEED, '--port', '0', '--rechunk', '7', '--no-reframe']);
    const result = await curl(['-sN', '-X', 'POST', `${server.url}/v1/responses`]);
    expect(result.code).toBe(0);
    expect(result.stdout.equals(seed)).toBe(true);
  });

  test.skipIf(!hasCurl)('--cut-after 5: curl gets the first five events, then fails on the dropped connection (exit 18)', async () => {
    const server = await startServe([SEED, '--port', '0', '--cut-after', '5', '--no-reframe']);
    const result = await curl(['-sN', '-X', 'POST', `${server.url}/v1/responses`]);
    expect(result.code).toBe(18); // CURLE_PARTIAL_FILE: "transfer closed with outstanding read data remaining"
    const lines = result.stdout.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => (JSON.parse(line.slice(6)) as { type: string }).type)).toEqual(seedEvents.slice(0, 5).map((e) => e.type));
    await server.stop();
    expect(server.stderr()).toMatch(/ · cut after 5 events\n/);
  });

  test.skipIf(!hasCurl)('an oversized upload is refused with 413 before it is sent (Expect: 100-continue)', async () => {
    const big = join(work, 'big.bin');
    writeFileSync(big, Buffer.alloc(3 << 20, 0x61));
    const server = await startServe([SEED, '--port', '0']);
    const result = await curl(['-s', '-w', '\\n%{http_code}', '-X', 'POST', `${server.url}/v1/images/edits`, '--data-binary', `@${big}`]);
    const text = result.stdout.toString('utf8');
    expect(text.slice(text.lastIndexOf('\n') + 1)).toBe('413');
    expect(JSON.parse(text.slice(0, text.lastIndexOf('\n')))).toEqual({
      error: { message: expect.stringContaining('larger than 1048576 bytes'), type: 'invalid_request_error', param: null, code: 'request_too_large' },
    });
  });
});

describe('respcat serve, consumed by the official openai SDK', () => {
  test('responses.create({stream: true}) yields every event of the seed, in order (through --reframe)', async () => {
    const server = await startServe([SEED, '--port', '0', '--reframe']);
    const { events, error } = await streamWithSdk(server.url);
    expect(error).toBeNull();
    expect(events).toEqual(seedEvents);
  });

  test('--rechunk 7 changes nothing the SDK receives', async () => {
    const server = await startServe([SEED, '--port', '0', '--reframe', '--rechunk', '7']);
    const { events, error } = await streamWithSdk(server.url);
    expect(error).toBeNull();
    expect(events).toEqual(seedEvents);
  });

  test("the SDK's accumulated final response matches respcat inspect --json of the same capture", async () => {
    const inspected = JSON.parse(runBin(['inspect', '--json', SEED]).stdout) as {
      responses: { id: string; model: string; status: string; text: string; usage: { input_tokens: number; output_tokens: number; total_tokens: number }; items: { id: string; type: string; status: string }[] }[];
    };
    const facts = inspected.responses[0];
    expect(facts).toBeDefined();
    const server = await startServe([SEED, '--port', '0', '--reframe']);
    const stream = sdk(server.url).responses.stream({ model: 'gpt-4.1-mini', input: 'Draw a circle' });
    const final = await stream.finalResponse();
    expect({
      id: final.id,
      model: final.model,
      status: final.status,
      text: final.output_text,
      usage: { input_tokens: final.usage?.input_tokens, output_tokens: final.usage?.output_tokens, total_tokens: final.usage?.total_tokens },
      items: final.output.map((item) => ({ id: item.id, type: item.type, status: 'status' in item ? item.status : null })),
    }).toEqual({
      id: facts?.id,
      model: facts?.model,
      status: facts?.status,
      text: facts?.text,
      usage: { input_tokens: facts?.usage.input_tokens, output_tokens: facts?.usage.output_tokens, total_tokens: facts?.usage.total_tokens },
      items: facts?.items.map((item) => ({ id: item.id, type: item.type, status: item.status })),
    });
  });

  test('--cut-after 5: the SDK yields five events, then its iteration throws (a cut-off stream, not a clean end)', async () => {
    const server = await startServe([SEED, '--port', '0', '--reframe', '--cut-after', '5']);
    const { events, error } = await streamWithSdk(server.url);
    expect(events).toEqual(seedEvents.slice(0, 5));
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/terminated|closed|socket|premature/i);
  });

  test('--status 429: the SDK raises RateLimitError with the API-shaped body', async () => {
    const server = await startServe([SEED, '--port', '0', '--status', '429']);
    const { events, error } = await streamWithSdk(server.url);
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'requests' });
    expect((error as RateLimitError).headers.get('retry-after')).toBe('0');
    await server.stop();
    expect(server.stderr()).toMatch(/POST \/v1\/responses → 429 · \d+ bytes · \d+ ms · --status 429\n/);
  });
});

describe('respcat serve: starting and stopping', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s stops it cleanly (exit 0), dropping a stream in flight', async (signal) => {
    const server = await startServe([SEED, '--port', '0', '--reframe', '--delay', '1000']);
    const pending = streamWithSdk(server.url);
    const deadline = Date.now() + 10_000;
    while (!server.stderr().includes('serving') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 300)); // the request is in flight, paused between events
    const started = Date.now();
    expect(await server.stop(signal)).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    const { events, error } = await pending;
    expect(events.length).toBeLessThan(seedEvents.length);
    expect(error).toBeInstanceOf(Error);
    expect(server.stderr()).toMatch(/respcat: stopped after 1 request\n$/);
  });

  test('a port in use: one line, exit 3, nothing on stdout', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = runBin(['serve', SEED, '--port', String(port), '--no-reframe']);
      expect(result.code).toBe(3);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`respcat: cannot listen on 127.0.0.1:${port}: the port is in use (--port 0 picks a free one)\n`);
    } finally {
      blocker.close();
    }
  });

  test('an unreadable FILE: one line naming it, exit 3, before listening', () => {
    const missing = join(work, 'missing.sse');
    const result = runBin(['serve', SEED, missing, '--port', '0']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`respcat: ${missing}: no such file\n`);
  });
});

describe('respcat serve: usage', () => {
  test.each([
    [['serve'], /missing required argument 'files'/],
    [['serve', '-'], /reads FILEs, not stdin/],
    [['serve', SEED, '--status', '200'], /expected an HTTP error status 400–599/],
    [['serve', SEED, '--port', '70000'], /expected a port number/],
    // Number() took each of these: '' as 0 (a random port), '0x50' as 80, '1e3' as 1000, ' 80' as 80.
    [['serve', SEED, '--port', ''], /argument '' is invalid\. expected a port number 0–65535 in decimal digits/],
    [['serve', SEED, '--port', '0x50'], /argument '0x50' is invalid\. expected a port number 0–65535 in decimal digits/],
    [['serve', SEED, '--port', '1e3'], /expected a port number 0–65535 in decimal digits/],
    [['serve', SEED, '--port', ' 80'], /expected a port number 0–65535 in decimal digits/],
    [['serve', SEED, '--port', '8080.0'], /expected a port number 0–65535 in decimal digits/],
    [['record', '--upstream', 'http://127.0.0.1:9', '--port', '0x50'], /expected a port number 0–65535 in decimal digits/],
    [['serve', SEED, '--rechunk', '0'], /expected a whole number ≥ 1/],
    [['serve', SEED, '--cut-after', '-1'], /expected a whole number ≥ 0/],
    [['serve', SEED, '--match', 'color'], /Allowed choices are model/],
  ])('%j is a usage error (exit 2, one line)', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  test('serve --help explains it, with examples', async () => {
    const result = await runCli(['serve', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--port', '--host', '--match', '--delay', '--rechunk', '--cut-after', '--strip-blank-lines', '--reframe', '--no-reframe', '--status', '--max-body', '--max-connections']) {
      expect(result.stdout).toContain(option);
    }
    const examples = result.stdout.slice(result.stdout.indexOf('Examples:'));
    expect(examples.match(/^ {2}respcat serve /gm)?.length).toBeGreaterThanOrEqual(2);
  });
});
