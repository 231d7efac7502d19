import { join } from 'node:path';
import { BedrockRuntimeClient, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt } from '../support/binary.js';
import { inspectJson } from '../support/fake-io.js';
import { SAMPLES } from '../support/samples.js';
import { killServers, rawPost, startServe } from './serve-support.js';

// The AWS SDK's own Bedrock client against `respcat serve` on loopback (docs/spec.md §9): its endpoint pointed at the
// server, dummy credentials (it signs the request; serve does not check), ConverseStream decoded by the SDK's codec.
// The client's default handler speaks HTTP/2 only (h2c on an http:// endpoint), which serve does not: it is given
// the SDK's own HTTP/1.1 handler, as a client behind an HTTP/1.1 proxy would be.
const BEDROCK = join(SAMPLES, 'bedrock');

beforeAll(ensureBuilt);
afterEach(killServers);

/** Streams one ConverseStream call: every event the SDK decoded, the text it joins, and the error that ended it. */
async function converse(url: string): Promise<{ events: ConverseStreamOutput[]; text: string; error: unknown }> {
  const client = new BedrockRuntimeClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
  });
  const events: ConverseStreamOutput[] = [];
  let text = '';
  try {
    const response = await client.send(
      new ConverseStreamCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }),
    );
    for await (const event of response.stream ?? []) {
      events.push(event);
      text += event.contentBlockDelta?.delta?.text ?? '';
    }
    return { events, text, error: null };
  } catch (error) {
    return { events, text, error };
  } finally {
    client.destroy();
  }
}

/** Each event as the name of its one member (`contentBlockDelta`). */
const names = (events: readonly ConverseStreamOutput[]): string[] => events.map((event) => Object.keys(event).filter((key) => key !== '$unknown')[0] ?? '?');

describe('the AWS SDK BedrockRuntimeClient against respcat serve', () => {
  test('ConverseStream decodes every event of a binary capture, and joins the text inspect reads', async () => {
    const capture = join(BEDROCK, 'text.eventstream');
    const server = await startServe([capture, '--port', '0']);
    const { events, text, error } = await converse(server.url);
    expect(error).toBe(null);
    const { report } = await inspectJson(capture);
    expect(names(events)).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
    expect(events.length).toBe(report.events);
    expect(text).toBe(report.responses[0]?.text);
    expect(text).toBe('The Moon is about 384,400 km from Earth.');
    expect(events.at(-2)?.messageStop?.stopReason).toBe('end_turn');
    expect(events.at(-1)?.metadata).toMatchObject({ usage: { inputTokens: 18, outputTokens: 14, totalTokens: 32 }, metrics: { latencyMs: 412 } });
    expect(await server.stop()).toBe(0);
    expect(server.stderr()).toMatch(/POST \/model\/anthropic\.claude-3-5-haiku-20241022-v1%3A0\/converse-stream → 200 · 1212 bytes · \d+ ms · text\.eventstream\n/);
  });

  test('a tool use and reasoning decode as the SDK types them', async () => {
    const server = await startServe([join(BEDROCK, 'tool-use.eventstream'), join(BEDROCK, 'reasoning.eventstream'), '--port', '0']);
    const tool = await converse(server.url);
    expect(tool.error).toBe(null);
    expect(tool.events.find((event) => event.contentBlockStart !== undefined)?.contentBlockStart).toEqual({
      contentBlockIndex: 1,
      start: { toolUse: { toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'get_weather' } },
    });
    expect(tool.events.map((event) => event.contentBlockDelta?.delta?.toolUse?.input ?? '').join('')).toBe('{"city": "Paris", "unit": "celsius"}');
    const reasoning = await converse(server.url);
    expect(reasoning.error).toBe(null);
    const deltas = reasoning.events.map((event) => event.contentBlockDelta?.delta?.reasoningContent).filter((delta) => delta !== undefined);
    expect(deltas.map((delta) => delta.text ?? '').join('')).toBe('The user asks for 17 × 23. 17 × 20 = 340, 17 × 3 = 51, so 391.');
    expect(deltas.some((delta) => typeof delta.signature === 'string')).toBe(true);
    // A blob member: the SDK hands it over as bytes.
    expect(deltas.find((delta) => delta.redactedContent !== undefined)?.redactedContent).toBeInstanceOf(Uint8Array);
    expect(reasoning.text).toBe('17 × 23 = 391.');
    await server.stop();
  });

  test('an SDK JSON-lines log is served as the binary event stream the SDK reads', async () => {
    const capture = join(BEDROCK, 'sdk-log.jsonl');
    const server = await startServe([capture, '--port', '0']);
    const { events, text, error } = await converse(server.url);
    expect(error).toBe(null);
    expect(names(events)).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockDelta',
      'contentBlockStop',
      'contentBlockStart',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(text).toBe((await inspectJson(capture)).report.responses[0]?.text);
    await server.stop();
  });

  test('an exception in the capture is thrown by the SDK as its exception class, with its message', async () => {
    const server = await startServe([join(BEDROCK, 'model-stream-error.eventstream'), '--port', '0']);
    const { events, text, error } = await converse(server.url);
    expect(names(events)).toEqual(['messageStart', 'contentBlockDelta']);
    expect(text).toBe('Partial ans');
    expect(error).toMatchObject({ name: 'ModelStreamErrorException', message: 'Model stream error: the model stopped sending.' });
    await server.stop();
  });

  test('--cut-after 3: the SDK gets three events, then its iteration throws', async () => {
    const server = await startServe([join(BEDROCK, 'text.eventstream'), '--port', '0', '--cut-after', '3']);
    const { events, text, error } = await converse(server.url);
    expect(names(events)).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
    expect(text).toBe('The Moon is about 384,400 km');
    // The dropped connection reaches the SDK's iteration as Node's own socket error.
    expect(error).toMatchObject({ code: 'ECONNRESET', message: 'aborted' });
    await server.stop();
    expect(server.stderr()).toMatch(/cut after 3 events/);
  });

  test('--rechunk 7 splits messages anywhere; the SDK still decodes every one', async () => {
    const server = await startServe([join(BEDROCK, 'text.eventstream'), '--port', '0', '--rechunk', '7']);
    const { events, text, error } = await converse(server.url);
    expect(error).toBe(null);
    expect(events).toHaveLength(7);
    expect(text).toBe('The Moon is about 384,400 km from Earth.');
    await server.stop();
  });

  test('the answer is application/vnd.amazon.eventstream, byte for byte the capture it re-encodes', async () => {
    const server = await startServe([join(BEDROCK, 'text.eventstream'), '--port', '0']);
    const answer = await rawPost(server.url, '/model/m/converse-stream');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    const { readFileSync } = await import('node:fs');
    expect(Buffer.concat(answer.chunks.map((chunk) => chunk.bytes))).toEqual(readFileSync(join(BEDROCK, 'text.eventstream')));
    await server.stop();
  });
});
