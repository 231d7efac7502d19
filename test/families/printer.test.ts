import { describe, expect, test } from 'vitest';
import { createProcessor } from '../../src/families/index.js';
import { createTextPrinter } from '../../src/render/text-printer.js';
import { chunkings } from '../support/chunkings.js';
import { runCli } from '../support/fake-io.js';
import { chatStream, jsonLines, run, sampleBytes, sseData } from './support.js';

const { chunk, choice, usage } = chatStream('chatcmpl-n');

/** What replay prints for these chunks (one JSON line each). */
const printed = (...chunks: object[]) => run(jsonLines(chunks)).stdout;

describe('replay of a chat stream with several choices: the first choice live, the others as labelled blocks', () => {
  test('interleaved deltas: choice 0 prints as it comes, choice 1 whole once both finished', () => {
    expect(
      printed(
        chunk([choice(0, { role: 'assistant', content: 'Par' })]),
        chunk([choice(1, { role: 'assistant', content: 'The cap' })]),
        chunk([choice(0, { content: 'is.' })]),
        chunk([choice(1, { content: 'ital.' })]),
        chunk([choice(0, {}, 'stop'), choice(1, {}, 'stop')]),
      ),
    ).toBe('Paris.\n[choice 1]\nThe capital.\n');
  });

  test("the live choice's text stays unbroken: a choice that finishes first waits for it", () => {
    // What is out after each chunk, as replay shows it live.
    let out = '';
    const printer = createTextPrinter({ write: (text) => (out += text) });
    const processor = createProcessor({ onUpdate: (update) => printer.onUpdate(update) });
    const seen = [
      chunk([choice(0, { content: 'A' }), choice(1, { content: 'B' })]),
      chunk([choice(1, {}, 'stop')]),
      chunk([choice(0, { content: 'a' })]),
      chunk([choice(0, {}, 'stop')]),
    ].map((line) => {
      processor.feed(new TextEncoder().encode(`${JSON.stringify(line)}\n`));
      return out;
    });
    processor.end();
    printer.finish();
    expect(seen).toEqual(['A', 'A', 'Aa', 'Aa\n[choice 1]\nB\n']);
    expect(out).toBe('Aa\n[choice 1]\nB\n');
  });

  test('three choices, released in index order; each block ends its line', () => {
    expect(
      printed(
        chunk([choice(2, { content: 'two' })]),
        chunk([choice(0, { content: 'zero' })]),
        chunk([choice(1, { content: 'one' })]),
        chunk([choice(1, {}, 'stop'), choice(0, {}, 'stop'), choice(2, {}, 'length')]),
      ),
      // The live choice is the first to appear, whatever its index.
    ).toBe('two\n[choice 0]\nzero\n[choice 1]\none\n');
  });

  test('tool calls and refusals of a held choice are labelled with the choice; the live choice keeps the plain labels', () => {
    expect(
      printed(
        chunk([choice(0, { content: 'Checking.' }), choice(1, { refusal: 'No.' })]),
        chunk([choice(0, { tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'look', arguments: '{"q":1}' } }] })]),
        chunk([choice(1, { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'peek', arguments: '{}' } }] })]),
        chunk([choice(2, { tool_calls: [{ index: 0, id: 'call_2', type: 'function', function: { name: 'noargs', arguments: '' } }] })]),
        chunk([choice(0, {}, 'tool_calls'), choice(1, {}, 'tool_calls'), choice(2, {}, 'tool_calls')]),
      ),
    ).toBe(
      [
        'Checking.',
        '[function call look]',
        '{"q":1}',
        '[choice 1 refusal]',
        'No.',
        '[choice 1 function call peek]',
        '{}',
        '[choice 2 function call noargs]',
        '',
      ].join('\n'),
    );
  });

  test('a stream cut off while choices run still prints everything that came', () => {
    expect(printed(chunk([choice(0, { content: 'A' })]), chunk([choice(1, { content: 'B' })]), chunk([choice(1, {}, 'stop')]))).toBe('A\n[choice 1]\nB\n');
    expect(run(sseData([chunk([choice(0, { content: 'A' }), choice(1, { content: 'B' })])])).stdout).toBe('A\n[choice 1]\nB\n');
  });

  test('a one-choice stream prints exactly its text, with no label', () => {
    expect(printed(chunk([choice(0, { role: 'assistant', content: '' })]), chunk([choice(0, { content: 'Just this.' })]), chunk([choice(0, {}, 'stop')]), usage(1, 1))).toBe('Just this.\n');
  });

  test('several responses each hold their own choices', () => {
    const a = chatStream('chatcmpl-a');
    const b = chatStream('chatcmpl-b');
    const capture =
      sseData([a.chunk([a.choice(0, { content: 'a0' }), a.choice(1, { content: 'a1' })]), a.chunk([a.choice(0, {}, 'stop'), a.choice(1, {}, 'stop')])]) +
      sseData([b.chunk([b.choice(0, { content: 'b0' }), b.choice(1, { content: 'b1' })]), b.chunk([b.choice(0, {}, 'stop'), b.choice(1, {}, 'stop')])]);
    // Plain text after a labelled block starts after a blank line, as everywhere in replay.
    expect(run(capture).stdout).toBe('a0\n[choice 1]\na1\n\nb0\n[choice 1]\nb1\n');
  });
});

describe('replay stdout of every family sample is the same however the input is split', () => {
  test.each([
    'chat-two-choices.sse',
    'chat-text-tool-call.sse',
    'chat-text-tool-call-cut-off.sse',
    'chat-error-mid-stream.sse',
    'chat-legacy-function-call.sse',
    'chat-several-streams.jsonl',
    'mixed-families.sse',
  ])('%s', (name) => {
    const bytes = sampleBytes(name);
    const expected = run(bytes).stdout;
    expect(expected).toBe(sampleBytes(`${name}.stdout.txt`).toString('utf8'));
    for (const { name: how, chunks } of chunkings(bytes, { maxTwoWay: 600, random: 20 })) expect(run(chunks).stdout, how).toBe(expected);
  });

  test('through the CLI, stdin fed one byte a chunk gives the golden stdout', async () => {
    const bytes = sampleBytes('chat-two-choices.sse');
    const { Readable } = await import('node:stream');
    const stdinStream = Readable.from(Array.from(bytes, (b) => Buffer.from([b])));
    const { code, stdout } = await runCli(['replay', '-', '--no-images'], { stdinStream });
    expect(code).toBe(0);
    expect(stdout).toBe(sampleBytes('chat-two-choices.sse.stdout.txt').toString('utf8'));
  });
});
