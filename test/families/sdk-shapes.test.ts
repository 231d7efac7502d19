import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ImageEditCompletedEvent, ImageEditPartialImageEvent, ImageGenCompletedEvent, ImageGenPartialImageEvent } from 'openai/resources/images';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../support/samples.js';
import { FAMILIES, sampleBytes } from './support.js';

// The fields the SDK types require, as lists the compiler checks against those types: a name the SDK does not have
// fails `tsc`, so these lists cannot drift from the reference the samples were written from.
const CHUNK: readonly (keyof ChatCompletionChunk)[] = ['id', 'choices', 'created', 'model', 'object'];
const CHOICE: readonly (keyof ChatCompletionChunk.Choice)[] = ['delta', 'finish_reason', 'index'];
const TOOL_CALL: readonly (keyof ChatCompletionChunk.Choice.Delta.ToolCall)[] = ['index'];
const PARTIAL: readonly (keyof (ImageGenPartialImageEvent | ImageEditPartialImageEvent))[] = [
  'type',
  'b64_json',
  'background',
  'created_at',
  'output_format',
  'partial_image_index',
  'quality',
  'size',
];
const COMPLETED: readonly (keyof (ImageGenCompletedEvent | ImageEditCompletedEvent))[] = ['type', 'b64_json', 'background', 'created_at', 'output_format', 'quality', 'size', 'usage'];
const IMAGE_USAGE: readonly (keyof ImageGenCompletedEvent.Usage)[] = ['input_tokens', 'input_tokens_details', 'output_tokens', 'total_tokens'];
const FINISH_REASONS: readonly NonNullable<ChatCompletionChunk.Choice['finish_reason']>[] = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'];

type Json = Record<string, unknown>;

/** Every JSON payload of a sample (data: lines or JSON lines), [DONE] left out. */
function payloads(name: string): Json[] {
  return sampleBytes(name)
    .toString('utf8')
    .split('\n')
    .map((line) => line.replace(/^data: /, ''))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Json);
}

function missing(value: Json, keys: readonly string[]): string[] {
  return keys.filter((key) => !(key in value));
}

const samples = readdirSync(join(ROOT, FAMILIES)).filter((name) => /\.(sse|jsonl)$/.test(name));

describe('the family samples carry what the SDK types require', () => {
  test.each(samples)('%s', (name) => {
    const events = payloads(name);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      if (event.object === 'chat.completion.chunk') {
        expect(missing(event, CHUNK), JSON.stringify(event).slice(0, 80)).toEqual([]);
        for (const choice of event.choices as Json[]) {
          expect(missing(choice, CHOICE)).toEqual([]);
          if (choice.finish_reason !== null) expect(FINISH_REASONS).toContain(choice.finish_reason);
          for (const call of ((choice.delta as Json).tool_calls ?? []) as Json[]) expect(missing(call, TOOL_CALL)).toEqual([]);
        }
      } else if (typeof event.type === 'string' && /^image_(generation|edit)\.partial_image$/.test(event.type)) {
        expect(missing(event, PARTIAL)).toEqual([]);
      } else if (typeof event.type === 'string' && /^image_(generation|edit)\.completed$/.test(event.type)) {
        expect(missing(event, COMPLETED)).toEqual([]);
        expect(missing(event.usage as Json, IMAGE_USAGE)).toEqual([]);
      } else if ('error' in event && !('type' in event)) {
        // A chat error: the API's error object.
        expect(Object.keys(event.error as Json).sort()).toEqual(['code', 'message', 'param', 'type']);
      } else if (Array.isArray(event.candidates)) {
        // The Gemini stream of mixed-families.sse: its shape is samples/gemini's, tested there.
        expect(name).toBe('mixed-families.sse');
      } else {
        // The Responses stream of mixed-families.sse: typed by `type`, checked elsewhere.
        expect(name).toBe('mixed-families.sse');
        expect(event.type).toMatch(/^response\./);
      }
    }
  });
});
