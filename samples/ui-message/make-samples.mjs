// Writes the AI SDK UI message stream samples of this folder: `node samples/ui-message/make-samples.mjs` from the
// project root. Every chunk follows the `ai` package's `uiMessageChunkSchema` (ai-sdk.dev "Stream Protocols");
// test/families/ui-message.test.ts checks each sample's chunks against that schema. Ids, texts and numbers are
// made up; none of these was captured.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const DIR = fileURLToPath(new URL('.', import.meta.url));

/** A small RGB PNG of coloured squares, as base64. */
function png(width, height, tint) {
  const image = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  image.data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    image.data[i * 3] = (x * 16 + tint) & 0xff;
    image.data[i * 3 + 1] = (y * 16 + tint) & 0xff;
    image.data[i * 3 + 2] = ((x ^ y) * 16) & 0xff;
  }
  return PNG.sync.write(image, { colorType: 2, inputColorType: 2, inputHasAlpha: false }).toString('base64');
}

/** The wire: `data: {json}` and a blank line per chunk (the AI SDK's JsonToSseTransformStream), `data: [DONE]` last. */
const sse = (...streams) => streams.map((chunks) => `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`).join('');
const text = (id, ...deltas) => [{ type: 'text-start', id }, ...deltas.map((delta) => ({ type: 'text-delta', id, delta })), { type: 'text-end', id }];
const usage = { inputTokens: 412, outputTokens: 57, totalTokens: 469, reasoningTokens: 12, cachedInputTokens: 128 };

const samples = {
  'text-reasoning.sse': sse([
    { type: 'start', messageId: 'msg_7QfK2r9WzT', messageMetadata: { model: 'gpt-5-mini' } },
    { type: 'start-step' },
    { type: 'reasoning-start', id: 'rs_1' },
    { type: 'reasoning-delta', id: 'rs_1', delta: 'The user wants a haiku ' },
    { type: 'reasoning-delta', id: 'rs_1', delta: 'about autumn.' },
    { type: 'reasoning-end', id: 'rs_1' },
    ...text('txt_1', 'Crisp leaves drift and fall,\n', 'amber light on the cold stream —\n', 'the year exhales slow.'),
    { type: 'finish-step' },
    { type: 'finish', finishReason: 'stop', messageMetadata: { model: 'gpt-5-mini', totalUsage: usage } },
  ]),
  'tool-calls.sse': sse([
    { type: 'start', messageId: 'msg_Tl4mB8xQ' },
    { type: 'start-step' },
    ...text('txt_a', 'Let me check the weather in Oslo.'),
    { type: 'tool-input-start', toolCallId: 'call_Wx81', toolName: 'get_weather' },
    { type: 'tool-input-delta', toolCallId: 'call_Wx81', inputTextDelta: '{"city":' },
    { type: 'tool-input-delta', toolCallId: 'call_Wx81', inputTextDelta: '"Oslo","unit"' },
    { type: 'tool-input-delta', toolCallId: 'call_Wx81', inputTextDelta: ':"celsius"}' },
    { type: 'tool-input-available', toolCallId: 'call_Wx81', toolName: 'get_weather', input: { city: 'Oslo', unit: 'celsius' } },
    { type: 'tool-output-available', toolCallId: 'call_Wx81', output: { status: 'fetching' }, preliminary: true },
    { type: 'tool-output-available', toolCallId: 'call_Wx81', output: { temperature: 7, sky: 'overcast' } },
    { type: 'tool-input-available', toolCallId: 'call_Tz02', toolName: 'get_time', input: { zone: 'Europe/Oslo' } },
    { type: 'tool-output-error', toolCallId: 'call_Tz02', errorText: 'Time service unavailable' },
    { type: 'finish-step' },
    { type: 'start-step' },
    ...text('txt_b', 'It is 7 °C and overcast in Oslo.'),
    { type: 'finish-step' },
    { type: 'finish', finishReason: 'stop' },
  ]),
  'approval-then-denied.sse': sse(
    [
      { type: 'start', messageId: 'msg_Ap1' },
      { type: 'start-step' },
      { type: 'tool-input-start', toolCallId: 'call_Rm9', toolName: 'delete_file' },
      { type: 'tool-input-delta', toolCallId: 'call_Rm9', inputTextDelta: '{"path":"/tmp/report.txt"}' },
      { type: 'tool-input-available', toolCallId: 'call_Rm9', toolName: 'delete_file', input: { path: '/tmp/report.txt' } },
      { type: 'tool-approval-request', approvalId: 'appr_5c1', toolCallId: 'call_Rm9' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'tool-calls' },
    ],
    [
      { type: 'start', messageId: 'msg_Ap1' },
      { type: 'start-step' },
      { type: 'tool-output-denied', toolCallId: 'call_Rm9' },
      ...text('txt_d', 'Understood, I left the file alone.'),
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'stop' },
    ],
  ),
  'sources-files-data.sse': sse([
    { type: 'start', messageId: 'msg_Src3' },
    { type: 'data-status', id: 'status-1', data: { stage: 'searching' } },
    { type: 'start-step' },
    { type: 'source-url', sourceId: 'src_1', url: 'https://example.com/aurora', title: 'Aurora forecast' },
    { type: 'source-document', sourceId: 'src_2', mediaType: 'application/pdf', title: 'Field notes', filename: 'notes.pdf' },
    ...text('txt_s', 'Here is tonight’s aurora map.'),
    { type: 'file', url: `data:image/png;base64,${png(16, 12, 40)}`, mediaType: 'image/png' },
    { type: 'file', url: 'https://example.com/aurora.csv', mediaType: 'text/csv' },
    { type: 'data-status', id: 'status-1', data: { stage: 'done', results: 2 } },
    { type: 'data-notification', data: { message: 'Map ready' }, transient: true },
    { type: 'message-metadata', messageMetadata: { model: 'claude-sonnet-4-5' } },
    { type: 'finish-step' },
    { type: 'finish', finishReason: 'stop' },
  ]),
  'cut-off.sse': `${[
    { type: 'start', messageId: 'msg_Cut4' },
    { type: 'start-step' },
    { type: 'text-start', id: 'txt_c' },
    { type: 'text-delta', id: 'txt_c', delta: 'The three largest moons of Jupiter are' },
    { type: 'text-delta', id: 'txt_c', delta: ' Ganymede, Callisto and' },
  ]
    .map((c) => `data: ${JSON.stringify(c)}\n\n`)
    .join('')}`,
  'error.sse': sse([
    { type: 'start', messageId: 'msg_Err5' },
    { type: 'start-step' },
    { type: 'text-start', id: 'txt_e' },
    { type: 'text-delta', id: 'txt_e', delta: 'Working on it' },
    { type: 'error', errorText: 'Rate limit exceeded for model gpt-5-mini; retry in 20 s' },
  ]),
  'abort.sse': sse([
    { type: 'start', messageId: 'msg_Ab6' },
    { type: 'start-step' },
    ...text('txt_x', 'Chapter one. It was a dark'),
    { type: 'abort', reason: 'user pressed stop' },
  ]),
  'finish-length.sse': sse([
    { type: 'start', messageId: 'msg_Len7' },
    { type: 'start-step' },
    ...text('txt_l', 'A list of primes: 2, 3, 5, 7, 11, 13,'),
    { type: 'finish-step' },
    { type: 'finish', finishReason: 'length' },
  ]),
  'error-only.sse': sse([{ type: 'error', errorText: 'An error occurred.' }]),
  'tool-input-error.sse': sse([
    { type: 'start', messageId: 'msg_Bad8' },
    { type: 'start-step' },
    { type: 'tool-input-start', toolCallId: 'call_Bd1', toolName: 'search' },
    { type: 'tool-input-delta', toolCallId: 'call_Bd1', inputTextDelta: '{"query": "aurora tonight' },
    { type: 'tool-input-error', toolCallId: 'call_Bd1', toolName: 'search', input: '{"query": "aurora tonight', errorText: 'Invalid input for tool search: JSON parsing failed' },
    { type: 'finish-step' },
    { type: 'start-step' },
    ...text('txt_r', 'Sorry, that search went wrong.'),
    { type: 'finish-step' },
    { type: 'finish', finishReason: 'stop' },
  ]),
  // Each family's stream in one input, the `error` type in both shapes: each goes to the stream in flight.
  'mixed-families.sse': [
    'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_mix1","object":"response","status":"in_progress","model":"gpt-4.1-mini","output":[]}}\n\n',
    'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"From the Responses API."}\n\n',
    'event: response.completed\ndata: {"type":"response.completed","sequence_number":2,"response":{"id":"resp_mix1","object":"response","status":"completed","model":"gpt-4.1-mini","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"From the Responses API.","annotations":[]}]}]}}\n\n',
    sse([{ type: 'start', messageId: 'msg_Mix2' }, ...text('t1', 'From a UI stream, until'), { type: 'error', code: 'server_error', message: 'upstream failed' }]),
    '{"model":"llama3.2","created_at":"2026-01-12T09:30:00.123Z","message":{"role":"assistant","content":"From Ollama."},"done":false}\n',
    '{"model":"llama3.2","created_at":"2026-01-12T09:30:00.456Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":4,"total_duration":120000000,"eval_duration":80000000}\n',
    sse([{ type: 'start', messageId: 'msg_Mix3' }, ...text('t2', 'And a UI stream again.'), { type: 'error', errorText: 'stream closed by the app' }]),
  ].join(''),
};

for (const [name, body] of Object.entries(samples)) writeFileSync(join(DIR, name), body);
