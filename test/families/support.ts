import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProcessor } from '../../src/families/index.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import type { ResponseState } from '../../src/core/model.js';
import { createTextPrinter } from '../../src/render/text-printer.js';
import { ROOT } from '../support/samples.js';

/** The family samples, as paths relative to the project root (the reports name them so). */
export const FAMILIES = 'samples/families';

/** A family sample's bytes. */
export function sampleBytes(name: string): Buffer {
  return readFileSync(join(ROOT, FAMILIES, name));
}

/** One JSON value a line (the SDK-log framing): a chunk's line is its index + 1. */
export function jsonLines(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join('\n') + '\n';
}

/** `data:` blocks, optionally ending in `data: [DONE]`. */
export function sseData(values: readonly unknown[], done = true): string {
  return values.map((value) => `data: ${JSON.stringify(value)}\n\n`).join('') + (done ? 'data: [DONE]\n\n' : '');
}

/** What parsing an input gives, and what the replay printer writes for it, chunked as given. */
export function run(input: string | Uint8Array | readonly Uint8Array[]): { responses: readonly ResponseState[]; diagnostics: readonly Diagnostic[]; stdout: string } {
  let stdout = '';
  const printer = createTextPrinter({ write: (text) => (stdout += text) });
  const processor = createProcessor({ onUpdate: (update) => printer.onUpdate(update) });
  const chunks = typeof input === 'string' ? [new TextEncoder().encode(input)] : input instanceof Uint8Array ? [input] : input;
  for (const chunk of chunks) processor.feed(chunk);
  processor.end();
  printer.finish();
  return { responses: processor.responses, diagnostics: processor.diagnostics, stdout };
}

/** Diagnostics as `code@line`, the way the tables below state them. */
export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}@${d.position.line}`);
}

type Delta = Record<string, unknown>;

/** Builds chat chunks the way the API sends them (`chat_completion_chunk.py`): one id, model and created for the stream. */
export function chatStream(id = 'chatcmpl-test', model = 'gpt-4o-test') {
  const base = { id, object: 'chat.completion.chunk', created: 1761564674, model, system_fingerprint: 'fp_test' };
  return {
    chunk: (choices: readonly object[], extra: Record<string, unknown> = {}) => ({ ...base, choices, usage: null, ...extra }),
    choice: (index: number, delta: Delta, finish_reason: string | null = null) => ({ index, delta, logprobs: null, finish_reason }),
    usage: (prompt: number, completion: number, cached = 0, reasoning = 0) => ({
      ...base,
      choices: [],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
    }),
  };
}

/** A valid 1×1 PNG as base64. */
export const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk+A8AAQUBAScY42YAAAAASUVORK5CYII=';

/** An Images API event (`image_gen_*_event.py`, `image_edit_*_event.py`) with the declared fields every one carries. */
export function imageEvent(type: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const completed = type.endsWith('.completed');
  return {
    type,
    b64_json: PNG_1X1,
    created_at: 1762447300,
    size: '1x1',
    quality: 'low',
    background: 'opaque',
    output_format: 'png',
    ...(completed
      ? { usage: { input_tokens: 20, input_tokens_details: { image_tokens: 0, text_tokens: 20 }, output_tokens: 272, total_tokens: 292 } }
      : { partial_image_index: 0 }),
    ...fields,
  };
}
