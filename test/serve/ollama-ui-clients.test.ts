import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import { Ollama, type ChatResponse } from 'ollama';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../support/binary.js';
import { inspectJson } from '../support/fake-io.js';
import { SAMPLES } from '../support/samples.js';
import { killServers, rawPost, startServe } from './serve-support.js';

// The clients people point at these servers, against `respcat serve` on loopback (docs/spec.md §9): the `ollama`
// npm client for Ollama's NDJSON, the AI SDK's own transport and `readUIMessageStream` for the UI message stream.
const OLLAMA = join(SAMPLES, 'ollama');
const UI = join(SAMPLES, 'ui-message');

beforeAll(ensureBuilt);
afterEach(killServers);

/** What inspect says a capture's first response's text is: what a client must join. */
async function inspectedText(path: string): Promise<string> {
  const { report } = await inspectJson(path);
  return report.responses[0]?.text ?? '';
}

/** Streams one chat through the ollama client: the joined content, the last part, and the error that ended it. */
async function ollamaChat(url: string): Promise<{ text: string; last: ChatResponse | null; error: unknown }> {
  const client = new Ollama({ host: url });
  let text = '';
  let last: ChatResponse | null = null;
  try {
    for await (const part of await client.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'Why is the sky blue?' }], stream: true })) {
      text += part.message.content;
      last = part;
    }
    return { text, last, error: null };
  } catch (error) {
    return { text, last, error };
  }
}

/** Reads one served UI message stream the way `useChat` does: the AI SDK's transport, then `readUIMessageStream`. */
async function readUi(url: string): Promise<{ messages: UIMessage[]; error: unknown }> {
  const messages: UIMessage[] = [];
  try {
    const transport = new DefaultChatTransport({ api: `${url}/api/chat` });
    const stream = await transport.sendMessages({ trigger: 'submit-message', chatId: 'chat-1', messageId: undefined, messages: [], abortSignal: undefined });
    for await (const message of readUIMessageStream({ stream, terminateOnError: true })) messages.push(structuredClone(message));
    return { messages, error: null };
  } catch (error) {
    return { messages, error };
  }
}

describe('the ollama npm client against respcat serve', () => {
  test('chat({stream: true}) joins the text inspect reads, and gets the done line with its counts', async () => {
    const capture = join(OLLAMA, 'chat.ndjson');
    const server = await startServe([capture, '--port', '0']);
    const { text, last, error } = await ollamaChat(server.url);
    expect(error).toBe(null);
    expect(text).toBe(await inspectedText(capture));
    expect(text).toBe('The sky is blue because air scatters short (blue) light more than long (red) light.');
    expect(last).toMatchObject({ done: true, done_reason: 'stop', prompt_eval_count: 26, eval_count: 282 });
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toMatch(/POST \/api\/chat → 200 · 860 bytes · \d+ ms · chat\.ndjson\n/);
  });

  test('generate({stream: true}) joins the response and the thinking', async () => {
    const capture = join(OLLAMA, 'generate.ndjson');
    const server = await startServe([capture, '--port', '0']);
    const client = new Ollama({ host: server.url });
    let response = '';
    let thinking = '';
    for await (const part of await client.generate({ model: 'deepseek-r1:7b', prompt: '2+2?', stream: true })) {
      response += part.response;
      thinking += part.thinking ?? '';
    }
    expect(response).toBe(await inspectedText(capture));
    expect(response).toBe('2 + 2 = 4');
    expect(thinking).toBe('Two plus two is four.');
  });

  test.each([
    ['--rechunk', '7'],
    ['--reframe'],
    ['--delay', '5'],
    ['--strip-blank-lines'],
  ])('%s keeps the NDJSON the client reads whole', async (...fault) => {
    const capture = join(OLLAMA, 'chat-thinking-tools.ndjson');
    const server = await startServe([capture, '--port', '0', ...fault]);
    const client = new Ollama({ host: server.url });
    const parts: ChatResponse[] = [];
    for await (const part of await client.chat({ model: 'qwen3:8b', messages: [], stream: true })) parts.push(part);
    expect(parts.map((p) => p.message.thinking ?? '').join('')).toBe('The user asks for the weather; I should call get_weather.');
    expect(parts.flatMap((p) => p.message.tool_calls ?? []).map((call) => [call.function.name, call.function.arguments])).toEqual([
      ['get_weather', { city: 'Toronto', unit: 'celsius' }],
      ['get_time', { zone: 'America/Toronto' }],
    ]);
    expect(parts.at(-1)?.done).toBe(true);
  });

  test('--cut-after 2: the client sees two lines, then fails on the dropped connection', async () => {
    const server = await startServe([join(OLLAMA, 'chat.ndjson'), '--port', '0', '--cut-after', '2']);
    const { text, error } = await ollamaChat(server.url);
    expect(text).toBe('The sky is blue because');
    // fetch's word for a body that ended without its last chunk.
    expect((error as Error).message).toBe('terminated');
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toMatch(/POST \/api\/chat → 200 · \d+ bytes · \d+ ms · chat\.ndjson · cut after 2 events\n/);
  });

  test('an error line in the capture is the error the client throws', async () => {
    const server = await startServe([join(OLLAMA, 'chat-error.ndjson'), '--port', '0']);
    const { text, error } = await ollamaChat(server.url);
    expect(text).toBe('Let me think');
    expect((error as Error).message).toBe('an error was encountered while running the model: CUDA error: out of memory');
  });

  test("--status 429 answers in Ollama's error shape, which the client throws with its status", async () => {
    const server = await startServe([join(OLLAMA, 'chat.ndjson'), '--port', '0', '--status', '429']);
    const { error } = await ollamaChat(server.url);
    expect(error).toMatchObject({ name: 'ResponseError', status_code: 429, error: 'Rate limit reached for requests (respcat serve --status 429)' });
  });

  test('an Ollama capture saved as SSE data: lines is served reframed as JSON lines, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'respcat-ollama-sse-'));
    const capture = join(dir, 'chat-as-sse.sse');
    const lines = readFileSync(join(OLLAMA, 'chat.ndjson'), 'utf8').split('\n').filter((line) => line !== '');
    writeFileSync(capture, lines.map((line) => `data: ${line}\n\n`).join(''));
    try {
      const server = await startServe([capture, '--port', '0']);
      const { text, error } = await ollamaChat(server.url);
      expect(error).toBe(null);
      expect(text).toBe(await inspectedText(join(OLLAMA, 'chat.ndjson')));
      expect(server.stderr()).toContain(
        `respcat: ${capture}: its events are SSE data: lines, not JSON lines, which NDJSON clients (the ollama client) cannot read: served reframed as JSON lines (--no-reframe sends its bytes as they are)\n`,
      );
      const asIs = await startServe([capture, '--port', '0', '--no-reframe']);
      const raw = await rawPost(asIs.url, '/api/chat');
      expect(Buffer.concat(raw.chunks.map((c) => c.bytes)).equals(readFileSync(capture))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the answer is application/x-ndjson, its bytes as recorded', async () => {
    const server = await startServe([join(OLLAMA, 'generate.ndjson'), '--port', '0']);
    const answer = await rawPost(server.url, '/api/generate', '{"model":"deepseek-r1:7b","prompt":"2+2?"}');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/x-ndjson');
    expect(Buffer.concat(answer.chunks.map((c) => c.bytes)).equals(readFileSync(join(OLLAMA, 'generate.ndjson')))).toBe(true);
  });
});

describe("the AI SDK's UI message stream reader against respcat serve", () => {
  test('DefaultChatTransport + readUIMessageStream build the message: text, tool calls with their input and output or error', async () => {
    const capture = join(UI, 'tool-calls.sse');
    const server = await startServe([capture, '--port', '0']);
    const { messages, error } = await readUi(server.url);
    expect(error).toBe(null);
    const message = messages.at(-1);
    expect(message?.id).toBe('msg_Tl4mB8xQ');
    const parts = message?.parts ?? [];
    const text = parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
    expect(text).toBe(await inspectedText(capture));
    expect(parts.filter((p) => p.type.startsWith('tool-'))).toMatchObject([
      { type: 'tool-get_weather', toolCallId: 'call_Wx81', state: 'output-available', input: { city: 'Oslo', unit: 'celsius' }, output: { temperature: 7, sky: 'overcast' } },
      { type: 'tool-get_time', toolCallId: 'call_Tz02', state: 'output-error', errorText: 'Time service unavailable' },
    ]);
    const answer = await rawPost(server.url, '/api/chat');
    expect(answer.headers['x-vercel-ai-ui-message-stream']).toBe('v1');
    expect(answer.headers['content-type']).toBe('text/event-stream');
  });

  test('reasoning, sources, files and data parts arrive as the parts inspect counts', async () => {
    const server = await startServe([join(UI, 'sources-files-data.sse'), join(UI, 'text-reasoning.sse'), '--port', '0']);
    const sources = (await readUi(server.url)).messages.at(-1)?.parts ?? [];
    expect(sources.map((p) => p.type)).toEqual(['data-status', 'step-start', 'source-url', 'source-document', 'text', 'file', 'file']);
    expect(sources.find((p) => p.type === 'data-status')).toMatchObject({ id: 'status-1', data: { stage: 'done', results: 2 } });
    const reasoning = (await readUi(server.url)).messages.at(-1)?.parts ?? [];
    expect(reasoning.find((p) => p.type === 'reasoning')).toMatchObject({ text: 'The user wants a haiku about autumn.', state: 'done' });
    expect(reasoning.find((p) => p.type === 'text')).toMatchObject({ text: await inspectedText(join(UI, 'text-reasoning.sse')) });
  });

  test.each([['--rechunk', '5'], ['--reframe'], ['--delay', '5']])('%s: the reader builds the same message', async (...fault) => {
    const capture = join(UI, 'tool-calls.sse');
    const server = await startServe([capture, '--port', '0', ...fault]);
    const { messages, error } = await readUi(server.url);
    expect(error).toBe(null);
    const parts = messages.at(-1)?.parts ?? [];
    expect(parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('')).toBe(await inspectedText(capture));
    expect(parts.filter((p) => p.type.startsWith('tool-')).map((p) => (p as { state: string }).state)).toEqual(['output-available', 'output-error']);
  });

  test('--strip-blank-lines: no blank line dispatches an SSE event, so the reader gets no chunk at all', async () => {
    const server = await startServe([join(UI, 'tool-calls.sse'), '--port', '0', '--strip-blank-lines']);
    const { messages, error } = await readUi(server.url);
    expect(error).toBe(null);
    expect(messages).toEqual([]);
  });

  test("the capture's error chunk is the error the reader throws", async () => {
    const server = await startServe([join(UI, 'error.sse'), '--port', '0']);
    const { messages, error } = await readUi(server.url);
    expect((error as Error).message).toBe('Rate limit exceeded for model gpt-5-mini; retry in 20 s');
    expect(messages.at(-1)?.parts.find((p) => p.type === 'text')).toMatchObject({ text: 'Working on it' });
  });

  test('--cut-after 4 drops the connection after four chunks: the reader has the text so far and fails', async () => {
    const server = await startServe([join(UI, 'text-reasoning.sse'), '--port', '0', '--cut-after', '4']);
    const { messages, error } = await readUi(server.url);
    expect(error).toBeInstanceOf(Error);
    expect(messages.at(-1)?.parts.find((p) => p.type === 'reasoning')).toMatchObject({ text: 'The user wants a haiku ' });
  });
});
