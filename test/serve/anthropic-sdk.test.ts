import { basename, join } from 'node:path';
import Anthropic, { APIError, NotFoundError, OverloadedError } from '@anthropic-ai/sdk';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { InspectItem, InspectReport } from '../../src/render/inspect-data.js';
import { ensureBuilt } from '../support/binary.js';
import { runCli } from '../support/fake-io.js';
import { listCorpus, ROOT } from '../support/samples.js';
import { killServers, startServe } from './serve-support.js';

beforeAll(ensureBuilt);
afterEach(killServers);

/** The official client against `respcat serve` on loopback: no retries, so a fault is seen once. */
function sdk(url: string): Anthropic {
  return new Anthropic({ baseURL: url, apiKey: 'test', maxRetries: 0, timeout: 15_000 });
}

const REQUEST = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user' as const, content: 'Hello' }] };

/**
 * One streamed request, as an application makes it; resolves with the SDK's final message. The MCP connector is
 * a beta: only the beta stream joins an `mcp_tool_use` block's input, so its capture is read through that one.
 */
function streamed(url: string, beta = false): Promise<Anthropic.Message> {
  if (beta) return sdk(url).beta.messages.stream({ ...REQUEST, betas: ['mcp-client-2025-04-04'] }).finalMessage() as unknown as Promise<Anthropic.Message>;
  return sdk(url).messages.stream(REQUEST).finalMessage();
}

/** Resolves once the server's log matches (the line is written when the connection closes, which may come after the client's error). */
async function logged(server: { stderr(): string }, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pattern.test(server.stderr()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(server.stderr()).toMatch(pattern);
}

async function inspectOf(path: string): Promise<InspectReport['responses'][number]> {
  const { stdout } = await runCli(['inspect', '--json', path]);
  const [response] = (JSON.parse(stdout) as InspectReport).responses;
  expect(response).toBeDefined();
  return response as InspectReport['responses'][number];
}

/** What a content block of the SDK's message says, in the terms inspect reports its item in. */
function blockFacts(block: Anthropic.ContentBlock): Record<string, unknown> {
  const b = block as unknown as Record<string, unknown>;
  switch (block.type) {
    case 'thinking':
      return { type: 'reasoning', reasoningText: block.thinking };
    case 'redacted_thinking':
      return { type: 'reasoning', encryptedContentLength: block.data.length };
    case 'tool_use':
    case 'server_tool_use':
      return { type: block.type === 'tool_use' ? 'function_call' : block.type, id: block.id, name: block.name, input: block.input };
    default:
      if (b.type === 'mcp_tool_use') return { type: b.type, id: b.id, name: b.name, input: b.input };
      return { type: b.type, callId: b.tool_use_id };
  }
}

/** The same facts of an inspect item. */
function itemFacts(item: InspectItem): Record<string, unknown> {
  switch (item.type) {
    case 'reasoning':
      return item.reasoningText !== undefined ? { type: item.type, reasoningText: item.reasoningText } : { type: item.type, encryptedContentLength: item.encryptedContentLength };
    case 'function_call':
    case 'server_tool_use':
    case 'mcp_tool_use':
      return { type: item.type, id: item.id, name: item.name, input: JSON.parse(item.arguments ?? 'null') as unknown };
    default:
      return { type: item.type, callId: item.callId };
  }
}

const WHOLE = ['text', 'thinking-signature', 'redacted-thinking', 'tool-use', 'web-search-citations', 'web-fetch', 'server-tool-errors', 'mcp-tools'].map((name) =>
  join(ROOT, 'samples', 'anthropic', `${name}.sse`),
);
const CORPUS = listCorpus().filter((path) => basename(path).includes('anthropic'));

describe('@anthropic-ai/sdk reads respcat serve on POST /v1/messages (the built binary)', () => {
  test.each([...WHOLE, ...CORPUS].map((path) => [basename(path), path] as const))('%s: finalMessage() text and content blocks are what inspect reports', async (_name, path) => {
    const server = await startServe([path, '--port', '0']);
    const message = await streamed(server.url, basename(path).startsWith('mcp-'));
    const report = await inspectOf(path);
    expect([message.id, message.model, message.stop_reason]).toEqual([report.id, report.model, report.items.find((i) => i.type === 'message')?.finishReason ?? message.stop_reason]);
    const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(text).toBe(report.text);
    expect(message.content.filter((block) => block.type !== 'text').map(blockFacts)).toEqual(report.items.filter((item) => item.type !== 'message').map(itemFacts));
    const citations = message.content.flatMap((block) => (block.type === 'text' ? (block.citations ?? []) : []));
    expect(citations).toEqual(report.items.find((item) => item.type === 'message')?.annotations ?? []);
    expect(message.usage.output_tokens).toBe(report.usage?.output_tokens);
    expect(message.usage.input_tokens + (message.usage.cache_read_input_tokens ?? 0) + (message.usage.cache_creation_input_tokens ?? 0)).toBe(report.usage?.input_tokens);
    await logged(server, /POST \/v1\/messages → 200/);
  });

  test('--cut-after 4: the connection drops before message_stop and the SDK throws', async () => {
    const server = await startServe([join(ROOT, 'samples/anthropic/text.sse'), '--port', '0', '--cut-after', '4']);
    await expect(streamed(server.url)).rejects.toThrow();
    // What was sent is four whole events: respcat reads it as cut off, as the SDK did.
    await logged(server, /POST \/v1\/messages → 200 · \d+ bytes · \d+ ms · text\.sse · cut after 4 events/);
  });

  test('--status 529: the SDK raises its OverloadedError with the overloaded_error body', async () => {
    const server = await startServe([join(ROOT, 'samples/anthropic/text.sse'), '--port', '0', '--status', '529']);
    const error = await streamed(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverloadedError);
    expect((error as OverloadedError).status).toBe(529);
    expect((error as OverloadedError).error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded (respcat serve --status 529)' } });
  });

  test('--match model: a model no capture is of is the SDK\'s NotFoundError, in Anthropic\'s error shape', async () => {
    const server = await startServe([join(ROOT, 'samples/anthropic/text.sse'), '--port', '0', '--match', 'model']);
    const error = await sdk(server.url).messages.create({ ...REQUEST, model: 'claude-opus-4-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).error).toMatchObject({ type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('claude-sonnet-4-5-20250929') } });
    // The model it has is served: a request for it (or a prefix of it) gets the capture.
    expect((await streamed(server.url)).id).toBe('msg_01TextOnlyA1b2C3d4E5f6G7h8');
  });

  test('an error event after the 200 (overloaded_error): the SDK raises it with its type and message', async () => {
    const server = await startServe([join(ROOT, 'samples/anthropic/overloaded-error.sse'), '--port', '0']);
    const error = await streamed(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).error).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  });

  test('--rechunk 5 and --delay: the same final message', async () => {
    const path = join(ROOT, 'samples/anthropic/web-search-citations.sse');
    const server = await startServe([path, '--port', '0', '--rechunk', '5', '--delay', '5']);
    const message = await streamed(server.url);
    expect(message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('')).toBe((await inspectOf(path)).text);
  });
});
