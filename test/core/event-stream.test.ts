import { EventStreamCodec } from '@smithy/core/event-streams';
import { describe, expect, test } from 'vitest';
import { createFramer, type Frame } from '../../src/core/sse.js';
import { decodeEventStreamMessage } from '../../src/input/event-stream-codec.js';
import { chunkings } from '../support/chunkings.js';

// The binary AWS event stream framing (docs/spec.md §2): messages cut from any chunking by their prelude, read by
// the AWS SDK's codec, positions at byte offsets (line 0), CRC failures found and stepped over.
const codec = new EventStreamCodec((bytes) => new TextDecoder().decode(bytes), (text) => new TextEncoder().encode(text));
const s = (value: string) => ({ type: 'string' as const, value });
const event = (name: string, body: object): Uint8Array =>
  codec.encode({ headers: { ':message-type': s('event'), ':event-type': s(name), ':content-type': s('application/json') }, body: new TextEncoder().encode(JSON.stringify(body)) });
const exception = (name: string, message: string): Uint8Array =>
  codec.encode({ headers: { ':message-type': s('exception'), ':exception-type': s(name) }, body: new TextEncoder().encode(JSON.stringify({ message })) });
const join = (parts: readonly Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

/** Every frame of an input as text: payloads as `byte:json`, diagnostics as `line:byte:code:message`. */
function frames(chunks: readonly Uint8Array[], options: Parameters<typeof createFramer>[1] = { decodeEventStream: decodeEventStreamMessage }) {
  const out: string[] = [];
  let pending = 0;
  const framer = createFramer((frame: Frame) => {
    if (frame.kind === 'payload') out.push(`${frame.position.line}:${frame.position.byte}:${frame.eventName}:${new TextDecoder().decode(frame.bytes)}`);
    else if (frame.kind === 'diagnostic') out.push(`${frame.diagnostic.position.line}:${frame.diagnostic.position.byte}:${frame.diagnostic.code}:${frame.diagnostic.message}`);
    else out.push(frame.kind);
  }, options);
  for (const chunk of chunks) {
    framer.feed(chunk);
    pending = Math.max(pending, framer.pendingBytes);
  }
  framer.end();
  return { out, pending, stats: { binary: framer.stats.binary, messages: framer.stats.eventStreamMessages, lines: framer.stats.lines, bytes: framer.stats.bytes } };
}

const start = event('messageStart', { role: 'assistant' });
const delta = event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } });
const stop = event('messageStop', { stopReason: 'end_turn' });

describe('the binary framing', () => {
  test('each message is the payload {"<:event-type>": payload} at its byte offset, line 0', () => {
    const { out, stats } = frames([join([start, delta, stop])]);
    expect(out).toEqual([
      `0:0:messageStart:{"messageStart":{"role":"assistant"}}`,
      `0:${start.length}:contentBlockDelta:{"contentBlockDelta":{"contentBlockIndex":0,"delta":{"text":"Hi"}}}`,
      `0:${start.length + delta.length}:messageStop:{"messageStop":{"stopReason":"end_turn"}}`,
    ]);
    expect(stats).toEqual({ binary: true, messages: 3, lines: 0, bytes: start.length + delta.length + stop.length });
  });

  test('an exception is named by its :exception-type; the generic error by its headers', () => {
    const error = codec.encode({ headers: { ':message-type': s('error'), ':error-code': s('InternalFailure'), ':error-message': s('boom') }, body: new Uint8Array(0) });
    expect(frames([join([exception('throttlingException', 'slow down'), error])]).out).toEqual([
      `0:0:throttlingException:{"throttlingException":{"message":"slow down"}}`,
      `0:${exception('throttlingException', 'slow down').length}:eventStreamError:{"eventStreamError":{"errorCode":"InternalFailure","errorMessage":"boom"}}`,
    ]);
  });

  test('a message CRC and a prelude CRC that fail are findings at their byte offsets; the messages after them are read', () => {
    const badBody = delta.slice();
    badBody[badBody.length - 6] = (badBody[badBody.length - 6] as number) ^ 0x01;
    const badPrelude = delta.slice();
    badPrelude[8] = (badPrelude[8] as number) ^ 0x80;
    const input = join([start, badBody, badPrelude, stop]);
    const { out } = frames([input]);
    expect(out).toHaveLength(4);
    expect(out[1]).toMatch(new RegExp(`^0:${start.length}:invalid-frame:The event stream message of ${delta.length} bytes here is corrupt: its message CRC32 is 0x[0-9a-f]{8}, its bytes give 0x[0-9a-f]{8}$`));
    expect(out[2]).toMatch(new RegExp(`^0:${start.length + delta.length}:invalid-frame:The event stream message of ${delta.length} bytes here is corrupt: its prelude CRC32 is 0x[0-9a-f]{8}, its prelude's bytes give`));
    expect(out[3]).toBe(`0:${start.length + 2 * delta.length}:messageStop:{"messageStop":{"stopReason":"end_turn"}}`);
  });

  test('the same frames however the input is split: whole, byte by byte, every two-way split, random splits', () => {
    const bad = delta.slice();
    bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 0xff;
    const input = join([start, delta, bad, exception('validationException', 'no'), stop, delta.subarray(0, 30)]);
    const expected = frames([input]).out;
    expect(expected.at(-1)).toBe(`0:${input.length - 30}:invalid-frame:The input ends inside the event stream message that starts here, ${delta.length - 30} bytes short of its end`);
    for (const { name, chunks } of chunkings(input, { random: 50 })) expect(frames(chunks).out, name).toEqual(expected);
  });

  test('a message announced over the event limit is skipped as it streams, never held, and the next one read', () => {
    const big = event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'x'.repeat(5000) } });
    const input = join([start, big, stop]);
    for (const { name, chunks } of chunkings(input, { random: 10, maxTwoWay: 50 })) {
      const { out, pending } = frames(chunks, { decodeEventStream: decodeEventStreamMessage, maxEventBytes: 1000 });
      expect(out, name).toEqual([
        `0:0:messageStart:{"messageStart":{"role":"assistant"}}`,
        `0:${start.length}:event-too-large:An event stream message of ${big.length} bytes is over the 1000-byte limit; skipped`,
        `0:${start.length + big.length}:messageStop:{"messageStop":{"stopReason":"end_turn"}}`,
      ]);
      expect(pending, name).toBeLessThanOrEqual(1000);
    }
  });

  test('an absurd total length (4 GiB) allocates nothing: over the limit, passed over as bytes come', () => {
    const prelude = new Uint8Array(12);
    new DataView(prelude.buffer).setUint32(0, 0xfffffff0);
    const { out, pending } = frames([start, prelude, new Uint8Array(1 << 20), new Uint8Array(1 << 20)]);
    expect(out).toEqual([
      `0:0:messageStart:{"messageStart":{"role":"assistant"}}`,
      `0:${start.length}:event-too-large:An event stream message of 4294967280 bytes is over the 268435456-byte limit; skipped`,
      `0:${start.length}:invalid-frame:The input ends inside the event stream message that starts here, ${0xfffffff0 - 12 - 2 * (1 << 20)} bytes short of its end`,
    ]);
    expect(pending).toBe(0);
  });

  test('lengths no message can have stop the framing, said once: the rest is not read', () => {
    const prelude = new Uint8Array(16);
    new DataView(prelude.buffer).setUint32(0, 8);
    const { out } = frames([join([start, prelude, stop])]);
    expect(out).toEqual([
      `0:0:messageStart:{"messageStart":{"role":"assistant"}}`,
      `0:${start.length}:invalid-frame:Expected an event stream message prelude, found total length 8 and headers length 0: the rest of the input is not read`,
    ]);
  });

  test('a reader given no codec says so once, and reads nothing', () => {
    expect(frames([join([start, stop])], {}).out).toEqual(['0:0:invalid-frame:This reader has no event stream decoder: the binary messages are not read']);
  });

  test('only an input that opens with a prelude is binary: NUL bytes with impossible lengths, or too few for a prelude, are text', () => {
    expect(frames([new TextEncoder().encode('{"messageStart":{}}\n')]).stats).toMatchObject({ binary: false, lines: 1 });
    const garbage = new Uint8Array([0, 1, 0x67, 0x61, 0x72, 0x62, 0x61, 0x67, 0x65, 0x0a, 0x6e, 0x6f, 0x0a]);
    for (const { name, chunks } of chunkings(garbage)) {
      const { out, stats } = frames(chunks);
      expect(stats, name).toMatchObject({ binary: false, lines: 2, bytes: garbage.length });
      expect(out.map((line) => line.split(':').slice(0, 3).join(':')), name).toEqual(['1:0:unrecognized-line', '2:10:unrecognized-line']);
    }
    expect(frames([new Uint8Array([0, 0])]).stats).toMatchObject({ binary: false, lines: 1, bytes: 2 });
  });
});
