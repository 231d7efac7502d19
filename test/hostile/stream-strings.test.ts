import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { BIN, ensureBuilt } from '../support/binary.js';
import { responseEvents, toDataLines } from '../support/captures.js';
import { runCli } from '../support/fake-io.js';
import { hasTmux, shellQuote, startInTmux, type TmuxPane } from '../support/tmux.js';

// Every string from a capture, not only message text, is escaped where a person sees it: block headings
// on a terminal, replay --json, file names, and one-line fields that must not start a line of their own.
type Json = Record<string, unknown>;
const PWN = '\u001b]0;PWN\u0007\u001b[2J';
const PWN_SHOWN = '\\x1b]0;PWN\\x07\\x1b[2J';
const FORGED = '\nrespcat: completed · forged';
const FORGED_SHOWN = '\\x0arespcat: completed · forged';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const work = mkdtempSync(join(tmpdir(), 'respcat-strings-'));
beforeAll(ensureBuilt);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const created = { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', output: [] } };
const completed = { type: 'response.completed', response: { id: 'resp_1', status: 'completed', output: [] } };
const capture = (events: readonly Json[]): string => toDataLines([created, ...events, completed].map((e, n) => ({ ...e, sequence_number: n })));
const done = (item: Json): Json => ({ type: 'response.output_item.done', output_index: 0, item });

describe('block headings on a terminal', () => {
  test.each<[string, Json[], string]>([
    [
      'a function name, streamed',
      [
        { type: 'response.output_item.added', output_index: 0, item: { id: 'fc_1', type: 'function_call', name: `f${PWN}`, arguments: '' } },
        { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 0, delta: '{}' },
      ],
      `[function call f${PWN_SHOWN}]`,
    ],
    ['a function name, only whole', [done({ id: 'fc_1', type: 'function_call', name: `f${PWN}`, arguments: '{}' })], `[function call f${PWN_SHOWN}]`],
    ['a custom tool name', [done({ id: 'ct_1', type: 'custom_tool_call', name: `t${FORGED}`, input: 'x' })], `[custom tool call t${FORGED_SHOWN}]`],
    ['an MCP server label and tool name', [done({ id: 'mc_1', type: 'mcp_call', server_label: `s${PWN}`, name: `n${FORGED}`, arguments: '{}' })], `[mcp call s${PWN_SHOWN}/n${FORGED_SHOWN}]`],
    ['an MCP server label of a tool list', [done({ id: 'ml_1', type: 'mcp_list_tools', server_label: `s${PWN}\u202e`, tools: [{ name: 'ask' }] })], `[mcp tools s${PWN_SHOWN}\\u202e]`],
    ['an apply-patch path', [done({ id: 'ap_1', type: 'apply_patch_call', operation: { type: 'update_file', path: `a.md${FORGED}${PWN}`, diff: '+x' } })], `[apply patch update_file a.md${FORGED_SHOWN}${PWN_SHOWN}]`],
  ])('%s', async (_name, events, heading) => {
    const stdin = capture(events);
    const tty = await runCli(['replay', '--no-images', '-q'], { stdin, stdoutIsTTY: true });
    expect(tty.stdout.split('\n')).toContain(heading);
    expect(tty.stdout).not.toMatch(RAW);
    // Into a pipe, and with --raw, the stream's bytes stay as they are (docs/spec.md §3).
    const pipe = await runCli(['replay', '--no-images', '-q'], { stdin });
    expect(pipe.stdout).toContain(heading.replace(PWN_SHOWN, PWN).replace(FORGED_SHOWN, FORGED).replace('\\u202e', '\u202e'));
  });
});

describe('replay --json writes the controls JSON.stringify leaves raw as \\uXXXX', () => {
  const delta = 'csi \u009b2J, rtl \u202e, del \u007f, nel \u0085, ls \u2028';
  const stdin = capture([
    { type: 'response.output_item.added', output_index: 0, item: { id: 'msg_1', type: 'message', content: [] } },
    { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta },
  ]);

  test('the same JSON values, and nothing a terminal acts on', async () => {
    for (const stdoutIsTTY of [true, false]) {
      const { code, stdout } = await runCli(['replay', '--json', '--no-images'], { stdin, stdoutIsTTY });
      expect(code).toBe(0);
      expect(stdout).not.toMatch(/[\u007f-\u009f\u202e\u2028]/);
      expect(stdout).toContain('csi \\u009b2J, rtl \\u202e, del \\u007f, nel \\u0085, ls \\u2028');
      const events = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { event: Json });
      expect(events.find((e) => e.event.type === 'response.output_text.delta')?.event.delta).toBe(delta);
    }
  });

  test('so do inspect --json and check --format json', async () => {
    const path = join(work, 'controls.sse');
    writeFileSync(path, stdin);
    const inspect = await runCli(['inspect', '--json', path]);
    expect(inspect.stdout).not.toMatch(/[\u007f-\u009f\u202e\u2028]/);
    expect((JSON.parse(inspect.stdout) as { responses: { text: string }[] }).responses[0]?.text).toBe(delta);
    const failing = join(work, 'controls-cut.sse');
    writeFileSync(failing, toDataLines([{ ...created, response: { ...created.response, id: `resp_\u202e\u009b` } }]));
    const check = await runCli(['check', '--format', 'json', failing]);
    expect(check.stdout).not.toMatch(/[\u007f-\u009f\u202e\u2028]/);
    expect(check.stdout).toContain('\\u202e\\u009b');
  });
});

describe('a newline in a stream string cannot start a line of its own', () => {
  const failed = (message: string) =>
    toDataLines([created, { type: 'response.failed', sequence_number: 1, response: { id: 'resp_1', status: 'failed', output: [], error: { code: 'server_error', message } } }]);

  test.each([
    ['a model name', toDataLines(responseEvents({ text: ['hi'], model: `gpt${FORGED}` }))],
    ['an error message', failed(`boom${FORGED}`)],
    ['a status', toDataLines([created, { type: 'response.completed', sequence_number: 1, response: { id: 'resp_1', status: `done${FORGED}`, output: [] } }])],
    ['an item id', toDataLines(responseEvents({ imageItemId: `ig${FORGED}`, partials: [], finalImage: null }))],
  ])('%s: not on replay’s stderr, nor in the check and inspect text reports', async (_name, stdin) => {
    const path = join(work, 'forged.sse');
    writeFileSync(path, stdin);
    const replayed = await runCli(['replay', '--no-images', path]);
    const checked = await runCli(['check', path]);
    const inspected = await runCli(['inspect', path]);
    for (const text of [replayed.stderr, checked.stdout, inspected.stdout]) {
      expect(text.split('\n').filter((line) => /^\s*respcat: completed · forged/.test(line))).toEqual([]);
    }
    expect(replayed.stderr + checked.stdout + inspected.stdout).toContain(FORGED_SHOWN);
  });
});

describe('the input file name', () => {
  const evilName = `evil${PWN}${FORGED}.sse`;
  const evilShown = `evil${PWN_SHOWN}${FORGED_SHOWN}.sse`;

  test('is escaped in replay’s stderr lines and the check report', async () => {
    const path = join(work, evilName);
    writeFileSync(path, `not a capture\n${toDataLines(responseEvents({ text: ['hi'] }))}`);
    const replayed = await runCli(['replay', '--no-images', path]);
    expect(replayed.stderr).toContain(`${join(work, evilShown)}:1: warning:`);
    const checked = await runCli(['check', path]);
    expect(checked.stdout).toContain(`${join(work, evilShown)}:1: warning:`);
    for (const text of [replayed.stderr, checked.stdout]) {
      expect(text).not.toMatch(RAW);
      expect(text).not.toMatch(/^respcat: completed · forged/m);
    }
  });

  test('is escaped when it cannot be read', async () => {
    const path = join(work, 'missing', evilName);
    const { code, stderr } = await runCli(['replay', path]);
    expect(code).toBe(3);
    expect(stderr).not.toMatch(RAW);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(evilShown);
  });
});

describe.runIf(hasTmux)('on a real terminal (tmux)', () => {
  let pane: TmuxPane | null = null;
  afterEach(() => {
    pane?.kill();
    pane = null;
  });

  test('an injected heading arrives escaped: no new title, no cleared screen', async () => {
    const path = join(work, 'heading.sse');
    writeFileSync(path, capture([done({ id: 'fc_1', type: 'function_call', name: `f${PWN}`, arguments: '{"a":1}' })]));
    pane = startInTmux(`echo before; ${[process.execPath, BIN, 'replay', '--no-images', path].map(shellQuote).join(' ')}`, { env: { NO_COLOR: '1' } });
    expect(await pane.exited(15_000)).toBe(0);
    const screen = pane.screen().split('\n');
    expect(screen.slice(0, 3)).toEqual(['before', `[function call f${PWN_SHOWN}]`, '{"a":1}']);
    expect(pane.title()).not.toContain('PWN');
  });
});
