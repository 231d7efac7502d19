import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, GoogleGenAI } from '@google/genai';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../support/binary.js';
import { inspectJson, runCli } from '../support/fake-io.js';
import { CORPUS, ROOT } from '../support/samples.js';
import { killServers, rawPost, startServe } from './serve-support.js';

beforeAll(ensureBuilt);
afterEach(killServers);

const sample = (name: string): string => join(ROOT, 'samples', 'gemini', name);
const CORPUS_GEMINI = join(CORPUS, 'pydantic-ai-gemini-stream.sse');

/** The official SDK pointed at `respcat serve`; it asks for `…:streamGenerateContent?alt=sse`. */
function sdk(url: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: url, apiVersion: 'v1beta', timeout: 15_000 } });
}

/** Streams one answer through `generateContentStream`: the text it joins, its function calls, and the error that ended it. */
async function streamWithSdk(url: string, model = 'gemini-2.5-flash'): Promise<{ text: string; calls: string[]; chunks: number; error: unknown }> {
  let text = '';
  const calls: string[] = [];
  let chunks = 0;
  try {
    const stream = await sdk(url).models.generateContentStream({ model, contents: 'Hello' });
    for await (const chunk of stream) {
      chunks++;
      // `chunk.text` joins the text parts that are no thoughts; the parts are read directly so no warning is printed.
      for (const part of chunk.candidates?.[0]?.content?.parts ?? []) if (typeof part.text === 'string' && part.thought !== true) text += part.text;
      for (const call of chunk.functionCalls ?? []) calls.push(`${call.name ?? ''} ${JSON.stringify(call.args)}`);
    }
    return { text, calls, chunks, error: null };
  } catch (error) {
    return { text, calls, chunks, error };
  }
}

describe('@google/genai generateContentStream reads respcat serve (alt=sse)', () => {
  test.each([
    ['the corpus capture (alt=sse, CRLF)', CORPUS_GEMINI],
    ['an SSE sample', sample('text-stop.sse')],
    ['a streamed JSON array capture, served as SSE because the SDK asks for it', sample('text-stop.json')],
    ['thoughts and a function call', sample('thinking-function-call.sse')],
  ])('%s: the joined text equals what inspect reports', async (_name, path) => {
    if (!existsSync(path)) return;
    const { report } = await inspectJson(path);
    const expected = report.responses[0];
    const server = await startServe([path, '--port', '0']);
    const result = await streamWithSdk(server.url);
    expect(result.error).toBeNull();
    expect(result.text).toBe(expected?.text);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.calls).toEqual((expected?.items ?? []).filter((i) => i.type === 'function_call').map((i) => `${i.name ?? ''} ${i.arguments ?? ''}`));
    expect(result.chunks).toBe(report.events);
    await server.stop();
    expect(server.stderr()).toMatch(/POST \/v1beta\/models\/gemini-2\.5-flash:streamGenerateContent → 200 · /);
  });

  test('--match model: the model named in the path chooses the capture', async () => {
    const server = await startServe([sample('text-stop.sse'), join(ROOT, 'samples', 'seed-crlf.sse'), '--port', '0', '--match', 'model']);
    const result = await streamWithSdk(server.url, 'gemini-2.5-flash');
    expect(result.text).toBe('The capital of France is Paris — “la Ville Lumière”.\n');
    const missing = await streamWithSdk(server.url, 'gemini-1.0-nothing');
    expect(missing.error).toBeInstanceOf(ApiError);
    expect((missing.error as ApiError).status).toBe(404);
  });

  test('--cut-after 1: the SDK gets the first chunk, then throws on the dropped connection', async () => {
    const server = await startServe([sample('text-stop.sse'), '--port', '0', '--cut-after', '1']);
    const result = await streamWithSdk(server.url);
    expect(result.chunks).toBe(1);
    expect(result.text).toBe('The capital');
    expect(result.error).toBeInstanceOf(Error);
  });

  test('--status 429: the SDK raises its ApiError with the status', async () => {
    const server = await startServe([sample('text-stop.sse'), '--port', '0', '--status', '429']);
    const result = await streamWithSdk(server.url);
    expect(result.error).toBeInstanceOf(ApiError);
    expect((result.error as ApiError).status).toBe(429);
  });

  test('--rechunk 3 and --delay 5 change nothing the SDK reads', async () => {
    const server = await startServe([sample('thinking-function-call.json'), '--port', '0', '--rechunk', '3', '--delay', '5']);
    const result = await streamWithSdk(server.url);
    expect(result.error).toBeNull();
    expect(result.text).toBe('Let me check that for you.');
    expect(result.calls).toEqual(['get_weather {"city":"Paris","unit":"celsius"}']);
  });
});

describe('without alt=sse, respcat serve answers with a streamed JSON array', () => {
  const post = async (url: string, path: string): Promise<{ status: number; type: string | null; body: string; error: unknown }> => {
    try {
      const response = await fetch(`${url}${path}`, { method: 'POST', body: '{"contents":[]}', headers: { 'content-type': 'application/json' } });
      let body = '';
      try {
        body = await response.text();
      } catch (error) {
        return { status: response.status, type: response.headers.get('content-type'), body, error };
      }
      return { status: response.status, type: response.headers.get('content-type'), body, error: null };
    } catch (error) {
      return { status: 0, type: null, body: '', error };
    }
  };

  test.each([sample('text-stop.sse'), sample('thinking-function-call.json'), sample('image.sse')])('%s: one JSON array of the chunks, read back the same by respcat', async (path) => {
    const server = await startServe([path, '--port', '0']);
    const answer = await post(server.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/json; charset=UTF-8');
    const elements = JSON.parse(answer.body) as unknown[];
    const sse = await post(server.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    const events = sse.body
      .split(/\r?\n\r?\n/)
      .filter((block) => block.startsWith('data: '))
      .map((block) => JSON.parse(block.slice('data: '.length)) as unknown);
    expect(elements).toEqual(events);
    expect(elements.length).toBe((await inspectJson(path)).report.events);
    // respcat reads its own answer as the capture it came from.
    const { report } = await inspectJsonOfText(answer.body);
    const original = (await inspectJson(path)).report;
    expect(report.framing.formats).toEqual(['streamed JSON array']);
    expect(report.responses.map((r) => [r.id, r.status, r.text, r.usage])).toEqual(original.responses.map((r) => [r.id, r.status, r.text, r.usage]));
  });

  test('--cut-after 2: the array is cut after its second element, and respcat reads it cut off', async () => {
    const server = await startServe([sample('text-stop.sse'), '--port', '0', '--cut-after', '2']);
    const answer = await rawPost(server.url, '/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(false);
    const body = Buffer.concat(answer.chunks.map((c) => c.bytes)).toString('utf8');
    expect(body).toMatch(/^\[\{.*\},\r\n$/s);
    const { code, report } = await inspectJsonOfText(body);
    expect(report.events).toBe(2);
    expect(report.responses[0]?.text).toBe('The capital of France is ');
    expect(report.diagnostics.map((d) => d.code)).toEqual(['missing-terminal-event']);
    expect(code).toBe(1);
  });
});

/** `respcat inspect --json` of a body given as text (through stdin). */
async function inspectJsonOfText(text: string): Promise<{ code: number; report: Awaited<ReturnType<typeof inspectJson>>['report'] }> {
  const { code, stdout } = await runCli(['inspect', '--json', '-'], { stdin: text });
  return { code, report: JSON.parse(stdout) as Awaited<ReturnType<typeof inspectJson>>['report'] };
}
