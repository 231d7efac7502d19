import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { ROOT } from '../support/samples.js';

beforeAll(ensureBuilt);
const work = mkdtempSync(join(tmpdir(), 'respcat-ciscale-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SEED = 'samples/seed-image-gen.sse';

type Report = { files: { file: string; errors: number; warnings: number; off?: string[]; diagnostics: { severity: string; code: string; line: number }[] }[]; errors: number; warnings: number };
const parse = (stdout: string): Report => JSON.parse(stdout) as Report;

describe('check --ignore and --severity (issue 22)', () => {
  test('the seed fails check, and passes with --ignore invalid-image (its only error); the rest is still reported', () => {
    const plain = runBin(['check', SEED]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('[invalid-image]');
    const ignored = runBin(['check', '--ignore', 'invalid-image', SEED]);
    expect(ignored.stderr).toBe('');
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).not.toContain('invalid-image');
    expect(ignored.stdout).toContain('samples/seed-image-gen.sse:9: warning: Item ig_');
    expect(ignored.stdout.endsWith('1 file checked, all passed: 0 errors, 5 warnings\n')).toBe(true);
  });

  test('--ignore takes a comma list and repeats; JSON names the rules set off, JUnit skips them', () => {
    const json = runBin(['check', '--json', '--ignore', 'invalid-image,output-mismatch', '--ignore', 'image-size-mismatch', SEED]);
    expect(json.code).toBe(0);
    const report = parse(json.stdout);
    expect(report.files[0]?.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['image-format-mismatch@6']);
    expect(report.files[0]?.off).toEqual(['output-mismatch', 'invalid-image', 'image-size-mismatch']);
    const junit = runBin(['check', '--format', 'junit', '--ignore', 'invalid-image', SEED]);
    expect(junit.code).toBe(0);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(junit.stdout) as {
      testsuites: { '@_failures': string; '@_skipped': string; testsuite: { testcase: { '@_name': string; skipped?: { '@_message': string } }[] } };
    };
    expect(xml.testsuites['@_failures']).toBe('0');
    expect(xml.testsuites['@_skipped']).toBe('1');
    expect(xml.testsuites.testsuite.testcase.find((c) => c['@_name'] === 'invalid-image')?.skipped?.['@_message']).toBe('off');
  });

  test('--severity raises, lowers and turns off; --strict then counts the warnings', () => {
    const raised = runBin(['check', '--json', '--ignore', 'invalid-image', '--severity', 'output-mismatch=error', SEED]);
    expect(raised.code).toBe(1);
    expect(parse(raised.stdout).files[0]?.diagnostics.find((d) => d.code === 'output-mismatch')?.severity).toBe('error');
    const lowered = runBin(['check', '--json', '--severity', 'invalid-image=info', '--severity', 'image-size-mismatch=off', SEED]);
    expect(lowered.code).toBe(0);
    expect(parse(lowered.stdout)).toMatchObject({ errors: 0, warnings: 2 });
    expect(parse(lowered.stdout).files[0]?.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual([
      'info invalid-image',
      'warning image-format-mismatch',
      'warning output-mismatch',
    ]);
    expect(runBin(['check', '--strict', '--severity', 'invalid-image=warning', SEED]).code).toBe(1);
  });

  test('check --json is --format json', () => {
    const json = runBin(['check', '--json', 'samples/check/whole.sse']);
    expect(json.code).toBe(0);
    expect(json.stdout).toBe(runBin(['check', '--format', 'json', 'samples/check/whole.sse']).stdout);
  });

  test.each([
    [['--ignore', 'invalid-imag'], 'respcat: --ignore: unknown finding code "invalid-imag" (did you mean invalid-image?); the codes are listed in docs/spec.md §5\n'],
    [['--ignore', 'invalid-image,nope,sequence-gaps'], 'respcat: --ignore: unknown finding codes "nope", "sequence-gaps" (did you mean sequence-gap?); the codes are listed in docs/spec.md §5\n'],
    [['--severity', 'output-mismatsh=off'], 'respcat: --severity: unknown finding code "output-mismatsh" (did you mean output-mismatch?); the codes are listed in docs/spec.md §5\n'],
    [['--severity', 'output-mismatch=fatal'], 'respcat: --severity output-mismatch: expected one of error, warning, info, off, got "fatal"\n'],
    [['--severity', 'output-mismatch'], 'respcat: --severity: expected CODE=error|warning|info|off, got "output-mismatch"\n'],
  ])('%j is a usage error naming it: exit 2, nothing on stdout', (args, message) => {
    const result = runBin(['check', ...args, SEED]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(message);
  });
});

/** Lays out files under a fresh folder of `work`: path → sample to copy (or content), returns the folder. */
let trees = 0;
function tree(files: Readonly<Record<string, string | Buffer>>): string {
  const root = join(work, `t${++trees}`);
  for (const [path, from] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    if (typeof from === 'string' && from.startsWith('samples/')) copyFileSync(join(ROOT, from), join(root, path));
    else writeFileSync(join(root, path), from);
  }
  return root;
}

describe('inputs: folders walked, quoted globs expanded, nothing found is exit 2 (issue 22)', () => {
  const whole = 'samples/check/whole.sse';
  const broken = 'samples/check/invalid-json.sse';
  const fixtures = (): string =>
    tree({
      'fixtures/top.sse': whole,
      'fixtures/a/b/deep.sse': broken,
      'fixtures/a/run.jsonl': 'samples/families/chat-several-streams.jsonl',
      'fixtures/a/z.sse.gz': gzipSync(readFileSync(join(ROOT, whole))),
      'fixtures/a/notes.md': '# not a capture\n',
      'fixtures/.cache/hidden.sse': broken,
      'fixtures/node_modules/dep/dep.sse': broken,
    });

  test('check fixtures/ walks nested folders (hidden ones and node_modules skipped), sorted', () => {
    const cwd = fixtures();
    const result = runBin(['check', '--json', 'fixtures/'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(parse(result.stdout).files.map((f) => `${f.file} ${f.errors}`)).toEqual([
      'fixtures/a/b/deep.sse 1',
      'fixtures/a/run.jsonl 0',
      'fixtures/a/z.sse.gz 0',
      'fixtures/top.sse 0',
    ]);
  });

  test("check 'fixtures/**/*.sse' (quoted: the shell does not expand it) checks the nested files too", () => {
    const cwd = fixtures();
    const result = runBin(['check', '--json', 'fixtures/**/*.sse'], { cwd });
    expect(result.code).toBe(1);
    expect(parse(result.stdout).files.map((f) => f.file)).toEqual(['fixtures/a/b/deep.sse', 'fixtures/top.sse']);
    const dotted = runBin(['check', '--json', './fixtures/*/*.jsonl', 'fixtures/top.sse', 'fixtures/*.sse'], { cwd });
    expect(dotted.code).toBe(0);
    // Paths as typed; a file found again by a later pattern is checked once.
    expect(parse(dotted.stdout).files.map((f) => f.file)).toEqual(['./fixtures/a/run.jsonl', 'fixtures/top.sse']);
  });

  test('inspect takes the same inputs', () => {
    const cwd = fixtures();
    const result = runBin(['inspect', '--json', 'fixtures', 'fixtures/**/*.jsonl'], { cwd });
    expect((JSON.parse(result.stdout) as { file: string }[]).map((r) => r.file)).toEqual([
      'fixtures/a/b/deep.sse',
      'fixtures/a/run.jsonl',
      'fixtures/a/z.sse.gz',
      'fixtures/top.sse',
    ]);
    const none = runBin(['inspect', 'fixtures/**/*.ndjson'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('respcat: fixtures/**/*.ndjson: no file matches this pattern\n');
  });

  test.each(['text', 'json', 'junit', 'github'])('--format %s: a pattern or folder that finds nothing is exit 2, never a pass', (format) => {
    const cwd = fixtures();
    mkdirSync(join(cwd, 'empty', 'sub'), { recursive: true });
    writeFileSync(join(cwd, 'empty', 'sub', 'notes.md'), 'no capture\n');
    const pattern = runBin(['check', '--format', format, 'fixtures/top.sse', 'fixtures/**/*.eventstream'], { cwd });
    expect([pattern.code, pattern.stdout, pattern.stderr]).toEqual([2, '', 'respcat: fixtures/**/*.eventstream: no file matches this pattern\n']);
    const folder = runBin(['check', '--format', format, 'empty'], { cwd });
    expect(folder.code).toBe(2);
    expect(folder.stdout).toBe('');
    expect(folder.stderr).toBe('respcat: empty: no captures in this folder (files ending .sse, .jsonl, .ndjson, .txt, .log, .eventstream, or those with .gz)\n');
  });
});
