import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { cleanUp, startListening, streamPost } from '../record/record-support.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-serve-dir-'));
beforeAll(ensureBuilt);
afterEach(cleanUp);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const delta = (text: string): string => `data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"m","output_index":0,"content_index":0,"delta":"${text}"}\n\n`;

/** A folder as respcat record writes it, made by hand: each capture with its curl -i preamble and .request.json. */
function recordings(): string {
  const dir = join(work, `rec-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const put = (stem: string, method: string, path: string, model: string | null, head: string, body: string): void => {
    writeFileSync(join(dir, `${stem}.sse`), `${head}\r\n\r\n${body}`);
    writeFileSync(join(dir, `${stem}.request.json`), JSON.stringify({ method, path, headers: {}, bodyEncoding: model === null ? 'none' : 'json', body: model === null ? null : { model }, response: null }));
  };
  put('1-v1-responses-gpt-a', 'POST', '/v1/responses', 'gpt-a', 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream', delta('A'));
  put('2-v1-responses-gpt-b', 'POST', '/v1/responses', 'gpt-b', 'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream', delta('B'));
  put('10-v1-chat-completions-x', 'POST', '/v1/chat/completions?api-version=1', 'x', 'HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\nset-cookie: [redacted]', '{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}\n');
  put('3-v1-models', 'GET', '/v1/models', null, 'HTTP/1.1 200 OK\r\ncontent-type: application/json', '{"object":"list","data":[]}\n');
  return dir;
}

describe('respcat serve DIR: a folder of recordings', () => {
  test('each request gets the recording of its method and path, in recording order; --match model picks by model', async () => {
    const dir = recordings();
    const inTurn = await startListening(['serve', dir, '--port', '0']);
    const first = await streamPost(`${inTurn.url}/v1/responses`, { body: '{"model":"gpt-b"}' });
    const second = await streamPost(`${inTurn.url}/v1/responses`, { body: '{"model":"gpt-b"}' });
    expect([first.body.toString(), second.body.toString()]).toEqual([delta('A'), delta('B')]);
    expect(first.headers['content-type']).toBe('text/event-stream');

    const byModel = await startListening(['serve', dir, '--port', '0', '--match', 'model']);
    expect((await streamPost(`${byModel.url}/v1/responses`, { body: '{"model":"gpt-b"}' })).body.toString()).toBe(delta('B'));
    expect((await streamPost(`${byModel.url}/v1/responses`, { body: '{"model":"gpt-a"}' })).body.toString()).toBe(delta('A'));
  });

  test('a recorded error is answered with its status, headers and body (the SDK raises what it raised then); a recorded GET is answered too', async () => {
    const server = await startListening(['serve', recordings(), '--port', '0']);
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test', maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] }).then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).error).toMatchObject({ code: 'rate_limit_exceeded' });
    const models = await fetch(`${server.url}/v1/models`);
    expect(models.status).toBe(200);
    // A header recorded as [redacted] is not sent again.
    expect(models.headers.get('set-cookie')).toBeNull();
    expect(await models.json()).toEqual({ object: 'list', data: [] });
  });

  test('a request no recording answers: 404 in the API error shape, naming what was recorded', async () => {
    const server = await startListening(['serve', recordings(), '--port', '0']);
    const response = await fetch(`${server.url}/v1/images/generations`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'No recording answers POST /v1/images/generations; recorded: POST /v1/responses, GET /v1/models, POST /v1/chat/completions', type: 'invalid_request_error', param: null, code: 'not_found' },
    });
  });

  test('a folder with no capture: exit 3, named', () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const result = runBin(['serve', empty, '--port', '0']);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`respcat: ${empty}: the folder holds no capture (respcat record --out writes <n>-<path>[-<model>].sse files)\n`);
  });
});
