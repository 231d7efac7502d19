import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';
import { createSink, runCli } from '../support/fake-io.js';
import { ROOT, SEED } from '../support/samples.js';
import { ev, IG, jsonLines, PNG_1X1, PNG_LIAR, wholeTextResponse } from './captures.js';

const work = mkdtempSync(join(tmpdir(), 'respcat-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let files = 0;
/** Writes a capture to a fresh file and returns its path. */
function capture(content: string | Uint8Array, name = 'capture.sse'): string {
  const dir = join(work, `c${++files}`);
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const sample = (name: string): string => join(ROOT, 'samples', 'check', name);

type JsonReport = {
  schema: string;
  files: { file: string; errors: number; warnings: number; diagnostics: { severity: string; code: string; message: string; line: number }[] }[];
  errors: number;
  warnings: number;
};

/** Runs `check --format json` and returns the exit code and the parsed report. */
async function checkJson(args: readonly string[], options: Parameters<typeof runCli>[1] = {}) {
  const result = await runCli(['check', '--format', 'json', ...args], options);
  return { ...result, report: JSON.parse(result.stdout) as JsonReport };
}
/** `code@line` for every finding of the first file. */
const codesAt = (report: JsonReport, file = 0): string[] => (report.files[file]?.diagnostics ?? []).map((d) => `${d.code}@${d.line}`);

describe('respcat check: the cases the issue names', () => {
  test('exit 0 on whole captures', async () => {
    const { code, report, stderr } = await checkJson([capture(wholeTextResponse()), sample('whole.sse'), sample('image-whole.sse')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(report.files.map((f) => f.diagnostics)).toEqual([[], [], []]);
    expect((await runCli(['check', '--strict', sample('whole.sse')])).code).toBe(0);
  });

  test('exit 1 on a dropped event: sequence-gap at the line of the event after the gap', async () => {
    const lines = wholeTextResponse().split('\n');
    lines.splice(2, 1); // the first delta (sequence_number 2); the event after it is now line 3
    const { code, report } = await checkJson([capture(lines.join('\n'))]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['sequence-gap@3', 'text-mismatch@4']);
    expect(report.files[0]?.diagnostics[0]?.message).toBe('sequence_number jumps from 1 to 3 (1 event missing)');
  });

  test('exit 1 on deltas that do not add up (text-mismatch at the .done event)', async () => {
    const { code, report } = await checkJson([sample('text-mismatch.sse')]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['text-mismatch@17']);
  });

  test('exit 1 on response.failed', async () => {
    const { code, report } = await checkJson([sample('response-failed.sse')]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['response-failed@8']);
    expect(report.files[0]?.diagnostics[0]?.message).toMatch(/^Response failed \(server_error: "The model produced invalid content/);
  });

  test('exit 1 on an error event with no terminal event', async () => {
    const { code, report } = await checkJson([sample('error-event.sse')]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['error-event@14', 'missing-terminal-event@15']);
  });

  test('exit 1 on a capture cut inside an image', async () => {
    const { code, report } = await checkJson([sample('cut-inside-image.sse')]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['invalid-json@14', 'missing-terminal-event@14']);
    expect(report.files[0]?.diagnostics[0]?.message).toMatch(/^The input is cut off inside this event after \d+ bytes/);
  });

  test('exit 1 on response.incomplete', async () => {
    const { code, report } = await checkJson([sample('response-incomplete.sse')]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['response-incomplete@26']);
    expect(report.files[0]?.diagnostics[0]?.message).toBe('Response incomplete (reason "max_output_tokens")');
  });

  test('exit 1 on a PNG whose header lies about its size (invalid-image)', async () => {
    const { code, report } = await checkJson([sample('invalid-image.sse')]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['invalid-image@14']);
    expect(report.files[0]?.diagnostics[0]?.message).toMatch(/PNG header claims 100000 × 100000 pixels, more than its \d+ bytes of image data can hold$/);
  });

  test('exit 1 on an empty file (empty-stream at line 1)', async () => {
    const { code, report } = await checkJson([capture('')]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['empty-stream@1']);
  });

  test('the seed: its cut-off GIF partial is invalid-image, its 1×1 images image-size-mismatch, and --strict fails it on warnings too', async () => {
    const { code, report } = await checkJson([SEED]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual([
      'invalid-image@6',
      'image-format-mismatch@6',
      'image-size-mismatch@6',
      'image-size-mismatch@7',
      'output-mismatch@9',
      'image-size-mismatch@35',
    ]);
    expect([report.errors, report.warnings]).toEqual([1, 5]);
    const strict = await checkJson(['--strict', SEED]);
    expect(strict.code).toBe(1);
    expect([strict.report.errors, strict.report.warnings]).toEqual([6, 0]);
  });

  test('the seed without its broken partial passes, and --strict still fails it (the output-mismatch warning)', async () => {
    const lines = readFileSync(SEED, 'utf8').split('\n');
    // Drop the GIF partial (line 6) and renumber what follows so no sequence gap appears.
    const fixed = lines
      .filter((_, index) => index !== 5)
      .map((line) => line.replace(/"sequence_number":(\d+)/, (m, n: string) => (Number(n) > 5 ? `"sequence_number":${Number(n) - 1}` : m)));
    const path = capture(fixed.join('\n'));
    const lenient = await checkJson([path]);
    expect(lenient.code).toBe(0);
    expect(codesAt(lenient.report)).toEqual(['image-size-mismatch@6', 'output-mismatch@8', 'image-size-mismatch@34']);
    expect((await runCli(['check', '--strict', path])).code).toBe(1);
  });

  test('--format junit parses as XML', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'junit', SEED, sample('whole.sse'), sample('noisy.sse')]);
    expect(code).toBe(1);
    expect(XMLValidator.validate(stdout)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(stdout) as {
      testsuites: { testsuite: { '@_name': string; '@_failures': string; testcase: { '@_name': string }[] }[] };
    };
    expect(parsed.testsuites.testsuite.map((s) => [s['@_name'], s['@_failures']])).toEqual([
      [SEED, '1'],
      [sample('whole.sse'), '0'],
      [sample('noisy.sse'), '2'],
    ]);
    for (const suite of parsed.testsuites.testsuite) expect(suite.testcase.map((c) => c['@_name'])).toEqual([...DIAGNOSTIC_CODES]);
  });

  test('--format github lines are valid workflow commands', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'github', SEED, sample('noisy.sse'), sample('unknown-event.sse')]);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    const commands = lines.slice(0, -1);
    for (const line of commands) expect(line).toMatch(/^::(error|warning|notice) file=[^,:\r\n]*,line=[1-9]\d*,title=[a-z-]+::[^\r\n]+$/);
    expect(commands.filter((l) => l.startsWith('::error')).length).toBe(1 + 10 + 1 + 1);
    expect(commands.filter((l) => l.startsWith('::notice'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('respcat check: 3 files checked, 2 failed: 17 errors, 5 warnings, 1 info');
  });
});

describe('respcat check: files, exit codes and options', () => {
  test('one report for several files, in the order given; exit 1 when any fails', async () => {
    const { code, stdout } = await runCli(['check', sample('whole.sse'), sample('sequence-gap.sse'), sample('unknown-event.sse')]);
    expect(code).toBe(1);
    const verdicts = stdout.split('\n').filter((line) => /\.sse: (ok|failed)/.test(line));
    expect(verdicts).toEqual([
      `${sample('whole.sse')}: ok`,
      `${sample('sequence-gap.sse')}: failed (1 error, 0 warnings)`,
      `${sample('unknown-event.sse')}: ok (0 errors, 0 warnings, 1 info)`,
    ]);
    expect(stdout).toMatch(/\n3 files checked, 1 failed: 1 error, 0 warnings, 1 info\n$/);
  });

  test('warnings pass unless --strict; info never fails', async () => {
    expect((await runCli(['check', sample('output-mismatch.sse')])).code).toBe(0);
    expect((await runCli(['check', '--strict', sample('output-mismatch.sse')])).code).toBe(1);
    expect((await runCli(['check', '--strict', sample('unknown-event.sse')])).code).toBe(0);
  });

  test('a missing file: one line naming it, the others still checked and reported, exit 3', async () => {
    const missing = join(work, 'no-such.sse');
    const { code, stdout, stderr } = await runCli(['check', sample('whole.sse'), missing, sample('sequence-gap.sse')]);
    expect(code).toBe(3);
    expect(stderr).toBe(`respcat: ${missing}: no such file\n`);
    expect(stdout).toContain(`${sample('whole.sse')}: ok`);
    expect(stdout).toContain(`${sample('sequence-gap.sse')}:8: error:`);
    // The unreadable file is one of the files checked, and failed (docs/spec.md §5): it used to be left out of the totals.
    expect(stdout).toMatch(/3 files checked, 2 failed/);
  });

  test('a directory is walked for captures (issue 22); one that holds none is a usage error, exit 2', async () => {
    const empty = join(work, 'no-captures');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.md'), 'no capture here\n');
    const { code, stdout, stderr } = await runCli(['check', empty]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`respcat: ${empty}: no captures in this folder (files ending .sse, .jsonl, .ndjson, .txt, .log, .eventstream, or those with .gz)\n`);
  });

  test('an input that fails part way: what was read is reported, the failure named, exit 3', async () => {
    const head = readFileSync(sample('whole.sse')).subarray(0, 400);
    const stdin = new Readable({
      read() {
        this.push(head);
        this.destroy(new Error('connection reset'));
      },
    });
    const stdout = createSink();
    const stderr = createSink();
    const code = await main(['check', '--format', 'json', '-'], { stdin, stdout: stdout.stream, stderr: stderr.stream, env: { NO_COLOR: '1' } });
    expect(code).toBe(3);
    expect(stderr.text()).toBe('respcat: <stdin>: read failed after 400 bytes: connection reset\n');
    const report = JSON.parse(stdout.text()) as JsonReport;
    expect(codesAt(report)).toEqual(['invalid-json@5', 'missing-terminal-event@5']);
  });

  test('a cut-off gzip: a warning, and what came before it is checked', async () => {
    const gz = gzipSync(readFileSync(sample('whole.sse')));
    const path = capture(gz.subarray(0, Math.floor(gz.length * 0.6)), 'cut.sse.gz');
    const { code, stderr, report } = await checkJson([path]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^respcat: .*cut\.sse\.gz: gzip data is cut off or corrupt \(.*\); read what came before it\n$/);
    expect(report.files[0]?.diagnostics.map((d) => d.code)).toContain('missing-terminal-event');
  });

  test('stdin with - and with no FILE; gzip is read transparently', async () => {
    const whole = readFileSync(sample('whole.sse'));
    for (const args of [['-'], []]) {
      const { code, stdout } = await runCli(['check', ...args], { stdin: whole });
      expect(code).toBe(0);
      expect(stdout).toBe('<stdin>: ok\n\n1 file checked, all passed: 0 errors, 0 warnings\n');
    }
    const gz = capture(gzipSync(readFileSync(sample('sequence-gap.sse'))), 'gap.sse.gz');
    const { code, report } = await checkJson([gz]);
    expect(code).toBe(1);
    expect(codesAt(report)).toEqual(['sequence-gap@8']);
  });

  test('no input on a terminal is a usage error with a hint: exit 2', async () => {
    const { code, stdout, stderr } = await runCli(['check'], { stdinIsTTY: true });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('respcat: no input: give a FILE, or pipe a stream in (curl -N … | respcat check)\n');
  });

  test('a bad --format value or an unknown option is a usage error: one line, exit 2', async () => {
    const bad = await runCli(['check', '--format', 'xml', sample('whole.sse')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^respcat: option '-f, --format <format>' argument 'xml' is invalid\. Allowed choices are text, json, junit, github\. \(see 'respcat check --help'\)\n$/);
    const unknown = await runCli(['check', '--frobnicate', sample('whole.sse')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')).toHaveLength(2);
  });

  test('--quiet prints only failing findings and the totals line', async () => {
    const { code, stdout } = await runCli(['check', '-q', sample('whole.sse'), sample('output-mismatch.sse'), sample('sequence-gap.sse')]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      `${sample('sequence-gap.sse')}:8: error: sequence_number jumps from 1 to 3 (1 event missing) [sequence-gap]\n\n` +
        '3 files checked, 1 failed: 1 error, 1 warning\n',
    );
  });

  test('colour: on a terminal, or with --color; never with NO_COLOR, --no-color, or into a pipe; json never', async () => {
    const gap = sample('sequence-gap.sse');
    const esc = '\u001b[';
    expect((await runCli(['check', gap], { stdoutIsTTY: true, env: { TERM: 'xterm' } })).stdout).toContain(esc);
    expect((await runCli(['check', '--color', gap])).stdout).toContain(esc);
    expect((await runCli(['check', gap], { stdoutIsTTY: true, env: { TERM: 'xterm', NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await runCli(['check', '--no-color', gap], { stdoutIsTTY: true, env: { TERM: 'xterm' } })).stdout).not.toContain(esc);
    expect((await runCli(['check', gap], { env: {} })).stdout).not.toContain(esc);
    expect((await runCli(['check', '--color', '--format', 'json', gap])).stdout).not.toContain(esc);
  });

  test('Ctrl-C: exit 130 and no report', async () => {
    const interrupt = new AbortController();
    interrupt.abort();
    const { code, stdout } = await runCli(['check', sample('whole.sse')], { signal: interrupt.signal });
    expect(code).toBe(130);
    expect(stdout).toBe('');
  });

  test('--help lists the formats and --strict', async () => {
    const { code, stdout } = await runCli(['check', '--help']);
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain('--format <format> report format (choices: "text", "json", "junit", "github", default: "text")');
    expect(stdout).toContain('--strict');
  });

  test('the line of a finding is where its event JSON starts, whatever the framing', async () => {
    // The same dropped event as JSON lines, as SSE with event: lines, and behind a curl -i preamble.
    const events = [ev.created('r', 0), ev.delta('a', 1), ev.delta('c', 3), ev.completed([], 4, 'r')];
    const asJsonLines = jsonLines(events);
    const asSse = events.map((e) => `event: ${(e as { type: string }).type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
    const asCurl = `HTTP/2 200\r\ncontent-type: text/event-stream\r\n\r\n${asSse.replace(/\n/g, '\r\n')}`;
    const lines = [];
    for (const text of [asJsonLines, asSse, asCurl]) lines.push(codesAt((await checkJson([capture(text)])).report));
    expect(lines).toEqual([['sequence-gap@3'], ['sequence-gap@8'], ['sequence-gap@11']]);
  });

  test('an image response whose final image is whole passes; one with no result anywhere fails', async () => {
    const item = ev.imageItem();
    const ok = jsonLines([ev.created(), ev.itemDone({ ...item, result: PNG_1X1 }), ev.completed([{ ...item, result: PNG_1X1 }])]);
    const none = jsonLines([ev.created(), ev.itemAdded({ id: IG, type: 'image_generation_call' }), ev.partialImage(PNG_LIAR), ev.itemDone(item), ev.completed([item])]);
    expect((await checkJson([capture(ok)])).code).toBe(0);
    const failed = await checkJson([capture(none)]);
    expect(failed.code).toBe(1);
    expect(codesAt(failed.report)).toEqual(['invalid-image@3', 'missing-final-image@4']);
  });
});
