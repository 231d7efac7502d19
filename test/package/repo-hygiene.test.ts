import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../support/samples.js';

/** Every file under `dir` (recursively) whose name ends with one of `endings`. */
function walk(dir: string, endings: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...walk(path, endings));
    else if (endings.some((ending) => name.endsWith(ending))) found.push(path);
  }
  return found;
}

const DEBUG_OUTPUT = /(^|\/)(node_trace\.\d+\.log|[^/]*\.cpuprofile|[^/]*\.heapsnapshot|isolate-[^/]*\.log)$/;

describe.runIf(existsSync(join(ROOT, '.git')))('the repository a newcomer clones', () => {
  test('holds no debugging output, and such files are ignored', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
    expect(tracked.filter((path) => DEBUG_OUTPUT.test(path))).toEqual([]);
    for (const name of ['node_trace.1.log', 'CPU.20261207.cpuprofile', 'Heap.heapsnapshot', 'isolate-0x1-1-v8.log']) {
      // git check-ignore exits 0 when the path is ignored.
      expect(() => execFileSync('git', ['check-ignore', '-q', name], { cwd: ROOT }), name).not.toThrow();
    }
  });
});

describe('the contract lives in the repo', () => {
  const spec = readFileSync(join(ROOT, 'docs', 'spec.md'), 'utf8');
  const sections = new Set([...spec.matchAll(/^## (\d+)\. /gm)].map((m) => Number(m[1])));
  const files = [join(ROOT, 'README.md'), ...walk(join(ROOT, 'docs'), ['.md']), ...walk(join(ROOT, 'src'), ['.ts']), ...walk(join(ROOT, 'test'), ['.ts'])].filter(
    (file) => !file.endsWith('repo-hygiene.test.ts'),
  );

  test('docs/spec.md has its numbered sections', () => {
    expect([...sections].sort((a, b) => a - b).slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('every § reference names docs/spec.md and a section it has; none points at the old shared SPEC', () => {
    const bad: string[] = [];
    for (const file of files) {
      const where = relative(ROOT, file);
      const text = readFileSync(file, 'utf8');
      if (/\bSPEC\b/.test(text)) bad.push(`${where}: names SPEC`);
      if (where === join('docs', 'spec.md')) continue;
      for (const match of text.matchAll(/§(\d+)/g)) {
        const before = text.slice(Math.max(0, (match.index ?? 0) - 40), match.index);
        // Another standard's sections (PNG §5.4, RFC 9110 §7.6.1, XML 1.0 §2.2) are not ours.
        if (/(PNG|RFC \d+|XML [\d.]+)\s*$/.test(before)) continue;
        // "docs/spec.md §3" or a list after it ("docs/spec.md §5, §6").
        if (!/(docs\/spec\.md|spec\.md\)?|§\d+,?|and)\s*$/.test(before)) bad.push(`${where}: §${match[1]} without docs/spec.md`);
        if (!sections.has(Number(match[1]))) bad.push(`${where}: §${match[1]} is no section of docs/spec.md`);
      }
    }
    expect(bad).toEqual([]);
  });
});
