import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { checkInput } from '../../src/commands/check.js';
import { decodeEvent } from '../../src/families/index.js';
import { ensureBuilt, runBin } from '../support/binary.js';
import { parseBytes } from '../support/parse.js';
import { ROOT } from '../support/samples.js';
import { jsonLines } from './support.js';

const DIR = 'samples/bedrock';
const samples = readdirSync(join(ROOT, DIR)).filter((name) => name.endsWith('.eventstream') || name.endsWith('.jsonl'));
/** A finding as `code@where`: `@byte N` in a binary capture (no lines), `@N` a line of a JSON-lines one. */
const where = (d: { code: string; position: { line: number; byte: number } }): string => `${d.code}@${d.position.line === 0 ? `byte ${d.position.byte}` : d.position.line}`;

beforeAll(() => ensureBuilt(), 120_000);

/** Every sample: exactly the findings `check` reports and the exit code of check and replay. */
const EXPECTED: Readonly<Record<string, { readonly findings: readonly string[]; readonly exit: number; readonly replayExit?: number }>> = {
  'text.eventstream': { findings: [], exit: 0 },
  'tool-use.eventstream': { findings: [], exit: 0 },
  'reasoning.eventstream': { findings: [], exit: 0 },
  'citations.eventstream': { findings: [], exit: 0 },
  'sdk-log.jsonl': { findings: [], exit: 0 },
  'max-tokens.eventstream': { findings: ['response-incomplete@byte 502'], exit: 1 },
  'guardrail.eventstream': { findings: ['response-incomplete@byte 479'], exit: 1 },
  'content-filtered.eventstream': { findings: ['response-incomplete@byte 473'], exit: 1 },
  'throttling.eventstream': { findings: ['error-event@byte 0'], exit: 1 },
  'validation.eventstream': { findings: ['error-event@byte 0'], exit: 1 },
  'service-unavailable.eventstream': { findings: ['error-event@byte 0'], exit: 1 },
  'internal-server.eventstream': { findings: ['error-event@byte 304'], exit: 1 },
  'model-stream-error.eventstream': { findings: ['error-event@byte 364'], exit: 1 },
  'cut-off.eventstream': { findings: ['missing-terminal-event@byte 554'], exit: 1 },
  'cut-mid-message.eventstream': { findings: ['invalid-frame@byte 352', 'missing-terminal-event@byte 513'], exit: 1 },
  'corrupt-crc.eventstream': { findings: ['invalid-frame@byte 345', 'invalid-frame@byte 730'], exit: 1 },
  // A rule finding, not a broken stream: replay still exits 0.
  'invalid-tool-input.eventstream': { findings: ['invalid-tool-input@byte 603'], exit: 1, replayExit: 0 },
};

describe('check over every bedrock sample', () => {
  test('every sample is in the table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...samples].sort());
  });

  test.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const result = await checkInput({ kind: 'file', path: join(ROOT, DIR, name) });
    expect(result.diagnostics.map(where)).toEqual(expected.findings);
  });

  test('the messages of the findings quote what the stream said', async () => {
    const messages = async (name: string): Promise<string[]> => (await checkInput({ kind: 'file', path: join(ROOT, DIR, name) })).diagnostics.map((d) => d.message);
    expect(await messages('max-tokens.eventstream')).toEqual(['Response incomplete (stopReason "max_tokens")']);
    expect(await messages('guardrail.eventstream')).toEqual(['Response refused (stopReason "guardrail_intervened")']);
    expect(await messages('throttling.eventstream')).toEqual(['Error event: throttlingException: "Too many requests, please wait before trying again."']);
    expect(await messages('cut-off.eventstream')).toEqual(['Response never finished: the input ends before messageStop']);
    expect(await messages('invalid-tool-input.eventstream')).toEqual(['Expected the toolUse.input pieces of tool use tooluse_bad to join into JSON, found "{\\"q\\": \\"unterminated"']);
  });
});

describe('the built binary on bedrock captures', () => {
  test('replay prints the exact text and tool call; inspect says family bedrock, completed, its usage and latency; check is clean', () => {
    const replay = runBin(['replay', `${DIR}/tool-use.eventstream`]);
    expect([replay.code, replay.stdout]).toEqual([0, 'Let me look up the weather.\n[tool use get_weather]\n{"city": "Paris", "unit": "celsius"}\n']);
    expect(replay.stderr).toMatch(/^respcat: completed · 412 in \(0 cached\) \/ 61 out \(0 reasoning\) tokens · 1033\.0 ms total · \d+\.\ds\n$/);
    const inspect = runBin(['inspect', '--json', `${DIR}/tool-use.eventstream`]);
    expect(inspect.code).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({
      framing: { formats: ['AWS event stream (binary)'] },
      responses: [
        {
          family: 'bedrock',
          status: 'completed',
          usage: { input_tokens: 412, output_tokens: 61, total_tokens: 473 },
          serverTiming: { totalMs: 1033 },
          items: [
            { type: 'message', text: 'Let me look up the weather.' },
            { type: 'function_call', name: 'get_weather', callId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', arguments: '{"city": "Paris", "unit": "celsius"}' },
          ],
        },
      ],
    });
    expect(runBin(['check', `${DIR}/tool-use.eventstream`]).code).toBe(0);
  });

  test('a corrupted CRC: every report says the byte offset, and the messages after it are read', () => {
    const file = `${DIR}/corrupt-crc.eventstream`;
    const replay = runBin(['replay', file]);
    expect([replay.code, replay.stdout]).toEqual([1, 'The Moon from Earth.\n']);
    expect(replay.stderr).toContain(`${file}:byte 345: error: The event stream message of 213 bytes here is corrupt: its message CRC32 is`);
    const json = JSON.parse(runBin(['check', '--format', 'json', file]).stdout);
    expect(json.files[0].diagnostics.map((d: { line: number; byte?: number; code: string }) => [d.code, d.line, d.byte])).toEqual([
      ['invalid-frame', 0, 345],
      ['invalid-frame', 0, 730],
    ]);
    const junit = runBin(['check', '--format', 'junit', file]).stdout;
    expect(junit).toContain('<testcase classname="samples/bedrock/corrupt-crc.eventstream" name="invalid-frame" file="samples/bedrock/corrupt-crc.eventstream">');
    expect(junit).toContain('message="byte 345: error: The event stream message of 213 bytes here is corrupt');
    const github = runBin(['check', '--format', 'github', file]).stdout;
    expect(github).toContain('::error file=samples/bedrock/corrupt-crc.eventstream,title=invalid-frame::byte 345: The event stream message');
    const inspect = runBin(['inspect', file]);
    expect(inspect.stdout).toContain('    byte 730: error: The event stream message of 146 bytes here is corrupt: its prelude CRC32 is');
  });

  test('diff and report name binary positions as such, never as line 0', () => {
    const diff = runBin(['diff', `${DIR}/text.eventstream`, `${DIR}/corrupt-crc.eventstream`]);
    expect(diff.stdout).toContain('responses[0].items[0].text  (A binary, B binary)\n    -The Moon is about 384,400 km from Earth.\n    +The Moon from Earth.\n');
    const out = join(tmpdir(), `respcat-bedrock-report-${process.pid}.html`);
    expect(runBin(['report', `${DIR}/corrupt-crc.eventstream`, '-o', out]).code).toBe(1);
    const html = readFileSync(out, 'utf8');
    rmSync(out, { force: true });
    expect(html).toContain('byte 345');
    expect(html).toContain('from byte 0');
    expect(html).not.toContain('line 0');
  });

  test('gzipped, as a file and on stdin: the codec (loaded only for a binary first byte) still reads every message', () => {
    const gz = join(tmpdir(), `respcat-bedrock-${process.pid}.eventstream.gz`);
    writeFileSync(gz, gzipSync(readFileSync(join(ROOT, DIR, 'corrupt-crc.eventstream'))));
    try {
      for (const replay of [runBin(['replay', gz]), runBin(['replay', '-'], { input: readFileSync(gz) })]) {
        expect([replay.code, replay.stdout]).toEqual([1, 'The Moon from Earth.\n']);
        expect(replay.stderr).toContain(':byte 345: error: The event stream message of 213 bytes here is corrupt: its message CRC32 is');
      }
    } finally {
      rmSync(gz, { force: true });
    }
  });

  test('piped on stdin, a binary capture reads the same; nothing of the binary reaches the terminal raw', () => {
    const bytes = readFileSync(join(ROOT, DIR, 'corrupt-crc.eventstream'));
    const replay = runBin(['replay', '-'], { input: bytes });
    expect(replay.stdout).toBe('The Moon from Earth.\n');
    // eslint-disable-next-line no-control-regex
    expect(replay.stdout + replay.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('decoding, as a table', () => {
  test.each([
    [{ messageStart: { role: 'assistant' } }, { type: 'messageStart', role: 'assistant' }],
    [
      { contentBlockStart: { start: { toolUse: { toolUseId: 't1', name: 'f' } }, contentBlockIndex: 2 } },
      { type: 'contentBlockStart', index: 2, start: { kind: 'toolUse', toolUseId: 't1', name: 'f' } },
    ],
    [{ contentBlockStart: { start: { image: {} }, contentBlockIndex: 1 } }, { type: 'contentBlockStart', index: 1, start: { kind: 'other', rawType: 'image' } }],
    [{ contentBlockDelta: { delta: { text: 'Hi' }, contentBlockIndex: 0, p: 'abcd' } }, { type: 'contentBlockDelta', index: 0, delta: { kind: 'text', text: 'Hi' } }],
    [{ contentBlockDelta: { delta: { toolUse: { input: '{"a"' } }, contentBlockIndex: 1 } }, { type: 'contentBlockDelta', index: 1, delta: { kind: 'toolUse', input: '{"a"' } }],
    [{ contentBlockDelta: { delta: { reasoningContent: { text: 'hm' } }, contentBlockIndex: 0 } }, { type: 'contentBlockDelta', index: 0, delta: { kind: 'reasoningText', text: 'hm' } }],
    [{ contentBlockDelta: { delta: { reasoningContent: { signature: 'abc' } }, contentBlockIndex: 0 } }, { type: 'contentBlockDelta', index: 0, delta: { kind: 'reasoningSignature', length: 3 } }],
    [{ contentBlockDelta: { delta: { reasoningContent: { redactedContent: 'AAAA' } }, contentBlockIndex: 0 } }, { type: 'contentBlockDelta', index: 0, delta: { kind: 'reasoningRedacted', length: 4 } }],
    [{ contentBlockDelta: { delta: { citation: { title: 'T' } }, contentBlockIndex: 0 } }, { type: 'contentBlockDelta', index: 0, delta: { kind: 'citation', citation: { title: 'T' } } }],
    [{ contentBlockDelta: { delta: { image: {} }, contentBlockIndex: 0 } }, { type: 'contentBlockDelta', index: 0, delta: { kind: 'other', rawType: 'image' } }],
    [{ contentBlockDelta: { delta: 'junk', contentBlockIndex: 'x' } }, { type: 'contentBlockDelta', index: 0, delta: { kind: 'other', rawType: 'delta' } }],
    [{ contentBlockStop: { contentBlockIndex: 3 } }, { type: 'contentBlockStop', index: 3 }],
    [{ messageStop: { stopReason: 'tool_use', additionalModelResponseFields: {} } }, { type: 'messageStop', stopReason: 'tool_use' }],
    [
      { metadata: { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheReadInputTokens: -1 }, metrics: { latencyMs: 9 } } },
      { type: 'metadata', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3, cacheReadInputTokens: null, cacheWriteInputTokens: null }, latencyMs: 9 },
    ],
    [{ throttlingException: { message: 'slow' } }, { type: 'throttlingException', message: 'slow' }],
    [{ modelStreamErrorException: { message: 'm', originalStatusCode: 500 } }, { type: 'modelStreamErrorException', message: 'm' }],
    [{ eventStreamError: { errorCode: 'InternalFailure', errorMessage: 'boom' } }, { type: 'eventStreamError', message: 'boom' }],
  ])('%j', (json, event) => {
    const decoded = decodeEvent(json);
    expect(decoded.ok && decoded.family?.name).toBe('bedrock');
    expect(decoded.ok && decoded.event).toEqual(event);
  });

  test('a typed payload or a member that is no object is not Bedrock’s', () => {
    expect(decodeEvent({ type: 'message_start', messageStart: {} }).ok && decodeEvent({ type: 'message_start', messageStart: {} })).not.toMatchObject({ family: { name: 'bedrock' } });
    expect(decodeEvent({ messageStart: 'x' }).ok).toBe(false);
  });
});

describe('accumulation', () => {
  const m = {
    start: { messageStart: { role: 'assistant' } },
    text: (i: number, text: string) => ({ contentBlockDelta: { delta: { text }, contentBlockIndex: i } }),
    stop: (stopReason: string) => ({ messageStop: { stopReason } }),
    metadata: { metadata: { usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8, cacheReadInputTokens: 2 }, metrics: { latencyMs: 120 } } },
  };

  test('two messages in one log are two responses; metadata after messageStop ends each, with its usage and latency', () => {
    const parsed = parseBytes(jsonLines([m.start, m.text(0, 'one'), m.stop('end_turn'), m.metadata, m.start, m.text(0, 'two'), m.stop('stop_sequence')]));
    expect(parsed.responses.map((r) => [r.status, r.text, r.usage?.input_tokens ?? null, r.timing?.totalMs ?? null])).toEqual([
      ['completed', 'one', 7, 120],
      ['completed', 'two', null, null],
    ]);
    expect(parsed.responses[0]?.usage).toEqual({ input_tokens: 7, output_tokens: 3, total_tokens: 8, cached_tokens: 2, reasoning_tokens: 0 });
  });

  test('text blocks on either side of a tool use are one answer; deltas before any messageStart still make a response', () => {
    const parsed = parseBytes(
      jsonLines([
        m.text(0, 'a'),
        { contentBlockStart: { start: { toolUse: { toolUseId: 't', name: 'f' } }, contentBlockIndex: 1 } },
        { contentBlockDelta: { delta: { toolUse: { input: '{}' } }, contentBlockIndex: 1 } },
        { contentBlockStop: { contentBlockIndex: 1 } },
        m.text(2, 'b'),
        m.stop('end_turn'),
      ]),
    );
    expect(parsed.responses.map((r) => [r.status, r.text, r.items.map((i) => `${i.index}:${i.type}:${i.status}`)])).toEqual([['completed', 'ab', ['0:message:completed', '1:function_call:completed']]]);
  });

  test('an exception after messageStop (none comes before it) fails nothing already whole; one mid-message fails it', () => {
    const mid = parseBytes(jsonLines([m.start, m.text(0, 'x'), { internalServerException: { message: 'oops' } }]));
    expect(mid.responses.map((r) => [r.status, r.error])).toEqual([['failed', { code: 'internalServerException', message: 'oops' }]]);
    const after = parseBytes(jsonLines([m.start, m.text(0, 'x'), m.stop('end_turn'), { throttlingException: { message: 'late' } }]));
    expect(after.responses.map((r) => r.status)).toEqual(['completed']);
  });
});
