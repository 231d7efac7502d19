import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, test } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/core/json-depth.js';
import { nodeBytes } from '../../src/input/read-input.js';
import { ensureBuilt } from '../support/binary.js';
import { createRandom, splitAt } from '../support/chunkings.js';
import { runCli } from '../support/fake-io.js';
import { parseChunks } from '../support/parse.js';
import { runBinStreamed } from './streamed.js';

// docs/spec.md §10: arrays and objects nest at most 1,000 levels deep in an event; a deeper one is a positioned
// `nesting-too-deep` finding, the event is skipped and the rest is read. Every later walk over event JSON
// (replay --json, the reports, the rules' JSON.stringify) then stays far from the stack's end.
beforeAll(ensureBuilt);

const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

/**
 * A text response whose message item carries `extra` nested `levels` deep (the event itself is one level
 * more, its item two), in output_item.added, output_item.done and the terminal response. One event a line.
 */
function deepItemCapture(levels: number, imageBytes = 0): string {
  const item = (status: string) =>
    `{"id":"m","type":"message","role":"assistant","status":"${status}","content":[{"type":"output_text","text":"hi","annotations":[]}],"extra":${nested(levels)}}`;
  const image = imageBytes > 0 ? `,"padding":"${'A'.repeat(imageBytes)}"` : '';
  return [
    '{"type":"response.created","sequence_number":0,"response":{"id":"r","status":"in_progress","output":[]}}',
    `{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":${item('in_progress')}${image}}`,
    '{"type":"response.output_text.delta","sequence_number":2,"output_index":0,"content_index":0,"item_id":"m","delta":"hi"}',
    `{"type":"response.output_item.done","sequence_number":3,"output_index":0,"item":${item('completed')}}`,
    `{"type":"response.completed","sequence_number":4,"response":{"id":"r","status":"completed","output":[${item('completed')}],"usage":null}}`,
  ]
    .map((line) => `data: ${line}\n\n`)
    .join('');
}

const deepFinding = (type: string) => `Expected arrays and objects nested at most 1000 levels deep, found a "${type}" event nested deeper; skipped`;

describe('the processor: nesting past the limit is a finding, at the limit an event', () => {
  const LAZY = { shipped: true, everywhere: { minPayload: 0, longString: 1 }, full: false } as const;

  test.each([
    ['small events (full path)', 0],
    ['a large event (the lazy path first)', 100_000],
  ])('%s: the same in every decoding mode and chunking', (_name, imageBytes) => {
    expect(MAX_JSON_DEPTH).toBe(1000);
    // `extra` starts at level 3 of output_item.added and .done, at level 5 of the terminal response.
    const over = new TextEncoder().encode(deepItemCapture(MAX_JSON_DEPTH - 1, imageBytes));
    const random = createRandom(3);
    const chunkings = [[over], splitAt(over, [1, 2, 3].map(() => Math.floor(random() * over.length)))];
    const expected = parseChunks([over], { lazy: false });
    // Where each event's line starts, in bytes (the findings carry line and byte).
    const at = (type: string) => new TextDecoder().decode(over).indexOf(`data: {"type":"${type}"`);
    expect(expected.diagnostics).toEqual([
      `3:${at('response.output_item.added')}:nesting-too-deep:${deepFinding('response.output_item.added')}`,
      `5:${at('response.output_text.delta')}:sequence-gap:sequence_number jumps from 0 to 2 (1 event missing)`,
      `7:${at('response.output_item.done')}:nesting-too-deep:${deepFinding('response.output_item.done')}`,
      `9:${at('response.completed')}:nesting-too-deep:${deepFinding('response.completed')}`,
      expect.stringMatching(/^10:\d+:missing-terminal-event:/),
    ]);
    expect(expected.responses[0]?.text).toBe('hi');
    for (const chunks of chunkings) {
      for (const [mode, lazy] of Object.entries(LAZY)) {
        expect(parseChunks(chunks, { lazy, ...nodeBytes }), `${mode}, ${chunks.length} chunks`).toEqual(expected);
      }
    }
    // Three levels less, the terminal response is at the limit: every event decodes and the response completes.
    const atLimit = parseChunks([new TextEncoder().encode(deepItemCapture(MAX_JSON_DEPTH - 4, imageBytes))], { lazy: LAZY.shipped, ...nodeBytes });
    expect(atLimit.diagnostics).toEqual([]);
    expect(atLimit.responses[0]?.status).toBe('completed');
  });
});

describe('5,000 levels in an item: findings with lines in every report, nothing crashes', () => {
  const capture = deepItemCapture(5000);
  const feed = async (write: (piece: string) => Promise<void>) => write(capture);

  test('check, in each format, names the three events and still reads the rest', async () => {
    const text = await runBinStreamed(['check', '-'], feed);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').filter((line) => line.includes('[nesting-too-deep]'))).toEqual([
      `<stdin>:3: error: ${deepFinding('response.output_item.added')} [nesting-too-deep]`,
      `<stdin>:7: error: ${deepFinding('response.output_item.done')} [nesting-too-deep]`,
      `<stdin>:9: error: ${deepFinding('response.completed')} [nesting-too-deep]`,
    ]);
    expect(text.stdout).toContain('<stdin>:5: error: sequence_number jumps from 0 to 2 (1 event missing) [sequence-gap]');

    const junit = await runBinStreamed(['check', '--format', 'junit', '-'], feed);
    expect(junit.code).toBe(1);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    type Case = { '@_name': string; failure?: { '#text': string } };
    const suite = (new XMLParser({ ignoreAttributes: false }).parse(junit.stdout) as { testsuites: { testsuite: { '@_failures': string; testcase: Case[] } } }).testsuites.testsuite;
    expect(suite['@_failures']).toBe('3');
    const deep = suite.testcase.find((c) => c['@_name'] === 'nesting-too-deep');
    expect(deep?.failure?.['#text'].split('\n').map((line) => line.slice(0, 16))).toEqual(['line 3: error: E', 'line 7: error: E', 'line 9: error: E']);

    const json = await runBinStreamed(['check', '--format', 'json', '-'], feed);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { errors: number; files: { diagnostics: { code: string; line: number }[] }[] };
    expect(report.errors).toBe(5);
    expect(report.files[0]?.diagnostics.filter((d) => d.code === 'nesting-too-deep').map((d) => d.line)).toEqual([3, 7, 9]);

    const github = await runBinStreamed(['check', '--format', 'github', '-'], feed);
    expect(github.code).toBe(1);
    expect(github.stdout.split('\n').filter((line) => line.includes('title=nesting-too-deep')).map((line) => line.slice(0, 46))).toEqual([
      '::error file=<stdin>,line=3,title=nesting-too-',
      '::error file=<stdin>,line=7,title=nesting-too-',
      '::error file=<stdin>,line=9,title=nesting-too-',
    ]);
  });

  test('replay prints the text and the findings, replay --json every other event, inspect --json its report', async () => {
    const replay = await runBinStreamed(['replay', '--no-images', '-'], feed);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toBe('hi\n');
    expect(replay.stderr).toContain(`<stdin>:3: error: ${deepFinding('response.output_item.added')} [nesting-too-deep]`);
    expect(replay.stderr).not.toContain('respcat: internal error');

    const json = await runBinStreamed(['replay', '--json', '--no-images', '-'], feed);
    expect(json.code).toBe(1);
    expect(json.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { line: number }).line)).toEqual([1, 5]);

    const inspect = await runBinStreamed(['inspect', '--json', '-'], feed);
    expect(inspect.code).toBe(1);
    const report = JSON.parse(inspect.stdout) as { diagnostics: { code: string; line: number }[] };
    expect(report.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['nesting-too-deep@3', 'sequence-gap@5', 'nesting-too-deep@7', 'nesting-too-deep@9', 'missing-terminal-event@10']);
  });

  test('events nested right at the limit go through every report, in process too (a deeper stack)', async () => {
    // Every event of this capture reaches level 1000, delta and error objects included.
    const deep = (levels: number) => nested(levels);
    const item = (levels: number) => `{"id":"m","type":"message","role":"assistant","status":"completed","content":[{"type":"output_text","text":"hi","annotations":[]}],"extra":${deep(levels)}}`;
    const atLimit = [
      `{"type":"response.created","sequence_number":0,"response":{"id":"r","status":"in_progress","output":[],"metadata":{"x":${deep(997)}}}}`,
      `{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":${item(998)}}`,
      `{"type":"response.output_text.delta","sequence_number":2,"output_index":0,"content_index":0,"item_id":"m","delta":{"text":"hi","x":${deep(998)}}}`,
      `{"type":"response.output_item.done","sequence_number":3,"output_index":0,"item":${item(998)}}`,
      `{"type":"response.completed","sequence_number":4,"response":{"id":"r","status":"completed","output":[${item(996)}],"usage":null,"error":{"message":"x","deep":${deep(997)}}}}`,
    ]
      .map((line) => `data: ${line}\n\n`)
      .join('');
    const overLimit = atLimit.replace(`"metadata":{"x":${deep(997)}}`, `"metadata":{"x":${deep(998)}}`);
    for (const args of [['replay', '--json', '--no-images'], ['inspect', '--json'], ['check', '--format', 'json'], ['check', '--format', 'junit'], ['check', '--format', 'github']]) {
      const run = await runCli([...args, '-'], { stdin: atLimit });
      // (Replay ends with its summary line on stderr; nothing else may be there.)
      expect(run.stderr.replace(/^respcat: completed · \S+\n$/, ''), args.join(' ')).toBe('');
      expect(run.code, args.join(' ')).toBe(0);
      // The binary too, on node's own stack, for the two that write the most JSON (few: each spawn costs time).
      if (args[0] === 'replay' || args[0] === 'inspect') {
        const bin = await runBinStreamed([...args, '-'], (write) => write(atLimit));
        expect([bin.code, bin.stderr.replace(/^respcat: completed · \S+\n$/, '')], args.join(' ')).toEqual([0, '']);
        expect(bin.stdout).toBe(run.stdout);
      }
    }
    const over = await runCli(['check', '-'], { stdin: overLimit });
    expect(over.code).toBe(1);
    expect(over.stdout).toContain(`<stdin>:1: error: ${deepFinding('response.created')} [nesting-too-deep]`);
  });
});
