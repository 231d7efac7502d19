// Writes the Bedrock samples of this folder: `node samples/bedrock/make-samples.mjs` from the project root. The
// events follow the Bedrock Runtime API reference for ConverseStream (`ConverseStreamOutput` and its members, as
// the AWS SDK's @aws-sdk/client-bedrock-runtime types spell them), encoded as the AWS event stream with the AWS
// SDK's own codec (@smithy/core/event-streams: prelude, headers, JSON payload, CRC32s). Bedrock pads each event
// with a `p` field; these do too. Model texts, ids, counts and latencies are made up; none of these was captured.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EventStreamCodec } from '@smithy/core/event-streams';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const codec = new EventStreamCodec((bytes) => new TextDecoder().decode(bytes), (text) => new TextEncoder().encode(text));
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
let pad = 0;
const p = () => PADDING.slice(0, 4 + (pad++ * 7) % 40);

const header = (value) => ({ type: 'string', value });
/** One event message: `{"contentBlockDelta": {…}}` → `:event-type: contentBlockDelta` and the member as its payload. */
function message(event) {
  const [[name, body]] = Object.entries(event);
  const exception = name.endsWith('Exception');
  const headers = exception
    ? { ':message-type': header('exception'), ':exception-type': header(name), ':content-type': header('application/json') }
    : { ':message-type': header('event'), ':event-type': header(name), ':content-type': header('application/json') };
  const payload = exception ? body : { ...body, p: p() };
  return codec.encode({ headers, body: new TextEncoder().encode(JSON.stringify(payload)) });
}
const binary = (events) => Buffer.concat(events.map(message));
const jsonLines = (events) => events.map((event) => `${JSON.stringify(event)}\n`).join('');

const start = { messageStart: { role: 'assistant' } };
const text = (index, t) => ({ contentBlockDelta: { delta: { text: t }, contentBlockIndex: index } });
const stop = (index) => ({ contentBlockStop: { contentBlockIndex: index } });
const end = (stopReason) => ({ messageStop: { stopReason } });
const metadata = (input, output, latencyMs) => ({
  metadata: { usage: { inputTokens: input, outputTokens: output, totalTokens: input + output }, metrics: { latencyMs } },
});
const toolStart = (index, toolUseId, name) => ({ contentBlockStart: { start: { toolUse: { toolUseId, name } }, contentBlockIndex: index } });
const toolInput = (index, input) => ({ contentBlockDelta: { delta: { toolUse: { input } }, contentBlockIndex: index } });
const reasoning = (index, member) => ({ contentBlockDelta: { delta: { reasoningContent: member }, contentBlockIndex: index } });

const textEvents = [start, text(0, 'The Moon'), text(0, ' is about 384,400 km'), text(0, ' from Earth.'), stop(0), end('end_turn'), metadata(18, 14, 412)];

const samples = {
  'text.eventstream': binary(textEvents),
  'tool-use.eventstream': binary([
    start,
    text(0, 'Let me look up the weather.'),
    stop(0),
    toolStart(1, 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', 'get_weather'),
    toolInput(1, ''),
    toolInput(1, '{"city": "Par'),
    toolInput(1, 'is", "unit": "celsius"}'),
    stop(1),
    end('tool_use'),
    metadata(412, 61, 1033),
  ]),
  'reasoning.eventstream': binary([
    start,
    reasoning(0, { text: 'The user asks for 17 × 23. ' }),
    reasoning(0, { text: '17 × 20 = 340, 17 × 3 = 51, so 391.' }),
    reasoning(0, { signature: 'EqoBCkgIARABGAIiQL3Tb0mNkUUqbU8m2HIPyNqg0zjDd5ZsbuNJP3dswo8Np7YIh' }),
    stop(0),
    reasoning(1, { redactedContent: 'RXJyb3IgMjAyNjogdGhpcyByZWFzb25pbmcgd2FzIHJlZGFjdGVkIGJ5IHRoZSBwcm92aWRlci4=' }),
    stop(1),
    text(2, '17 × 23 = 391.'),
    stop(2),
    end('end_turn'),
    metadata(44, 120, 2210),
  ]),
  'citations.eventstream': binary([
    start,
    text(0, 'Bedrock launched in preview in April 2023'),
    { contentBlockDelta: { delta: { citation: { title: 'Announcing Amazon Bedrock', sourceContent: [{ text: 'Amazon Bedrock is now in preview' }], location: { web: { url: 'https://aws.amazon.com/bedrock/', domain: 'aws.amazon.com' } } } }, contentBlockIndex: 0 } },
    text(0, ' and became generally available in September 2023.'),
    stop(0),
    end('end_turn'),
    metadata(230, 22, 870),
  ]),
  'max-tokens.eventstream': binary([start, text(0, 'Here is a long story. Once upon a time, in a'), stop(0), end('max_tokens'), metadata(12, 16, 301)]),
  'guardrail.eventstream': binary([start, text(0, 'Sorry, the model cannot answer that.'), stop(0), end('guardrail_intervened'), metadata(25, 9, 188)]),
  'content-filtered.eventstream': binary([start, text(0, 'I can'), stop(0), end('content_filtered'), metadata(31, 2, 145)]),
  'throttling.eventstream': binary([{ throttlingException: { message: 'Too many requests, please wait before trying again.' } }]),
  'model-stream-error.eventstream': binary([
    start,
    text(0, 'Partial ans'),
    { modelStreamErrorException: { message: 'Model stream error: the model stopped sending.', originalStatusCode: 500, originalMessage: 'upstream reset' } },
  ]),
  'validation.eventstream': binary([{ validationException: { message: 'The model returned the following errors: max_tokens: must be at most 8192' } }]),
  'internal-server.eventstream': binary([start, text(0, 'Hel'), { internalServerException: { message: 'The server encountered an internal error.' } }]),
  'service-unavailable.eventstream': binary([{ serviceUnavailableException: { message: 'Bedrock is unable to process your request.' } }]),
  'cut-off.eventstream': binary([start, text(0, 'The capture stops'), text(0, ' before the message')]),
  'cut-mid-message.eventstream': binary([start, text(0, 'This one stops inside'), text(0, ' a message.')]).subarray(0, -20),
  'invalid-tool-input.eventstream': binary([start, toolStart(0, 'tooluse_bad', 'lookup'), toolInput(0, '{"q": "unterminated'), stop(0), end('tool_use'), metadata(20, 8, 250)]),
  'sdk-log.jsonl': jsonLines([
    { messageStart: { role: 'assistant' } },
    { contentBlockDelta: { delta: { text: 'Saved by an SDK' }, contentBlockIndex: 0 } },
    { contentBlockDelta: { delta: { text: ', one event a line.' }, contentBlockIndex: 0 } },
    { contentBlockStop: { contentBlockIndex: 0 } },
    { contentBlockStart: { start: { toolUse: { toolUseId: 'tooluse_1', name: 'save_note' } }, contentBlockIndex: 1 } },
    { contentBlockDelta: { delta: { toolUse: { input: '{"note":"hi"}' } }, contentBlockIndex: 1 } },
    { contentBlockStop: { contentBlockIndex: 1 } },
    { messageStop: { stopReason: 'tool_use' } },
    { metadata: { usage: { inputTokens: 50, outputTokens: 21, totalTokens: 71 }, metrics: { latencyMs: 640 } } },
  ]),
};

// A capture with one corrupted byte in the payload of its third message (its message CRC fails) and one in the
// prelude CRC of its fifth: both are reported at their byte offsets, and every other message is still read.
{
  const messages = textEvents.map(message);
  const third = messages[2];
  third[third.length - 10] ^= 0x20;
  const fifth = messages[4];
  fifth[9] ^= 0xff;
  samples['corrupt-crc.eventstream'] = Buffer.concat(messages);
}

for (const [name, bytes] of Object.entries(samples)) writeFileSync(join(DIR, name), bytes);

// samples/check's one capture of `invalid-frame`: the second of three messages has a corrupted payload byte.
{
  const messages = [start, text(0, 'Checked'), end('end_turn')].map(message);
  messages[1][messages[1].length - 8] ^= 0x01;
  writeFileSync(join(DIR, '..', 'check', 'invalid-frame.eventstream'), Buffer.concat(messages));
}
