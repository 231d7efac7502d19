import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../support/binary.js';
import { listSamples, ROOT } from '../support/samples.js';
import { batchSize } from '../../src/commands/check-pool.js';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';

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

describe('the config file (issue 22)', () => {
  const legacyAndNew = (config: Readonly<Record<string, string>>): string =>
    tree({ 'fixtures/legacy/seed.sse': SEED, 'fixtures/new/seed.sse': SEED, 'fixtures/new/whole.sse': 'samples/check/whole.sse', ...config });
  const override = JSON.stringify({ overrides: [{ files: ['fixtures/legacy/**'], rules: { 'invalid-image': 'off' } }] });

  test('an override silences a code for one folder only; found from a folder below; --no-config reads none', () => {
    const cwd = legacyAndNew({ 'respcat.config.json': override });
    const result = runBin(['check', '--json', 'fixtures'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(parse(result.stdout).files.map((f) => `${f.file} ${f.errors} ${f.diagnostics.some((d) => d.code === 'invalid-image')}`)).toEqual([
      'fixtures/legacy/seed.sse 0 false',
      'fixtures/new/seed.sse 1 true',
      'fixtures/new/whole.sse 0 false',
    ]);
    mkdirSync(join(cwd, 'fixtures', 'legacy', 'deeper'));
    const below = runBin(['check', '--json', '../seed.sse'], { cwd: join(cwd, 'fixtures', 'legacy', 'deeper') });
    expect([below.code, parse(below.stdout).errors]).toEqual([0, 0]);
    expect(runBin(['check', '--no-config', 'fixtures/legacy'], { cwd }).code).toBe(1);
  });

  test('rules, ignore, and the defaults of --format and --strict, from package.json\'s "respcat" key; the command line wins', () => {
    const config = { rules: { 'invalid-image': 'warning' }, ignore: ['fixtures/new/whole.sse'], format: 'json', strict: true };
    const cwd = legacyAndNew({ 'package.json': JSON.stringify({ name: 'x', respcat: config }) });
    const result = runBin(['check', 'fixtures'], { cwd });
    expect(result.code).toBe(1);
    const report = parse(result.stdout);
    expect(report.files.map((f) => f.file)).toEqual(['fixtures/legacy/seed.sse', 'fixtures/new/seed.sse']);
    expect(report.files[0]?.diagnostics[0]).toMatchObject({ code: 'invalid-image', severity: 'warning' });
    expect(report).toMatchObject({ errors: 12, warnings: 0 });
    const loose = runBin(['check', '--no-strict', '--format', 'text', '--severity', 'invalid-image=error', 'fixtures/new/whole.sse', 'fixtures/legacy'], { cwd });
    expect(loose.code).toBe(1);
    expect(loose.stdout).toMatch(/^fixtures\/new\/whole\.sse: ok\n/);
    expect(loose.stdout.endsWith('2 files checked, 1 failed: 1 error, 5 warnings\n')).toBe(true);
  });

  test.each([
    [{ 'respcat.config.json': JSON.stringify({ overrides: [{ files: ['fixtures/legacy'], rules: { 'invalid-imag': 'off' } }] }) }, [], 'respcat: respcat.config.json: overrides[0]: rules: unknown finding code "invalid-imag" (did you mean invalid-image?); the codes are listed in docs/spec.md §5\n'],
    [{ 'respcat.config.json': JSON.stringify({ rule: {} }) }, [], 'respcat: respcat.config.json: unknown key "rule" (the keys are $schema, rules, overrides, ignore, format, strict, maxGap, maxTtft)\n'],
    [{ 'respcat.config.json': JSON.stringify({ rules: { 'invalid-image': 'warn' } }) }, [], 'respcat: respcat.config.json: rules: invalid-image: expected one of error, warning, info, off, got "warn"\n'],
    [{ 'respcat.config.json': JSON.stringify({ maxTtft: -5 }) }, [], 'respcat: respcat.config.json: maxTtft: expected a number of milliseconds, 0 or more, got -5\n'],
    [{ 'respcat.config.json': '{"rules": ' }, [], /^respcat: respcat\.config\.json: the config file is not JSON: /],
    [{ 'package.json': JSON.stringify({ respcat: { format: 'sarif' } }) }, [], 'respcat: package.json: respcat: format: expected one of text, json, junit, github, got "sarif"\n'],
    [{ 'ci.json': JSON.stringify({ overrides: [{ rules: {} }] }) }, ['--config', 'ci.json'], 'respcat: ci.json: overrides[0]: files: missing (the globs the override applies to)\n'],
    [{}, ['--config', 'missing.json'], 'respcat: missing.json: cannot read the config file: no such file\n'],
  ])('a bad config is exit 2 naming the file and the key: %j %j', (files, args, message) => {
    const cwd = legacyAndNew(files);
    const result = runBin(['check', ...args, 'fixtures'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    if (typeof message === 'string') expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
  });
});

describe('inline suppression: a `: respcat-ignore CODE` comment line (issue 22)', () => {
  test('silences that code for that file only, and each code named is reported as used or unused', () => {
    const seed = readFileSync(join(ROOT, SEED), 'utf8');
    const cwd = tree({ 'quiet.sse': `: respcat-ignore invalid-image, sequence-gap\n: respcat-ignore invalid-imag\n\n${seed}`, 'loud.sse': seed });
    const json = runBin(['check', '--json', 'quiet.sse', 'loud.sse'], { cwd });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as Report & { files: { suppressed?: unknown }[] };
    expect(report.files.map((f) => f.errors)).toEqual([0, 1]);
    expect(report.files[0]?.suppressed).toEqual([
      { code: 'invalid-image', line: 1, count: 1, known: true },
      { code: 'sequence-gap', line: 1, count: 0, known: true },
      { code: 'invalid-imag', line: 2, count: 0, known: false },
    ]);
    expect(report.files[1]?.suppressed).toBeUndefined();
    const text = runBin(['check', 'quiet.sse'], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'quiet.sse:1: respcat-ignore invalid-image: silenced 1 finding\n' +
        'quiet.sse:1: respcat-ignore sequence-gap: unused: no sequence-gap finding in this file\n' +
        'quiet.sse:2: respcat-ignore invalid-imag: unused: no such finding code\n' +
        'quiet.sse: ok (0 errors, 5 warnings)\n',
    );
    const github = runBin(['check', '--format', 'github', 'quiet.sse'], { cwd });
    expect(github.stdout).toContain('::notice file=quiet.sse,line=1,title=respcat-ignore::respcat-ignore sequence-gap: unused: no sequence-gap finding in this file\n');
  });
});

describe('--jobs: worker threads, the same report (issue 22)', () => {
  test.each(['text', 'json', 'junit', 'github'])('--format %s: --jobs 2 (and the default) give stdout, stderr and exit code byte-identical to --jobs 1, in input order', (format) => {
    // Large and small, broken and whole, one unreadable and stdin among them: any of them may finish first.
    const inputs = ['samples/kinds/*.sse', 'samples/check/*.sse', 'samples/check/no-such.sse', '-', 'samples/seed-image-gen.sse'];
    const input = readFileSync(join(ROOT, 'samples/check/sequence-gap.sse'));
    const one = runBin(['check', '--format', format, '--jobs', '1', ...inputs], { input });
    expect(one.code).toBe(3);
    expect(one.stderr).toBe('respcat: samples/check/no-such.sse: no such file\n');
    for (const jobs of [['--jobs', '2'], []]) {
      const many = runBin(['check', '--format', format, ...jobs, ...inputs], { input });
      expect({ code: many.code, stderr: many.stderr }).toEqual({ code: one.code, stderr: one.stderr });
      expect(many.stdout === one.stdout, `${jobs.join(' ')} differs from --jobs 1`).toBe(true);
    }
  });

  test('many files in batches (folders, a glob, more jobs than cores or files): every report byte-identical to --jobs 1', () => {
    // 120 captures copied round-robin from the samples into folders: enough that each worker is sent several
    // files at a time and files finish out of order; one unreadable name and stdin in the middle.
    const samples = listSamples().filter((sample) => !sample.endsWith('.json'));
    const dir = join(work, `batches${++trees}`);
    for (let i = 0; i < 120; i++) {
      const from = samples[(i * 7) % samples.length] as string;
      const to = join(dir, `part-${i % 3}`, `${String(i).padStart(3, '0')}-${from.split('/').pop() as string}`);
      mkdirSync(dirname(to), { recursive: true });
      copyFileSync(join(ROOT, from), to);
    }
    const inputs = [join(dir, 'part-0'), join(dir, 'no-such.sse'), '-', `${dir}/part-[12]/*`, SEED];
    const input = readFileSync(join(ROOT, 'samples/check/sequence-gap.sse'));
    for (const format of ['json', 'text']) {
      const one = runBin(['check', '--format', format, '--jobs', '1', ...inputs], { input });
      expect(one.code).toBe(3);
      expect(one.stdout.length).toBeGreaterThan(10_000);
      for (const jobs of ['2', '3', '8']) {
        const many = runBin(['check', '--format', format, '--jobs', jobs, ...inputs], { input });
        expect({ code: many.code, stderr: many.stderr }).toEqual({ code: one.code, stderr: one.stderr });
        expect(many.stdout === one.stdout, `--jobs ${jobs} --format ${format} differs from --jobs 1`).toBe(true);
      }
    }
    // Two files and eight jobs: one worker at most is of use, and the report is the same.
    const two = ['samples/check/whole.sse', SEED];
    expect(runBin(['check', '--json', '--jobs', '8', ...two])).toEqual(runBin(['check', '--json', '--jobs', '1', ...two]));
    // Ten runs over 120 files: a busy 2-core CI machine needs minutes.
  }, 180_000);

  test('a worker is sent a few files at a time while many are left, one at a time near the end', () => {
    expect([1000, 100, 16, 8, 7, 1, 0].map((remaining) => batchSize(remaining, 2))).toEqual([16, 12, 2, 1, 1, 1, 1]);
    expect(batchSize(100, 4)).toBe(6);
  });

  test('--jobs takes a whole number from 1', () => {
    const result = runBin(['check', '--jobs', '0', SEED]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("respcat: option '-j, --jobs <n>' argument '0' is invalid. expected a whole number ≥ 1 (see 'respcat check --help')\n");
  });
});

describe('--shard I/N and --merge-reports DIR (issue 22)', () => {
  const inputs = ['samples/check/', 'samples/seed-image-gen.sse', 'samples/check/no-such.sse', 'samples/kinds/refusal.sse'];

  test('shards 1/3, 2/3 and 3/3 partition the inputs; their merged JSON report equals the unsharded one, in every format with one exit code', () => {
    const whole = runBin(['check', '--json', ...inputs]);
    expect(whole.code).toBe(3);
    const all = parse(whole.stdout).files.map((f) => f.file);
    const dir = join(work, `shards${++trees}`);
    mkdirSync(dir);
    const parts: string[][] = [];
    for (const index of [1, 2, 3]) {
      const shard = runBin(['check', '--json', '--shard', `${index}/3`, ...inputs]);
      const report = JSON.parse(shard.stdout) as Omit<Report, 'files'> & { shard: unknown; files: (Report['files'][number] & { position: number })[] };
      expect(report.shard).toEqual({ index, total: 3, inputs: all.length });
      parts.push(report.files.map((f) => f.file));
      // Each file's place in the whole run goes with it.
      expect(report.files.map((f) => all[f.position])).toEqual(parts[index - 1]);
      writeFileSync(join(dir, `shard-${index}.json`), shard.stdout);
    }
    expect(parts.every((part) => part.length >= Math.floor(all.length / 3))).toBe(true);
    expect(parts.flat().sort()).toEqual([...all].sort());
    expect(new Set(parts.flat()).size).toBe(all.length);
    // The cut is of the sorted inputs: shard 1 holds the first third by path.
    expect(parts[0]).toEqual([...all].sort().slice(0, parts[0]?.length).filter((file) => parts[0]?.includes(file)));

    const merged = runBin(['check', '--merge-reports', dir, '--format', 'json']);
    expect(merged.code).toBe(3);
    expect(merged.stdout === whole.stdout, 'merged JSON differs from the unsharded report').toBe(true);
    for (const format of ['text', 'junit', 'github']) {
      const one = runBin(['check', '--format', format, ...inputs]);
      const again = runBin(['check', '--merge-reports', dir, '--format', format]);
      expect(again.code).toBe(3);
      expect(again.stdout === one.stdout, `${format}: merged differs from unsharded`).toBe(true);
    }
    const strict = runBin(['check', '--merge-reports', dir, '--strict', '--json']);
    expect(parse(strict.stdout).errors).toBe(parse(runBin(['check', '--strict', '--json', ...inputs]).stdout).errors);
  }, 240_000);

  test('JUnit says which shard; a shard of fewer inputs than shards is an empty pass', () => {
    const junit = runBin(['check', '--format', 'junit', '--shard', '2/2', 'samples/check/whole.sse', 'samples/check/image-whole.sse']);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain(`<testsuites name="respcat check (shard 2/2)" tests="${DIAGNOSTIC_CODES.length}"`);
    expect(junit.stdout).toContain('<testsuite name="samples/check/whole.sse"');
    const empty = runBin(['check', '--json', '--shard', '1/3', 'samples/check/whole.sse']);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual({ schema: 'respcat.check/1', shard: { index: 1, total: 3, inputs: 1 }, files: [], errors: 0, warnings: 0 });
  });

  test.each([
    [['--shard', '4/3', SEED], 'respcat: --shard: expected I/N with 1 ≤ I ≤ N (as in --shard 2/3), got "4/3"\n'],
    [['--shard', '1/2', '-'], 'respcat: --shard: stdin cannot be split across jobs; give files, folders or globs\n'],
    [['--merge-reports', 'samples', SEED], 'respcat: --merge-reports DIR takes no FILE and no --shard: it merges reports already made\n'],
    [['--merge-reports', 'bench'], 'respcat: --merge-reports bench: no .json report in this folder\n'],
  ])('%j: exit 2', (args, message) => {
    const result = runBin(['check', ...args]);
    expect([result.code, result.stdout, result.stderr]).toEqual([2, '', message]);
  });

  test('a shard missing or given twice, or a report that is not respcat\'s, is exit 2 naming it', () => {
    const dir = join(work, `shards${++trees}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.json'), runBin(['check', '--json', '--shard', '1/3', SEED, 'samples/check/whole.sse']).stdout);
    writeFileSync(join(dir, 'b.json'), runBin(['check', '--json', '--shard', '1/3', SEED, 'samples/check/whole.sse']).stdout);
    expect(runBin(['check', '--merge-reports', dir]).stderr).toBe(`respcat: ${join(dir, 'b.json')}: shard 1/3 is also ${join(dir, 'a.json')}\n`);
    rmSync(join(dir, 'b.json'));
    const missing = runBin(['check', '--merge-reports', dir]);
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([2, '', `respcat: --merge-reports ${dir}: shards 2/3, 3/3 missing\n`]);
    writeFileSync(join(dir, 'c.json'), '{"schema":"respcat.inspect/1"}');
    expect(runBin(['check', '--merge-reports', dir]).stderr).toBe(`respcat: ${join(dir, 'c.json')}: not a respcat.check/1 report: no "schema": "respcat.check/1" and "files"\n`);
  });
});
