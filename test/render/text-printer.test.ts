import { describe, expect, test } from 'vitest';
import { createProcessor } from '../../src/families/index.js';
import { createTextPrinter } from '../../src/render/text-printer.js';
import { runCli } from '../support/fake-io.js';

type Json = Record<string, unknown>;

/** What the printer writes for these events (one JSON line each), labels as `label` makes them. */
function print(events: readonly Json[], options: { label?: (text: string) => string; escape?: boolean } = {}): string {
  let out = '';
  const printer = createTextPrinter({ write: (text) => (out += text), ...options });
  const processor = createProcessor({ onUpdate: (u) => printer.onUpdate(u) });
  processor.feed(new TextEncoder().encode(events.map((e) => JSON.stringify(e)).join('\n') + '\n'));
  processor.end();
  printer.finish();
  return out;
}

const created = { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', output: [] } };
const completed = (output: unknown[] = []) => ({ type: 'response.completed', response: { id: 'resp_1', status: 'completed', output } });
const textDeltas = (pieces: readonly string[]) => [
  { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', content: [] } },
  ...pieces.map((delta) => ({ type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta })),
];

describe('replay of a capture with reasoning, a function call, a web search, an annotated message and a refusal', () => {
  test('prints each of them in order with exact text', async () => {
    const { code, stdout } = await runCli(['replay', '--no-images', '-q', 'samples/kinds/mixed-reasoning-tools-refusal.sse']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        '[reasoning summary]',
        '**Planning the trip answer**',
        '',
        'I should check the weather in Lisbon and look up events this weekend.',
        '',
        'The request for a fake ticket must be declined.',
        '[function call get_weather]',
        '{"city":"Lisbon","unit":"celsius"}',
        '[web search]',
        'Lisbon events this weekend',
        '',
        'Expect 24 °C and sun in Lisbon; the Fado festival runs Saturday ([visitlisboa.com](https://www.visitlisboa.com/en/events)).',
        '[sources]',
        '- url_citation: Events in Lisbon | Visit Lisboa <https://www.visitlisboa.com/en/events>',
        '[refusal]',
        "I can't help with making a fake ticket.",
        '',
      ].join('\n'),
    );
  });

  test('styles the labels on a terminal and leaves the text as streamed', async () => {
    const { stdout } = await runCli(['replay', '--no-images', '-q', '--color', 'samples/kinds/mixed-reasoning-tools-refusal.sse'], { stdoutIsTTY: true, env: {} });
    expect(stdout).toContain('\u001b[36m[reasoning summary]\u001b[39m\n');
    expect(stdout).toContain('\u001b[36m[function call get_weather]\u001b[39m\n{"city":"Lisbon","unit":"celsius"}\n');
    expect(stdout.replace(/\u001b\[\d+m/g, '')).toBe((await runCli(['replay', '--no-images', '-q', 'samples/kinds/mixed-reasoning-tools-refusal.sse'])).stdout);
  });
});

describe('message text stays byte-exact', () => {
  test.each([
    ['no trailing newline: one is added', ['Hello', ', world'], 'Hello, world\n'],
    ['a trailing newline: none is added', ['Two\n', 'lines\n'], 'Two\nlines\n'],
    ['whitespace and unicode as streamed', ['  tabs\tand ', 'emoji 🦝 ', '\u00a0nbsp'], '  tabs\tand emoji 🦝 \u00a0nbsp\n'],
    ['empty', [], ''],
  ])('%s', (_name, pieces, expected) => {
    expect(print([created, ...textDeltas(pieces), completed()])).toBe(expected);
  });

  test('two content parts of one message run on as one text', () => {
    const events = [
      created,
      ...textDeltas(['part one.']),
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 1, delta: ' part two.' },
      completed(),
    ];
    expect(print(events)).toBe('part one. part two.\n');
  });

  test('control characters are escaped only when asked (on a terminal)', () => {
    const events = [created, ...textDeltas(['red \u001b[31m', 'text']), completed()];
    expect(print(events)).toBe('red \u001b[31mtext\n');
    expect(print(events, { escape: true })).toBe('red \\x1b[31mtext\n');
  });
});

describe('labelled blocks', () => {
  test('a label is styled by `label`; text that follows a block starts after a blank line', () => {
    const events = [
      created,
      { type: 'response.output_item.added', output_index: 0, item: { id: 'fc_1', type: 'function_call', name: 'f', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{}' },
      { type: 'response.output_item.done', output_index: 0, item: { id: 'fc_1', type: 'function_call', name: 'f', arguments: '{}' } },
      { type: 'response.output_item.added', output_index: 1, item: { id: 'msg_1', type: 'message', content: [] } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'Done.' },
      completed(),
    ];
    expect(print(events, { label: (t) => `<${t}>` })).toBe('<[function call f]>\n{}\n\nDone.\n');
  });

  test.each<[string, Json[], string]>([
    [
      'a function call whose arguments arrive only whole',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'fc_1', type: 'function_call', name: 'lookup', arguments: '{"q":1}' } }],
      '[function call lookup]\n{"q":1}\n',
    ],
    [
      'a .done value that no delta preceded',
      [{ type: 'response.output_text.done', item_id: 'msg_1', output_index: 0, content_index: 0, text: 'Final only.' }],
      'Final only.\n',
    ],
    [
      'message text only in output_item.done',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'msg_1', type: 'message', content: [{ type: 'output_text', text: 'Whole.' }] } }],
      'Whole.\n',
    ],
    [
      'a reasoning summary only in output_item.done',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'A.' }, { type: 'summary_text', text: 'B.' }] } }],
      '[reasoning summary]\nA.\n\nB.\n',
    ],
    [
      'a web search that opens a page',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'ws_1', type: 'web_search_call', action: { type: 'open_page', url: 'https://example.com/' } } }],
      '[web search]\nopen https://example.com/\n',
    ],
    [
      'a web search that finds in a page',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'ws_1', type: 'web_search_call', action: { type: 'find_in_page', pattern: 'Art Week', url: 'https://example.com/' } } }],
      '[web search]\nfind "Art Week" in https://example.com/\n',
    ],
    [
      'a code interpreter call with its code whole',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'ci_1', type: 'code_interpreter_call', code: 'print(1)' } }],
      '[code interpreter]\nprint(1)\n',
    ],
    [
      'an MCP approval request',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'mcpr_1', type: 'mcp_approval_request', server_label: 'docs', name: 'search', arguments: '{}' } }],
      '[mcp approval request docs/search]\n{}\n',
    ],
    [
      'a local shell call',
      [{ type: 'response.output_item.done', output_index: 0, item: { id: 'lsh_1', type: 'local_shell_call', action: { type: 'exec', command: ['ls', '-la'] } } }],
      '[shell]\nls -la\n',
    ],
    [
      'a refusal streamed in a message',
      [
        { type: 'response.refusal.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'No' },
        { type: 'response.refusal.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: ', sorry.' },
        { type: 'response.refusal.done', item_id: 'msg_1', output_index: 0, content_index: 0, refusal: 'No, sorry.' },
        { type: 'response.output_item.done', output_index: 0, item: { id: 'msg_1', type: 'message', content: [{ type: 'refusal', refusal: 'No, sorry.' }] } },
      ],
      '[refusal]\nNo, sorry.\n',
    ],
  ])('%s', (_name, events, expected) => {
    expect(print([created, ...events, completed()])).toBe(expected);
  });

  test('an item known only from the terminal response is printed when the response ends', () => {
    const events = [
      created,
      completed([
        { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', queries: ['a', 'b'] } },
        { id: 'msg_1', type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Answer.' }] },
      ]),
    ];
    expect(print(events)).toBe('[web search]\na\nb\n\nAnswer.\n');
  });
});

describe('replay shows every kind of the samples', () => {
  test.each([
    ['shell-calls.sse', "[shell]\necho 'Hello from container!'\nuname -s\n[shell output]\nHello from container!\nLinux\n[shell]\nls -la /tmp\n"],
    ['code-interpreter.sse', '[code interpreter]\nn = 2 ** 64\nprint(n)\n\n2^64 = 18446744073709551616\n'],
    ['custom-tool-call.sse', "[custom tool call run_sql]\nSELECT name, height_m\nFROM peaks\nWHERE province = 'AB'\nORDER BY height_m DESC LIMIT 3;\n"],
    ['apply-patch.sse', '[apply patch update_file notes/todo.md]\n@@\n-- [ ] Milk\n+- [x] Milk\n+- [ ] Bread\n'],
    ['audio-transcript.sse', '[audio transcript]\nHello there!\n'],
    ['refusal.sse', "[refusal]\nI'm sorry, but I can't help with that.\n"],
    ['lifecycle-queued.sse', 'Background answer: 42.\n'],
    ['keepalive-compaction-unknown.sse', 'Still here.\n'],
    [
      'mcp-tools-call-failed-approval.sse',
      '[mcp tools deepwiki]\nread_wiki_structure, ask_question\n' +
        '[mcp call deepwiki/ask_question]\n{"repoName":"openai/openai-node","question":"How are stream events typed?"}\n' +
        '[mcp call deepwiki/read_wiki_structure]\n{"repoName":"openai/missing"}\n' +
        '[mcp approval request deepwiki/ask_question]\n{"repoName":"openai/openai-python","question":"Is there a WebSocket mode?"}\n',
    ],
    [
      'legacy-names-2025.sse',
      '[reasoning summary]\nLooking up the docs.\n[code interpreter]\nprint(6 * 7)\n[mcp call docs/lookup]\n{"topic":"streaming"}\n\n6 × 7 = 42, see the docs.\n[sources]\n- url_citation: Docs <https://platform.openai.com/docs>\n',
    ],
    ['several-responses.sse', '[function call calculator]\n{"a":12,"b":7,"op":"add"}\n\n12 + 7 = 19.\n'],
  ])('%s', async (name, expected) => {
    const { stdout } = await runCli(['replay', '--no-images', '-q', `samples/kinds/${name}`]);
    expect(stdout).toBe(expected);
  });
});
