import { PNG } from 'pngjs';

/** A valid 1×1 PNG as base64 (the seed's). */
export const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=';

/** A real PNG of the given size with noisy pixels, as base64. */
export function noisyPng(width: number, height: number, seed = 1): string {
  const png = new PNG({ width, height });
  let x = seed;
  for (let i = 0; i < png.data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    png.data[i] = i % 4 === 3 ? 255 : x >>> 24;
  }
  return PNG.sync.write(png).toString('base64');
}

/** Options for a synthetic Responses capture. */
export interface CaptureOptions {
  readonly id?: string;
  readonly text?: readonly string[];
  readonly imageItemId?: string;
  readonly partials?: readonly string[];
  readonly finalImage?: string | null;
  readonly terminal?: 'response.completed' | 'response.failed' | 'response.incomplete' | null;
  readonly model?: string;
}

/** A Responses API capture as data-only SSE lines (one event per line), built the way the API streams. */
export function responseEvents(options: CaptureOptions = {}): Record<string, unknown>[] {
  const id = options.id ?? 'resp_test';
  const model = options.model ?? 'gpt-test';
  const events: Record<string, unknown>[] = [];
  const response = (status: string, output: unknown[]) => ({ id, object: 'response', status, model, output, usage: status === 'in_progress' ? null : { input_tokens: 10, output_tokens: 5, total_tokens: 15, input_tokens_details: { cached_tokens: 2 }, output_tokens_details: { reasoning_tokens: 1 } } });
  events.push({ type: 'response.created', response: response('in_progress', []) });
  const output: unknown[] = [];
  let index = 0;
  if (options.imageItemId !== undefined) {
    const itemId = options.imageItemId;
    events.push({ type: 'response.output_item.added', output_index: index, item: { id: itemId, type: 'image_generation_call', status: 'in_progress' } });
    (options.partials ?? []).forEach((b64, n) =>
      events.push({ type: 'response.image_generation_call.partial_image', output_index: index, item_id: itemId, partial_image_index: n, partial_image_b64: b64, output_format: 'png', size: '1x1' }),
    );
    const item = { id: itemId, type: 'image_generation_call', status: 'completed', output_format: 'png', size: '1x1', result: options.finalImage ?? '' };
    events.push({ type: 'response.output_item.done', output_index: index, item });
    output.push(item);
    index++;
  }
  if (options.text !== undefined) {
    const itemId = 'msg_test';
    events.push({ type: 'response.output_item.added', output_index: index, item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
    events.push({ type: 'response.content_part.added', output_index: index, item_id: itemId, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    for (const delta of options.text) events.push({ type: 'response.output_text.delta', output_index: index, item_id: itemId, content_index: 0, delta });
    const text = options.text.join('');
    events.push({ type: 'response.output_text.done', output_index: index, item_id: itemId, content_index: 0, text });
    const item = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] };
    events.push({ type: 'response.output_item.done', output_index: index, item });
    output.push(item);
  }
  const terminal = options.terminal === undefined ? 'response.completed' : options.terminal;
  if (terminal !== null) events.push({ type: terminal, response: response(terminal.slice('response.'.length), output) });
  return events.map((event, n) => ({ ...event, sequence_number: n }));
}

/** The events as `data: …` lines with no blank lines, like the seed. */
export function toDataLines(events: readonly Record<string, unknown>[]): string {
  return events.map((event) => `data: ${JSON.stringify(event)}\n`).join('');
}
