import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Update } from '../../../src/core/builder.js';
import { createProcessor } from '../../../src/families/index.js';
import { itemParts, itemsInOrder, messageText, partsValue, streamValue, type ItemState, type ResponseState } from '../../../src/core/model.js';
import { ROOT } from '../../support/samples.js';

type Json = Record<string, unknown>;

/** Runs events (one JSON line each) through the whole pipeline; returns responses, updates and diagnostics. */
function run(events: readonly Json[]) {
  const updates: Update[] = [];
  const processor = createProcessor({ onUpdate: (u) => updates.push(u) });
  processor.feed(new TextEncoder().encode(events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
  processor.end();
  return { responses: processor.responses, updates, diagnostics: processor.diagnostics.map((d) => d.code) };
}

function runSample(name: string) {
  const updates: Update[] = [];
  const processor = createProcessor({ onUpdate: (u) => updates.push(u) });
  processor.feed(readFileSync(join(ROOT, 'samples', 'kinds', name)));
  processor.end();
  return { responses: processor.responses, updates, diagnostics: processor.diagnostics.map((d) => d.code) };
}

function only(responses: readonly ResponseState[]): ResponseState {
  expect(responses).toHaveLength(1);
  return responses[0] as ResponseState;
}

function at(response: ResponseState, index: number): ItemState {
  const item = response.items.get(index);
  expect(item, `item ${index}`).toBeDefined();
  return item as ItemState;
}

const resp = (status: string, output: unknown[] = [], extra: Json = {}) => ({ id: 'resp_1', object: 'response', status, model: 'gpt-test', output, ...extra });
const created = { type: 'response.created', response: resp('in_progress') };
const completed = (output: unknown[] = []) => ({ type: 'response.completed', response: resp('completed', output, { usage: { input_tokens: 3, output_tokens: 2, total_tokens: 5 } }) });

describe('items are keyed by output_index, with item_id as a cross-check', () => {
  test('a proxy that rotates item_id on every event still builds one item', () => {
    const { responses } = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_a', type: 'message', content: [] } },
      { type: 'response.output_text.delta', item_id: 'msg_b', output_index: 0, content_index: 0, delta: 'one ' },
      { type: 'response.output_text.delta', item_id: 'msg_c', output_index: 0, content_index: 0, delta: 'item' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'msg_a', type: 'message', status: 'completed', content: [] } },
      completed(),
    ]);
    const response = only(responses);
    expect(response.items.size).toBe(1);
    expect(at(response, 0)).toMatchObject({ id: 'msg_a', type: 'message', otherIds: 2 });
    expect(messageText(response)).toBe('one item');
  });

  test('events without output_index find their item by item_id, or give a new id the next place', () => {
    const { responses } = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', content: [] } },
      { type: 'response.output_item.added', item: { id: 'fc_1', type: 'function_call', name: 'f', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', delta: '{"a":' },
      { type: 'response.output_text.delta', item_id: 'msg_1', content_index: 0, delta: 'text' },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', delta: '1}' },
      completed(),
    ]);
    const response = only(responses);
    expect(itemsInOrder(response).map((i) => `${i.outputIndex}:${i.id}`)).toEqual(['0:msg_1', '1:fc_1']);
    expect(streamValue(at(response, 1), 'function_arguments')).toBe('{"a":1}');
    expect(messageText(response)).toBe('text');
  });

  test('an output_index reused after its item ended, under a new id, is a new item', () => {
    const { responses } = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'fc_1', type: 'function_call', name: 'a', arguments: '' } },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'fc_1', type: 'function_call', name: 'a', arguments: '{}', status: 'completed' } },
      { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_2', type: 'message', content: [] } },
      { type: 'response.output_text.delta', item_id: 'msg_2', output_index: 0, content_index: 0, delta: 'after' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'msg_2', type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'after' }] } },
      completed(),
    ]);
    const response = only(responses);
    expect(itemsInOrder(response).map((i) => `${i.outputIndex}:${i.id}:${i.type}`)).toEqual(['0:fc_1:function_call', '1:msg_2:message']);
    expect(messageText(response)).toBe('after');
  });
});

describe('every item kind', () => {
  test('message text per content part, refusals and annotations', () => {
    const response = only(runSample('message-annotations.sse').responses);
    const item = at(response, 0);
    expect(itemParts(item, 'output_text')).toEqual(['Mount Columbia (3,747 m) is the highest peak in Alberta, per my notes.', '\n\nSee the peaks.csv table and the chart file.']);
    expect(item.annotations.map((a) => a.type)).toEqual(['url_citation', 'file_citation', 'container_file_citation', 'file_path']);
    const refusal = only(runSample('refusal.sse').responses);
    expect(partsValue(at(refusal, 0), 'refusal')).toBe("I'm sorry, but I can't help with that.");
    expect(messageText(refusal)).toBe('');
  });

  test('function, custom and MCP calls: names and arguments', () => {
    const calls = only(runSample('function-calls-interleaved.sse').responses);
    expect(itemsInOrder(calls).map((i) => [i.item.name, streamValue(i, 'function_arguments')])).toEqual([
      ['get_weather', '{"city":"Paris"}'],
      ['get_time', '{"timezone":"Europe/Paris"}'],
    ]);
    const custom = only(runSample('custom-tool-call.sse').responses);
    expect(streamValue(at(custom, 0), 'custom_tool_input')).toBe("SELECT name, height_m\nFROM peaks\nWHERE province = 'AB'\nORDER BY height_m DESC LIMIT 3;");
    const mcp = only(runSample('mcp-tools-call-failed-approval.sse').responses);
    expect(itemsInOrder(mcp).map((i) => `${i.type}:${i.status}:${String(i.item.name ?? '')}`)).toEqual([
      'mcp_list_tools:null:',
      'mcp_call:completed:ask_question',
      'mcp_call:failed:read_wiki_structure',
      'mcp_approval_request:null:ask_question',
    ]);
    expect(streamValue(at(mcp, 1), 'mcp_arguments')).toBe('{"repoName":"openai/openai-node","question":"How are stream events typed?"}');
  });

  test('reasoning summaries part by part, and reasoning text', () => {
    const response = only(runSample('reasoning-summary-and-text.sse').responses);
    const item = at(response, 0);
    expect(itemParts(item, 'reasoning_summary')).toEqual(['**Multiplying**\n\nSplit 23 into 20 and 3.', '**Checking**\n\n391 ÷ 17 = 23, so the product holds.']);
    expect(partsValue(item, 'reasoning_text')).toBe('The user asks 17 × 23. 17 × 20 = 340, 17 × 3 = 51, total 391.');
  });

  test('searches: web search actions and file search queries', () => {
    const web = only(runSample('web-search-actions.sse').responses);
    expect(itemsInOrder(web).map((i) => (i.item.action as Json | undefined)?.type ?? i.type)).toEqual(['search', 'open_page', 'find_in_page', 'message']);
    const file = only(runSample('file-search.sse').responses);
    expect(at(file, 0).item.queries).toEqual(['capital of France', 'French capital city']);
  });

  test('code interpreter code, shell commands and output, apply-patch diffs', () => {
    expect(streamValue(at(only(runSample('code-interpreter.sse').responses), 0), 'code')).toBe('n = 2 ** 64\nprint(n)\n');
    const shell = only(runSample('shell-calls.sse').responses);
    expect(itemParts(at(shell, 0), 'shell_command')).toEqual(["echo 'Hello from container!'", 'uname -s']);
    expect(streamValue(at(shell, 1), 'shell_output')).toBe('Hello from container!\nLinux\n');
    expect(at(shell, 2)).toMatchObject({ type: 'local_shell_call', status: 'completed' });
    expect(streamValue(at(only(runSample('apply-patch.sse').responses), 0), 'apply_patch_diff')).toBe('@@\n-- [ ] Milk\n+- [x] Milk\n+- [ ] Bread\n');
  });

  test('audio and its transcript go to one audio item outside output', () => {
    const response = only(runSample('audio-transcript.sse').responses);
    expect(itemsInOrder(response).map((i) => `${i.outputIndex}:${i.type}`)).toEqual(['-1:audio']);
    const audio = at(response, -1);
    expect(audio).toMatchObject({ audioChunks: 2, audioBytes: 24, status: 'completed' });
    expect(streamValue(audio, 'audio_transcript')).toBe('Hello there!');
  });

  test('keepalive is a no-op, unknown types are counted and passed through, compaction is an item', () => {
    const { responses, diagnostics } = runSample('keepalive-compaction-unknown.sse');
    const response = only(responses);
    expect(response.status).toBe('completed');
    expect(itemsInOrder(response).map((i) => `${i.type}:${i.status}`)).toEqual(['compaction:null', 'message:completed']);
    expect(diagnostics).toEqual(['unknown-event']);
  });

  test('legacy names and early-2025 shapes (no sequence_number, no item_id, object arguments)', () => {
    const { responses, diagnostics } = runSample('legacy-names-2025.sse');
    const response = only(responses);
    expect(diagnostics).toEqual([]);
    expect(partsValue(at(response, 0), 'reasoning_summary')).toBe('Looking up the docs.');
    expect(at(response, 1)).toMatchObject({ id: 'ci_legacy_0001', type: 'code_interpreter_call', status: 'completed' });
    expect(streamValue(at(response, 1), 'code')).toBe('print(6 * 7)');
    expect(streamValue(at(response, 2), 'mcp_arguments')).toBe('{"topic":"streaming"}');
    expect(at(response, 3).annotations).toHaveLength(1);
    expect(messageText(response)).toBe('6 × 7 = 42, see the docs.');
  });
});

describe('items end without their .completed event', () => {
  test('an image item with no image_generation_call.completed ends at output_item.done, its final image emitted', () => {
    const { responses, updates, diagnostics } = runSample('image-generation-no-completed-event.sse');
    const response = only(responses);
    const item = at(response, 0);
    expect(item).toMatchObject({ status: 'generating', hasFinalImage: true, partialImages: 1, end: { source: 'output_item.done' } });
    expect(response.images.map((i) => `${i.kind}:${i.index}:${i.source}`)).toEqual(['partial:0:partial_image', 'final:null:output_item.done']);
    expect(updates.filter((u) => u.kind === 'item-done')).toHaveLength(2);
    expect(diagnostics).toEqual([]);
    expect(response.status).toBe('completed');
  });

  test('an item that only the terminal response holds ends there, and its item-done is reported', () => {
    const { responses, updates } = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'ws_1', type: 'web_search_call', status: 'in_progress' } },
      { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 0 },
      completed([
        { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'q' } },
        { id: 'msg_1', type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'only here', annotations: [] }] },
      ]),
    ]);
    const response = only(responses);
    expect(itemsInOrder(response).map((i) => `${i.type}:${i.status}:${i.end?.source}`)).toEqual([
      'web_search_call:completed:terminal-response',
      'message:completed:terminal-response',
    ]);
    expect(messageText(response)).toBe('only here');
    expect(updates.filter((u) => u.kind === 'item-done').map((u) => (u.kind === 'item-done' ? u.item.id : ''))).toEqual(['ws_1', 'msg_1']);
  });

  test('a progress event after output_item.done does not reopen the item', () => {
    const { responses } = run([
      created,
      { type: 'response.output_item.done', output_index: 0, item: { id: 'ig_1', type: 'image_generation_call', status: 'completed', result: '' } },
      { type: 'response.image_generation_call.generating', item_id: 'ig_1', output_index: 0 },
      completed(),
    ]);
    expect(at(only(responses), 0).status).toBe('completed');
  });
});

describe('values that only arrive whole', () => {
  test('a .done with no delta, content_part.done and summary_part.done fill what was not streamed', () => {
    const { responses } = run([
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [] } },
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
      { type: 'response.reasoning_summary_part.done', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: 'Thought.' } },
      { type: 'response.output_item.added', output_index: 1, item: { id: 'msg_1', type: 'message', content: [] } },
      { type: 'response.content_part.added', item_id: 'msg_1', output_index: 1, content_index: 0, part: { type: 'output_text', text: '' } },
      { type: 'response.content_part.done', item_id: 'msg_1', output_index: 1, content_index: 0, part: { type: 'output_text', text: 'Part one. ' } },
      { type: 'response.output_text.done', item_id: 'msg_1', output_index: 1, content_index: 1, text: 'Part two.' },
      completed(),
    ]);
    const response = only(responses);
    expect(partsValue(at(response, 0), 'reasoning_summary')).toBe('Thought.');
    expect(messageText(response)).toBe('Part one. Part two.');
  });

  test('message text that only output_item.done holds', () => {
    const { responses } = run([
      created,
      { type: 'response.output_item.done', output_index: 0, item: { id: 'msg_1', type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Whole.' }, { type: 'refusal', refusal: 'No.' }] } },
      completed(),
    ]);
    const item = at(only(responses), 0);
    expect(partsValue(item, 'output_text')).toBe('Whole.');
    expect(partsValue(item, 'refusal')).toBe('No.');
  });
});

describe('a capture that starts mid-stream', () => {
  test('items never announced take the kind of their events', () => {
    const { responses } = run([
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'Hm.' },
      { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 1 },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 2, delta: '{}' },
      { type: 'response.output_text.annotation.added', item_id: 'msg_1', output_index: 3, content_index: 0, annotation_index: 0, annotation: { type: 'url_citation' } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 3, content_index: 0, delta: 'Hi' },
      { type: 'response.image_generation_call.partial_image', item_id: 'ig_1', output_index: 4, partial_image_index: 0, partial_image_b64: '' },
      completed(),
    ]);
    expect(itemsInOrder(only(responses)).map((i) => `${i.type}:${i.status}`)).toEqual([
      'reasoning:null',
      'web_search_call:searching',
      'function_call:null',
      'message:null',
      'image_generation_call:null',
    ]);
  });
});

describe('several responses in one input', () => {
  test('each response.created starts a response, sequence numbers restarting', () => {
    const { responses, diagnostics } = runSample('several-responses.sse');
    expect(responses.map((r) => `${r.id}:${r.status}:${itemsInOrder(r).map((i) => i.type).join(',')}`)).toEqual([
      'resp_kinds_loop_0001:completed:function_call',
      'resp_kinds_loop_0002:completed:message',
    ]);
    expect(diagnostics).toEqual([]);
  });

  test('items of one response never leak into the next', () => {
    const { responses } = runSample('several-responses.sse');
    expect(responses.map((r) => r.items.size)).toEqual([1, 1]);
    expect(messageText(responses[0] as ResponseState)).toBe('');
    expect(messageText(responses[1] as ResponseState)).toBe('12 + 7 = 19.');
  });
});

describe('errors', () => {
  test('a flat error then response.failed: the response failed with the error', () => {
    const { responses, diagnostics } = runSample('error-flat-then-failed.sse');
    expect(only(responses)).toMatchObject({ status: 'failed', error: { code: 'rate_limit_exceeded' } });
    expect(diagnostics).toEqual(['error-event', 'response-failed']);
  });

  test('a nested error and the end of the input: the response is cut off with the error', () => {
    const { responses, diagnostics } = runSample('error-nested-cut-off.sse');
    expect(only(responses)).toMatchObject({ status: 'in_progress', terminal: null, error: { code: 'server_error', message: 'Sorry, something went wrong.' } });
    expect(diagnostics).toEqual(['error-event', 'missing-terminal-event']);
  });
});
