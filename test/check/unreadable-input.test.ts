import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { runCli } from '../support/fake-io.js';
import { ROOT } from '../support/samples.js';

const missing = join(ROOT, 'samples', 'check', 'no-such-capture.sse');
const good = join(ROOT, 'samples', 'check', 'whole.sse');

describe('check: an input that cannot be read fails in every report format (docs/spec.md §5)', () => {
  test('text: the file is named failed and the totals never say all passed; exit 3', async () => {
    const { code, stdout, stderr } = await runCli(['check', missing, good]);
    expect(code).toBe(3);
    expect(stderr).toBe(`respcat: ${missing}: no such file\n`);
    expect(stdout).toContain(`${missing}: error: cannot be read: no such file\n${missing}: failed (1 error, 0 warnings)\n`);
    expect(stdout).not.toContain('all passed');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('2 files checked, 1 failed: 1 error, 0 warnings');
  });

  test('text with -q still names it', async () => {
    const { code, stdout } = await runCli(['check', '-q', missing]);
    expect(code).toBe(3);
    expect(stdout).toBe(`${missing}: error: cannot be read: no such file\n${missing}: failed (1 error, 0 warnings)\n\n1 file checked, 1 failed: 1 error, 0 warnings\n`);
  });

  test('json: the file carries its error and is counted', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'json', missing, good]);
    expect(code).toBe(3);
    const report = JSON.parse(stdout) as { files: { file: string; error?: string; errors: number }[]; errors: number };
    expect(report.files.map((f) => [f.file, f.error, f.errors])).toEqual([
      [missing, 'cannot be read: no such file', 1],
      [good, undefined, 0],
    ]);
    expect(report.errors).toBe(1);
  });

  test('junit: an errored testcase for it, counted in the suite and the root', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'junit', missing, good]);
    expect(code).toBe(3);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(stdout) as {
      testsuites: { errors: string; testsuite: { name: string; errors: string; testcase: { name: string; error?: { message: string } }[] }[] };
    };
    expect(xml.testsuites.errors).toBe('1');
    const [unread, ok] = xml.testsuites.testsuite;
    expect([unread?.name, unread?.errors, ok?.errors]).toEqual([missing, '1', '0']);
    expect(unread?.testcase.filter((t) => t.error !== undefined).map((t) => [t.name, t.error?.message])).toEqual([['read', 'cannot be read: no such file']]);
  });

  test('junit: the rules of a file not a byte of which was read are skipped, not passed', async () => {
    const { stdout } = await runCli(['check', '--format', 'junit', missing, good]);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(stdout) as {
      testsuites: { skipped: string; testsuite: { skipped: string; testcase: { name: string; error?: unknown; skipped?: { message: string } }[] }[] };
    };
    const [unread, ok] = xml.testsuites.testsuite;
    const rules = unread?.testcase.filter((t) => t.name !== 'read') ?? [];
    expect(rules.length).toBeGreaterThan(20);
    expect(rules.filter((t) => t.skipped?.message !== 'not read').map((t) => t.name)).toEqual([]);
    expect([xml.testsuites.skipped, unread?.skipped, ok?.skipped]).toEqual([String(rules.length), String(rules.length), '0']);
  });

  test('github: an ::error for it', async () => {
    const { code, stdout } = await runCli(['check', '--format', 'github', missing, good]);
    expect(code).toBe(3);
    expect(stdout.split('\n')).toContain(`::error file=${missing},title=unreadable-input::cannot be read: no such file`);
    expect(stdout).not.toContain('all passed');
  });
});
