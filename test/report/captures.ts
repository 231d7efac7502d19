import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** An RGB(A) gradient of `width`×`height`, different for each `seed`. */
function pixels(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = (seed * 67) % 256;
      data[i + 3] = 255;
    }
  }
  return data;
}

function png(width: number, height: number, seed: number): string {
  const image = new PNG({ width, height });
  pixels(width, height, seed).copy(image.data);
  return PNG.sync.write(image).toString('base64');
}

function jpg(width: number, height: number, seed: number): string {
  return Buffer.from(jpeg.encode({ data: pixels(width, height, seed), width, height }, 80).data).toString('base64');
}

/** Events as SSE `data:` blocks, numbered. */
function sse(events: readonly Record<string, unknown>[]): string {
  return events.map((event, i) => `data: ${JSON.stringify({ ...event, sequence_number: i })}\n\n`).join('');
}

const response = (id: string, status: string, output: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  id,
  object: 'response',
  created_at: 1760000000,
  status,
  error: null,
  incomplete_details: null,
  model: 'gpt-4.1-mini-2025-04-14',
  output,
  usage: null,
  ...extra,
});

/**
 * A Responses capture heavy with images: two image_generation_call items, each with three partials (PNG, then
 * JPEG) and a final PNG of a few hundred pixels, and a short answer. Returns the capture and the image count.
 */
export function imageHeavyCapture(): { text: string; images: number; answer: string } {
  const id = 'resp_report_heavy_0001';
  const answer = 'Here are two gradients, as asked.';
  const events: Record<string, unknown>[] = [{ type: 'response.created', response: response(id, 'in_progress') }];
  const output: unknown[] = [];
  let images = 0;
  for (const n of [0, 1]) {
    const itemId = `ig_report_heavy_${n}`;
    const base = { id: itemId, type: 'image_generation_call', output_format: 'png', size: '320x240', quality: 'low', background: 'opaque' };
    events.push({ type: 'response.output_item.added', output_index: n, item: { ...base, status: 'in_progress' } });
    for (const index of [0, 1, 2]) {
      const b64 = index === 0 ? png(80, 60, n * 10 + index) : jpg(160 * index, 120 * index, n * 10 + index);
      events.push({ type: 'response.image_generation_call.partial_image', output_index: n, item_id: itemId, partial_image_index: index, partial_image_b64: b64, size: '320x240', output_format: index === 0 ? 'png' : 'jpeg' });
      images++;
    }
    const result = png(320, 240, n * 10 + 9);
    const done = { ...base, status: 'completed', result, revised_prompt: `Gradient number ${n + 1}` };
    events.push({ type: 'response.output_item.done', output_index: n, item: done });
    output.push(done);
    images++;
  }
  const message = { id: 'msg_report_heavy', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], text: answer }] };
  events.push(
    { type: 'response.output_item.added', output_index: 2, item: { ...message, status: 'in_progress', content: [] } },
    { type: 'response.content_part.added', item_id: message.id, output_index: 2, content_index: 0, part: { type: 'output_text', annotations: [], text: '' } },
    { type: 'response.output_text.delta', item_id: message.id, output_index: 2, content_index: 0, delta: answer },
    { type: 'response.output_text.done', item_id: message.id, output_index: 2, content_index: 0, text: answer },
    { type: 'response.content_part.done', item_id: message.id, output_index: 2, content_index: 0, part: message.content[0] },
    { type: 'response.output_item.done', output_index: 2, item: message },
    {
      type: 'response.completed',
      response: response(id, 'completed', [...output, message], {
        usage: { input_tokens: 20, input_tokens_details: { cached_tokens: 0 }, output_tokens: 8, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 28 },
      }),
    },
  );
  return { text: sse(events), images, answer };
}

/** Markup a hostile capture plants everywhere a string goes: a script, an image with a handler, a closing tag. */
export const HOSTILE = `</pre></code><script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"><svg onload="window.__pwned = 3"></svg>"'&`;

/**
 * A Responses capture whose every string (id, model, text, a function call's name and arguments, a citation's
 * title and a javascript: URL, reasoning, an error message) carries HOSTILE, and that ends failed.
 */
export function hostileCapture(): string {
  const id = `resp_${HOSTILE}`;
  const msg = `msg_${HOSTILE}`;
  const fc = `fc_${HOSTILE}`;
  const text = `Answer ${HOSTILE} end.`;
  const annotation = { type: 'url_citation', url: 'javascript:window.__pwned=4', title: `Title ${HOSTILE}`, start_index: 0, end_index: 4 };
  const events: Record<string, unknown>[] = [
    { type: 'response.created', response: { ...response(id, 'in_progress'), model: `model ${HOSTILE}` } },
    { type: 'response.output_item.added', output_index: 0, item: { id: `rs_${HOSTILE}`, type: 'reasoning', summary: [] } },
    { type: 'response.reasoning_summary_part.added', item_id: `rs_${HOSTILE}`, output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
    { type: 'response.reasoning_summary_text.delta', item_id: `rs_${HOSTILE}`, output_index: 0, summary_index: 0, delta: `Thinking ${HOSTILE}` },
    { type: 'response.output_item.done', output_index: 0, item: { id: `rs_${HOSTILE}`, type: 'reasoning', summary: [{ type: 'summary_text', text: `Thinking ${HOSTILE}` }] } },
    { type: 'response.output_item.added', output_index: 1, item: { id: fc, type: 'function_call', status: 'in_progress', name: `get_${HOSTILE}`, call_id: 'call_1', arguments: '' } },
    { type: 'response.function_call_arguments.delta', item_id: fc, output_index: 1, delta: JSON.stringify({ q: HOSTILE }) },
    { type: 'response.output_item.done', output_index: 1, item: { id: fc, type: 'function_call', status: 'completed', name: `get_${HOSTILE}`, call_id: 'call_1', arguments: JSON.stringify({ q: HOSTILE }) } },
    { type: 'response.output_item.added', output_index: 2, item: { id: msg, type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
    { type: 'response.content_part.added', item_id: msg, output_index: 2, content_index: 0, part: { type: 'output_text', annotations: [], text: '' } },
    { type: 'response.output_text.delta', item_id: msg, output_index: 2, content_index: 0, delta: text },
    { type: 'response.output_text.annotation.added', item_id: msg, output_index: 2, content_index: 0, annotation_index: 0, annotation },
    { type: 'response.output_item.done', output_index: 2, item: { id: msg, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [annotation], text }] } },
    { type: 'response.failed', response: { ...response(id, 'failed'), model: `model ${HOSTILE}`, error: { code: 'server_error', message: `Broke ${HOSTILE}` } } },
  ];
  return sse(events);
}
