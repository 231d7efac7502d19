import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/core/diagnostics.js';
import { ensureBuilt, runBin } from '../support/binary.js';
import { runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';

const root = mkdtempSync(join(tmpdir(), 'respcat-golden-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dir = '';
let golden = '';
let run = 0;
beforeEach(() => {
  dir = join(root, `run${++run}`);
  golden = join(dir, 'golden');
  mkdirSync(golden, { recursive: true });
});
const sample = (name: string): string => join(ROOT, 'samples', name);
/** Copies a sample into the run's folder under `as` (the name its golden is found by). */
function input(name: string, as: string): string {
  const path = join(dir, as);
  copyFileSync(sample(name), path);
  return path;
}

interface CheckJson {
  files: { file: string; errors: number; diagnostics: { severity: string; code: string; message: string; line: number }[] }[];
  errors: number;
}

describe('check --golden DIR FILE…', () => {
  test('equal inputs pass; a changed one fails with golden-mismatch at its lines, the others still checked', async () => {
    copyFileSync(sample('diff/tool-call.sse'), join(golden, 'calls.sse'));
    copyFileSync(sample('seed-image-gen.sse'), join(golden, 'seed.sse'));
    const calls = input('diff/tool-call-reordered-keys.sse', 'calls.sse');
    const seed = input('diff/seed-one-word.sse', 'seed.sse');
    const { code, stdout } = await runCli(['check', '--golden', golden, '--format', 'json', calls, seed]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as CheckJson;
    expect(report.files.map((f) => [f.file, f.errors])).toEqual([
      [calls, 0],
      // The seed's own invalid-image, and the changed word.
      [seed, 2],
    ]);
    const mismatch = report.files[1]?.diagnostics.filter((d) => d.code === 'golden-mismatch');
    expect(mismatch).toEqual([
      {
        severity: 'error',
        code: 'golden-mismatch',
        line: 16,
        message: `Differs from golden ${JSON.stringify(join(golden, 'seed.sse'))} (its line 16) at responses[0].items[1].text: expected "black line in a perfect circle. Let me k…", found "white line in a perfect circle. Let me k…"`,
      },
    ]);
  });

  test('a changed pixel, an extra response and a missing golden are each a golden-mismatch', async () => {
    copyFileSync(sample('seed-image-gen.sse'), join(golden, 'pixel.sse'));
    copyFileSync(sample('diff/tool-call.sse'), join(golden, 'twice.sse'));
    const pixel = input('diff/seed-one-pixel.sse', 'pixel.sse');
    const twice = join(dir, 'twice.sse');
    writeFileSync(twice, readFileSync(sample('diff/tool-call.sse'), 'utf8').repeat(2));
    const orphan = input('diff/tool-call.sse', 'orphan.sse');
    const { code, stdout } = await runCli(['check', '--golden', golden, '--format', 'json', pixel, twice, orphan]);
    expect(code).toBe(1);
    const mismatches = (JSON.parse(stdout) as CheckJson).files.map((f) => f.diagnostics.filter((d) => d.code === 'golden-mismatch').map((d) => [d.line, d.message]));
    expect(mismatches).toEqual([
      [[35, `Differs from golden ${JSON.stringify(join(golden, 'pixel.sse'))} (its line 35) at responses[0].images[2].pixels: 1 of 1 pixels differ (100%)`]],
      [[41, `Not in golden ${JSON.stringify(join(golden, 'twice.sse'))}: responses[1], found {"id":"resp_kinds_fcall_0001","model":"g…`]],
      [[1, `No golden ${JSON.stringify(join(golden, 'orphan.sse'))} to compare with (--update-golden creates it)`]],
    ]);
  });

  test('JUnit: a golden-mismatch testcase only when --golden ran, failing with the finding', async () => {
    copyFileSync(sample('diff/tool-call.sse'), join(golden, 'calls.sse'));
    const calls = input('diff/tool-call-changed-value.sse', 'calls.sse');
    const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testcase' || name === 'testsuite' }).parse(xml);
    const plain = parse((await runCli(['check', '--format', 'junit', calls])).stdout);
    expect(plain.testsuites.testsuite[0].testcase.map((c: Record<string, string>) => c['@_name'])).toEqual([...DIAGNOSTIC_CODES]);
    const withGolden = await runCli(['check', '--golden', golden, '--format', 'junit', calls]);
    expect(withGolden.code).toBe(1);
    const suite = parse(withGolden.stdout).testsuites.testsuite[0];
    expect(suite.testcase.map((c: Record<string, string>) => c['@_name'])).toEqual([...DIAGNOSTIC_CODES, 'golden-mismatch']);
    expect(suite['@_tests']).toBe(String(DIAGNOSTIC_CODES.length + 1));
    expect(suite['@_failures']).toBe('1');
    expect(String(suite.testcase.at(-1).failure['#text'])).toContain('arguments.city: expected "Paris", found "Lyon"');
  });

  test('--update-golden copies what differs or is new, leaves what is equal, says which; then the check passes', () => {
    ensureBuilt();
    copyFileSync(sample('diff/tool-call.sse'), join(golden, 'same.sse'));
    copyFileSync(sample('diff/tool-call.sse'), join(golden, 'changed.sse'));
    const same = input('diff/tool-call-reordered-keys.sse', 'same.sse');
    const changed = input('diff/tool-call-changed-value.sse', 'changed.sse');
    const fresh = input('diff/tool-call.sse', 'fresh.sse');
    const before = readFileSync(join(golden, 'same.sse'));
    const update = runBin(['check', '--golden', golden, '--update-golden', same, changed, fresh]);
    expect(update.code).toBe(0);
    expect(update.stderr).toBe(
      [
        `respcat: unchanged ${join(golden, 'same.sse')} (equal to ${same})`,
        `respcat: updated ${join(golden, 'changed.sse')} (1 difference)`,
        `respcat: created ${join(golden, 'fresh.sse')}`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(golden, 'same.sse'))).toEqual(before);
    expect(readFileSync(join(golden, 'changed.sse'))).toEqual(readFileSync(changed));
    expect(readFileSync(join(golden, 'fresh.sse'))).toEqual(readFileSync(fresh));
    // No temporary file left behind.
    expect(readdirSync(golden).sort()).toEqual(['changed.sse', 'fresh.sse', 'same.sse']);
    const after = runBin(['check', '--golden', golden, same, changed, fresh]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('3 files checked, all passed');
  });

  test('--update-golden makes DIR when missing, and never copies an input that could not be read whole', async () => {
    const fresh = input('diff/tool-call.sse', 'fresh.sse');
    const missing = join(dir, 'new-golden');
    expect((await runCli(['check', '--golden', missing, '--update-golden', fresh])).code).toBe(0);
    expect(existsSync(join(missing, 'fresh.sse'))).toBe(true);
    const gone = join(dir, 'gone.sse');
    const result = await runCli(['check', '--golden', missing, '--update-golden', gone]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`respcat: ${gone}: no such file\n`);
    expect(existsSync(join(missing, 'gone.sse'))).toBe(false);
  });

  test('a golden that cannot be read: exit 3, named on stderr, and a failed file in the report (never "ok")', async () => {
    const calls = input('diff/tool-call.sse', 'calls.sse');
    mkdirSync(join(golden, 'calls.sse'));
    const { code, stdout, stderr } = await runCli(['check', '--golden', golden, '--format', 'json', calls]);
    expect(code).toBe(3);
    expect(stderr).toBe(`respcat: ${join(golden, 'calls.sse')}: is a directory, not a file\n`);
    expect((JSON.parse(stdout) as CheckJson).files[0]?.diagnostics).toEqual([
      { severity: 'error', code: 'golden-mismatch', line: 1, message: `Could not read the golden: ${join(golden, 'calls.sse')}: is a directory, not a file` },
    ]);
    const text = await runCli(['check', '--golden', golden, calls]);
    expect(text.stdout).toContain(`${calls}: failed (1 error, 0 warnings)`);
    expect(text.stdout).not.toContain('all passed');
  });

  test('--update-golden into a DIR that cannot be made: exit 3, and the input fails in the report', async () => {
    const calls = input('diff/tool-call.sse', 'calls.sse');
    const notDir = join(dir, 'not-a-dir');
    writeFileSync(notDir, 'a file');
    const { code, stdout, stderr } = await runCli(['check', '--golden', notDir, '--update-golden', '--format', 'json', calls]);
    expect(code).toBe(3);
    expect(stderr).toBe(`respcat: ${notDir}: not a folder\n`);
    expect((JSON.parse(stdout) as CheckJson).files[0]?.diagnostics).toEqual([
      { severity: 'error', code: 'golden-mismatch', line: 1, message: `Could not write the golden: ${notDir}: not a folder` },
    ]);
    // Without --update-golden, a DIR that is a file holds no golden.
    const plain = await runCli(['check', '--golden', notDir, '--format', 'json', calls]);
    expect(plain.code).toBe(1);
    expect((JSON.parse(plain.stdout) as CheckJson).files[0]?.diagnostics.map((d) => d.message)).toEqual([
      `No golden ${JSON.stringify(join(notDir, 'calls.sse'))} to compare with (--update-golden creates it)`,
    ]);
  });

  test('finding codes only one side has are named with their counts', async () => {
    copyFileSync(sample('diff/tool-call.sse'), join(golden, 'cut.sse'));
    const cut = join(dir, 'cut.sse');
    const lines = readFileSync(sample('diff/tool-call.sse'), 'utf8').split('\n');
    // Cut before the terminal event: B has a missing-terminal-event the golden has not.
    writeFileSync(cut, `${lines.slice(0, lines.findIndex((line) => line.includes('response.completed'))).join('\n')}\n`);
    const { stdout } = await runCli(['check', '--golden', golden, '--format', 'json', cut]);
    const messages = (JSON.parse(stdout) as CheckJson).files[0]?.diagnostics.filter((d) => d.code === 'golden-mismatch').map((d) => d.message);
    expect(messages).toContain(`1 "missing-terminal-event" finding, none in golden ${JSON.stringify(join(golden, 'cut.sse'))}`);
  });

  test.each([
    [['check', '--update-golden', 'x.sse'], 'respcat: --update-golden needs --golden DIR\n'],
    [['check', '--golden', 'g', '-'], 'respcat: --golden compares each FILE with DIR/<its name>: stdin has no name, give FILE arguments\n'],
    [['check', '--golden', 'g', '--update-golden', 'a/x.sse', 'b/x.sse'], 'respcat: --update-golden: two inputs are named "x.sse", and they would share one golden\n'],
  ])('%j: a usage error, exit 2', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(stderr).toBe(message);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});
