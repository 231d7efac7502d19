import { describe, expect, test } from 'vitest';
import { decodeEvent, type StreamEvent } from '../../src/families/index.js';

function decoded(value: unknown): StreamEvent {
  const result = decodeEvent(value);
  if (!result.ok) throw new Error('not an event');
  return result.event;
}

const chunk = (choices: unknown, extra: Record<string, unknown> = {}) => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra });

describe('the decoder types chat chunks once, so the accumulator never reads raw JSON', () => {
  test.each([
    ['text', [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], [{ index: 0, role: 'assistant', content: 'Hi', refusal: null, toolCalls: [], finishReason: null }]],
    ['a refusal and a finish_reason', [{ index: 2, delta: { refusal: 'No' }, finish_reason: 'stop' }], [{ index: 2, role: null, content: null, refusal: 'No', toolCalls: [], finishReason: 'stop' }]],
    [
      'a tool call fragment: kind from type, name and text from function',
      [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{' } }] } }],
      [{ index: 0, role: null, content: null, refusal: null, finishReason: null, toolCalls: [{ index: 1, id: 'call_1', kind: 'function', name: 'f', text: '{' }] }],
    ],
    [
      'a later fragment: index and text only, kind unknown',
      [{ index: 0, delta: { tool_calls: [{ index: 1, function: { arguments: '}' } }] } }],
      [{ index: 0, role: null, content: null, refusal: null, finishReason: null, toolCalls: [{ index: 1, id: null, kind: 'function', name: null, text: '}' }] }],
    ],
    [
      'a custom tool call: custom.name and custom.input',
      [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_c', type: 'custom', custom: { name: 'sql', input: 'SELECT' } }] } }],
      [{ index: 0, role: null, content: null, refusal: null, finishReason: null, toolCalls: [{ index: 0, id: 'call_c', kind: 'custom', name: 'sql', text: 'SELECT' }] }],
    ],
    [
      'the legacy function_call: tool call 0, no id',
      [{ index: 0, delta: { function_call: { name: 'f', arguments: '' } } }],
      [{ index: 0, role: null, content: null, refusal: null, finishReason: null, toolCalls: [{ index: 0, id: null, kind: 'function', name: 'f', text: '' }] }],
    ],
    [
      'junk: a choice that is no object, a delta that is no object, a tool call list that is no list',
      [7, { index: 'x', delta: 'nope' }, { index: 1, delta: { tool_calls: 'nope', content: 3 } }],
      [
        { index: 0, role: null, content: null, refusal: null, toolCalls: [], finishReason: null },
        { index: 0, role: null, content: null, refusal: null, toolCalls: [], finishReason: null },
        { index: 1, role: null, content: null, refusal: null, toolCalls: [], finishReason: null },
      ],
    ],
    ['no choices at all', undefined, []],
  ])('%s', (_name, choices, expected) => {
    expect(decoded(chunk(choices))).toEqual({ type: 'chat.completion.chunk', id: 'c', model: 'm', choices: expected, usage: null });
  });

  test.each([
    ['DeepSeek reasoning_content', { reasoning_content: 'hm' }, { reasoning: [{ kind: 'text', text: 'hm' }] }],
    ['Groq reasoning with channel', { reasoning: 'hm', channel: 'analysis' }, { reasoning: [{ kind: 'text', text: 'hm' }] }],
    [
      'OpenRouter: the details, not the reasoning string that repeats them; encrypted as its size only',
      { reasoning: 'a', reasoning_details: [{ type: 'reasoning.summary', summary: 'a' }, { type: 'reasoning.encrypted', data: 'xyz' }, { type: 'reasoning.text', signature: 's' }] },
      { reasoning: [{ kind: 'summary', text: 'a' }, { kind: 'encrypted', length: 3 }] },
    ],
    ['OpenRouter: only encrypted details, the reasoning string read', { reasoning: 'b', reasoning_details: [{ type: 'reasoning.encrypted', data: 'xy' }] }, { reasoning: [{ kind: 'text', text: 'b' }, { kind: 'encrypted', length: 2 }] }],
    [
      'Mistral: content as parts, thinking then text',
      { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'hm' }] }, { type: 'text', text: 'Hi' }] },
      { content: 'Hi', reasoning: [{ kind: 'text', text: 'hm' }] },
    ],
    ['Mistral: only a thinking part, no text', { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'hm' }] }] }, { content: null, reasoning: [{ kind: 'text', text: 'hm' }] }],
    ['OpenRouter images: a base64 data URL', { images: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }, { images: [{ b64: 'AAAA', declaredFormat: 'png', source: 'delta.images' }] }],
    [
      'image_url content parts (the URL as {url} or as the string): images of the delta, the text parts its content',
      { content: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'image_url', image_url: 'data:image/jpeg;base64,BBBB' }] },
      { content: 'a', images: [{ b64: 'AAAA', declaredFormat: 'png', source: 'delta.content' }, { b64: 'BBBB', declaredFormat: 'jpeg', source: 'delta.content' }] },
    ],
    ['images that are no base64 data URL are not image bytes', { images: [{ image_url: { url: 'https://example.com/a.png' } }, 7] }, {}],
  ])('%s', (_name, delta, extra) => {
    const [choice] = (decoded(chunk([{ index: 0, delta }])) as unknown as { choices: object[] }).choices;
    expect(choice).toEqual({ index: 0, role: null, content: null, refusal: null, toolCalls: [], finishReason: null, ...extra });
  });

  test('Azure: object "" with a choices list is a chunk; its empty id and model are none; filtered categories with severity', () => {
    const results = { hate: { filtered: false, severity: 'safe' }, violence: { filtered: true, severity: 'high' }, jailbreak: { filtered: true, detected: true } };
    expect(decoded({ id: '', object: '', model: '', created: 0, choices: [{ index: 0, content_filter_results: results, finish_reason: 'content_filter' }] })).toEqual({
      type: 'chat.completion.chunk',
      id: null,
      model: null,
      choices: [{ index: 0, role: null, content: null, refusal: null, toolCalls: [], finishReason: 'content_filter', filtered: ['violence (high)', 'jailbreak'] }],
      usage: null,
    });
  });

  test('OpenRouter: a chunk with a top-level error carries it (numeric codes as text)', () => {
    expect(decoded(chunk([], { error: { code: 502, message: 'Provider disconnected' } }))).toMatchObject({
      type: 'chat.completion.chunk',
      error: { type: 'error', code: '502', message: 'Provider disconnected' },
    });
  });

  test('a chunk that also carries type "chat.completion.chunk" decodes the same', () => {
    const value = chunk([{ index: 0, delta: { content: 'Hi' } }]);
    expect(decoded({ ...value, type: 'chat.completion.chunk' })).toEqual(decoded(value));
  });
});

describe('the decoder reads every field an Images API event carries', () => {
  test('a partial and a completed', () => {
    const common = { b64_json: 'AAAA', created_at: 1762447300, size: '1024x1024', quality: 'high', background: 'transparent', output_format: 'webp' };
    expect(decoded({ type: 'image_edit.partial_image', partial_image_index: 2, ...common })).toEqual({
      type: 'image_edit.partial_image',
      ...common,
      partial_image_index: 2,
      usage: null,
    });
    const usage = { input_tokens: 1, input_tokens_details: { image_tokens: 0, text_tokens: 1 }, output_tokens: 2, total_tokens: 3 };
    expect(decoded({ type: 'image_generation.completed', ...common, usage })).toEqual({ type: 'image_generation.completed', ...common, partial_image_index: null, usage });
  });

  test('missing fields are null (b64_json ""), never a throw', () => {
    expect(decoded({ type: 'image_generation.partial_image' })).toEqual({
      type: 'image_generation.partial_image',
      b64_json: '',
      partial_image_index: null,
      size: null,
      quality: null,
      background: null,
      output_format: null,
      created_at: null,
      usage: null,
    });
  });
});
