// Writes the timed samples and their `.timing` sidecars: `node samples/timing/make-timing.mjs` from the project
// root (seed-timed.sse here, ../check/slow-stream.sse for the check rule). Each sidecar has one chunk per event (as `respcat record` sees a server that flushes
// each event), at the times given here.
import { readFileSync, writeFileSync } from 'node:fs';

const here = new URL('.', import.meta.url);

/** Writes `name` from its chunks and `name.timing` with one `{t, n}` line per chunk. */
function write(name, chunks) {
  const bytes = chunks.map(([, text]) => Buffer.from(text, 'utf8'));
  writeFileSync(new URL(name, here), Buffer.concat(bytes));
  writeFileSync(new URL(`${name}.timing`, here), chunks.map(([t], i) => `${JSON.stringify({ t, n: bytes[i].length })}\n`).join(''));
}

// The seed, byte for byte, as if it had streamed: the partial images over a second apart, 1.2 s of silence
// before the message, then the text at 25 ms a delta.
const seed = readFileSync(new URL('../seed-image-gen.sse', here), 'utf8').split(/(?<=\n)/);
const seedTimes = [0, 30, 60, 90, 120, 1400, 2600, 2650, 2700, 3900];
write(
  'seed-timed.sse',
  seed.map((line, i) => [seedTimes[i] ?? 3900 + 25 * (i - seedTimes.length + 1), line]),
);

// A text answer that stalls for 2 s before its fifth delta (event 8, line 26): `check --max-gap` finds it.
const id = 'resp_timing_stall_0001';
const msg = 'msg_timing_stall_0001';
const response = (status, extra = {}) => ({ id, object: 'response', created_at: 1760000000, status, error: null, incomplete_details: null, model: 'gpt-4.1-mini-2025-04-14', output: [], usage: null, ...extra });
const words = ['The', ' stream', ' pauses', ' here', ' for', ' two', ' seconds', ' and', ' then', ' goes', ' on.'];
const text = words.join('');
let seq = 0;
const events = [
  { type: 'response.created', response: response('in_progress') },
  { type: 'response.in_progress', response: response('in_progress') },
  { type: 'response.output_item.added', output_index: 0, item: { id: msg, type: 'message', status: 'in_progress', content: [], role: 'assistant' } },
  { type: 'response.content_part.added', item_id: msg, output_index: 0, content_index: 0, part: { type: 'output_text', annotations: [], text: '' } },
  ...words.map((delta) => ({ type: 'response.output_text.delta', item_id: msg, output_index: 0, content_index: 0, delta })),
  { type: 'response.output_text.done', item_id: msg, output_index: 0, content_index: 0, text },
  { type: 'response.content_part.done', item_id: msg, output_index: 0, content_index: 0, part: { type: 'output_text', annotations: [], text } },
  { type: 'response.output_item.done', output_index: 0, item: { id: msg, type: 'message', status: 'completed', content: [{ type: 'output_text', annotations: [], text }], role: 'assistant' } },
  {
    type: 'response.completed',
    response: response('completed', {
      output: [{ id: msg, type: 'message', status: 'completed', content: [{ type: 'output_text', annotations: [], text }], role: 'assistant' }],
      usage: { input_tokens: 12, input_tokens_details: { cached_tokens: 0 }, output_tokens: 11, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 23 },
    }),
  },
];
let t = 0;
write(
  '../check/slow-stream.sse',
  events.map((event, i) => {
    const block = `event: ${event.type}\ndata: ${JSON.stringify({ type: event.type, sequence_number: seq++, ...event })}\n\n`;
    // Events 0–3 and the first four deltas 40 ms apart; the fifth delta (" for", event 8) after 2 s.
    t += i === 0 ? 180 : i === 8 ? 2000 : 40;
    return [t - 180, block];
  }),
);
